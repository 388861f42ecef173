"""The organisations' search documents become stored generated columns (PostgreSQL only), as in
clusters/migrations/0011_stored_search_documents."""

from django.db import migrations

from core.db_functions import stored_document_operations

# Frozen copies of pages.search's field lists (column, weight) at the time of this migration.
FIELDS = {
    "pl": (("name_pl", "A"), ("aliases", "A"), ("city", "B"), ("description_pl", "C")),
    "en": (("name_en", "A"), ("description_en", "C")),
}


class Migration(migrations.Migration):
    dependencies = [("members", "0011_sort_indexes")]

    operations = [
        migrations.RunPython(
            *stored_document_operations("members", "MemberOrganisation", "organisation", FIELDS)
        ),
    ]
