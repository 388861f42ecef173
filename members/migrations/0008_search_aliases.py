"""Search finds organisations by their aliases ("UMCS", "UM Lublin"): re-create the full-text index
with the new field list (PostgreSQL only)."""

from django.db import migrations

from core.db_functions import index_operations

# Frozen copies of clusters.search's field list for organisations, before and after.
OLD_ORGANISATION_FIELDS = (("name", "A"), ("city", "B"), ("description", "C"))
ORGANISATION_FIELDS = (("name", "A"), ("aliases", "A"), ("city", "B"), ("description", "C"))

drop_old, restore_old = reversed(
    index_operations("members", "MemberOrganisation", "organisation", OLD_ORGANISATION_FIELDS)
)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_merge_city_office"),
    ]

    operations = [
        migrations.RunPython(drop_old, restore_old),
        migrations.RunPython(
            *index_operations("members", "MemberOrganisation", "organisation", ORGANISATION_FIELDS)
        ),
    ]
