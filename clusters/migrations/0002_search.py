"""Site search on PostgreSQL: unaccent and pg_trgm, the simple_unaccent text-search configuration,
the immutable unaccent wrapper, and the full-text and trigram indexes of clusters and specialisations.
Every step is a no-op on other databases (SQLite uses the fallback in pages.search)."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from core.db_functions import create_search_objects, drop_search_objects, index_operations

# Frozen copies of pages.search's field lists (field, weight) at the time of this migration.
CLUSTER_FIELDS = (("name", "A"), ("official_name", "A"), ("description", "B"))
SPECIALISATION_FIELDS = (("name", "A"), ("description", "B"))


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_search_objects, drop_search_objects),
        migrations.RunPython(*index_operations("clusters", "Cluster", "cluster", CLUSTER_FIELDS)),
        migrations.RunPython(
            *index_operations("clusters", "Specialisation", "specialisation", SPECIALISATION_FIELDS)
        ),
    ]
