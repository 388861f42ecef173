"""The index the unfiltered listing's counts read (members.place_counts), PostgreSQL only: the
organisations' type, voivodeship, country and town, and the id (the hidden organisations are left
out by id), so that the counts are an index-only scan in the order they are grouped in."""

from django.db import migrations, models

from core.db_functions import postgresql_indexes


def facets_index():
    # frozen here: members.place_counts groups on these columns, in this order
    return [
        models.Index(
            fields=["organisation_type", "voivodeship", "country", "city"],
            include=["id"],
            name="organisation_facets",
        )
    ]


class Migration(migrations.Migration):
    dependencies = [("members", "0014_updated_at_index")]

    operations = [
        migrations.RunPython(*postgresql_indexes("members", "MemberOrganisation", facets_index)),
    ]
