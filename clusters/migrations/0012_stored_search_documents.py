"""The search documents of clusters and specialisations become stored generated columns
(PostgreSQL only): ranking read the document of every match by rebuilding it from the text, which
made `/szukaj/` cost 330 ms at 200,000 organisations. See core.db_functions.stored_document_operations."""

from django.db import migrations

from core.db_functions import stored_document_operations

# Frozen copies of pages.search's field lists (column, weight) at the time of this migration.
CLUSTER_FIELDS = {
    "pl": (("name_pl", "A"), ("official_name_pl", "A"), ("aliases", "A"), ("description_pl", "B")),
    "en": (("name_en", "A"), ("official_name_en", "A"), ("description_en", "B")),
}
SPECIALISATION_FIELDS = {
    "pl": (("name_pl", "A"), ("description_pl", "B")),
    "en": (("name_en", "A"), ("description_en", "B")),
}


class Migration(migrations.Migration):
    dependencies = [("clusters", "0011_sort_indexes")]

    operations = [
        migrations.RunPython(
            *stored_document_operations("clusters", "Cluster", "cluster", CLUSTER_FIELDS)
        ),
        migrations.RunPython(
            *stored_document_operations(
                "clusters", "Specialisation", "specialisation", SPECIALISATION_FIELDS
            )
        ),
    ]
