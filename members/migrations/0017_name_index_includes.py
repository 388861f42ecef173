"""The organisations' name indexes (``organisation_name_pl``/``_en``, migration 0011) carry the
columns a cluster's profile needs to find its first organisations by name without reading the
table (``pages.first_organisations``): the biggest cluster's page walks ~1,800 organisations of the
index to find its first 50, each a visit to the table until now. The Polish index is on a column,
so the id is enough; the English one is on an expression, which PostgreSQL answers from the index
only when it also holds the columns the expression reads. PostgreSQL only."""

from django.db import migrations

from core.db_functions import name_order_indexes, postgresql_indexes

# frozen here: what the walk in pages.first_organisations reads, per language
INCLUDE = {"pl": ["id"], "en": ["id", "name_pl", "name_en"]}


def plain():
    return name_order_indexes("organisation_name")


def with_includes():
    return name_order_indexes("organisation_name", include=INCLUDE)


def _swap(old, new):
    add_new, _drop_new = postgresql_indexes("members", "MemberOrganisation", new)
    _add_old, drop_old = postgresql_indexes("members", "MemberOrganisation", old)

    def swap(apps, schema_editor):
        drop_old(apps, schema_editor)
        add_new(apps, schema_editor)

    return swap


class Migration(migrations.Migration):
    dependencies = [("members", "0016_membership_cluster_role")]

    operations = [
        migrations.RunPython(_swap(plain, with_includes), _swap(with_includes, plain)),
    ]
