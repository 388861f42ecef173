"""Full-text and trigram indexes of ecosystems for the site search (PostgreSQL only)."""

from django.db import migrations

from core.db_functions import index_operations

# A frozen copy of pages.search's field list (field, weight) for ecosystems.
ECOSYSTEM_FIELDS = (("name", "A"), ("summary", "B"), ("description", "C"))


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0002_search"),
        ("ecosystems", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            *index_operations("ecosystems", "Ecosystem", "ecosystem", ECOSYSTEM_FIELDS)
        ),
    ]
