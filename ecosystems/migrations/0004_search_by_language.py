"""Site search per language (PostgreSQL only), as clusters/migrations/0006_search_by_language."""

from django.db import migrations

from core.db_functions import ENGLISH_SEARCH_CONFIG, index_operations

# Frozen copies of pages.search's field list (column, weight) at the time of this migration.
OLD_FIELDS = (("name", "A"), ("summary", "B"), ("description", "C"))
FIELDS_PL = (("name_pl", "A"), ("summary_pl", "B"), ("description_pl", "C"))
FIELDS_EN = (("name_en", "A"), ("summary_en", "B"), ("description_en", "C"))


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0009_search_by_language"),
        ("ecosystems", "0003_english_content_fields"),
    ]

    operations = [
        migrations.RunPython(
            *index_operations("ecosystems", "Ecosystem", "ecosystem", OLD_FIELDS, remove=True)
        ),
        migrations.RunPython(
            *index_operations("ecosystems", "Ecosystem", "ecosystem", FIELDS_PL, name_field="name_pl")
        ),
        migrations.RunPython(
            *index_operations(
                "ecosystems",
                "Ecosystem",
                "ecosystem",
                FIELDS_EN,
                config=ENGLISH_SEARCH_CONFIG,
                name_field="name_en",
                suffix="_en",
            )
        ),
    ]
