"""A cluster's newest evidence by index (with_latest_evidence), and indexes on the expressions
/klastry/ sorts its names by, per language (PostgreSQL only)."""

from django.db import migrations, models

from core.db_functions import name_order_indexes, postgresql_indexes


def name_indexes():
    return name_order_indexes("cluster_name")


class Migration(migrations.Migration):

    dependencies = [
        ('clusters', '0010_english_notes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='activityevidence',
            index=models.Index(fields=['cluster', '-date'], name='evidence_newest_first'),
        ),
        migrations.RunPython(*postgresql_indexes("clusters", "Cluster", name_indexes)),
    ]
