"""Search finds clusters by their English name and their aliases too: re-create the full-text index
with the new field list (PostgreSQL only; SQLite searches without indexes)."""

from django.db import migrations

from core.db_functions import index_operations

# Frozen copies of clusters.search's field list for clusters, before and after this migration.
OLD_CLUSTER_FIELDS = (("name", "A"), ("official_name", "A"), ("description", "B"))
CLUSTER_FIELDS = (
    ("name", "A"),
    ("official_name", "A"),
    ("english_name", "A"),
    ("aliases", "A"),
    ("description", "B"),
)

drop_old, restore_old = reversed(index_operations("clusters", "Cluster", "cluster", OLD_CLUSTER_FIELDS))


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0005_sources"),
    ]

    operations = [
        migrations.RunPython(drop_old, restore_old),
        migrations.RunPython(*index_operations("clusters", "Cluster", "cluster", CLUSTER_FIELDS)),
    ]
