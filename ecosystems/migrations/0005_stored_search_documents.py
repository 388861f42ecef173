"""The ecosystems' search documents become stored generated columns (PostgreSQL only), as in
clusters/migrations/0012_stored_search_documents."""

from django.db import migrations

from core.db_functions import stored_document_operations

# Frozen copies of pages.search's field lists (column, weight) at the time of this migration.
FIELDS = {
    "pl": (("name_pl", "A"), ("summary_pl", "B"), ("description_pl", "C")),
    "en": (("name_en", "A"), ("summary_en", "B"), ("description_en", "C")),
}


class Migration(migrations.Migration):
    dependencies = [("ecosystems", "0004_search_by_language")]

    operations = [
        migrations.RunPython(
            *stored_document_operations("ecosystems", "Ecosystem", "ecosystem", FIELDS)
        ),
    ]
