"""The organisation's names copied on its memberships (members.name_copies), written here once for
the rows there are, and the index of a cluster's memberships by those names (PostgreSQL only)."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from core.db_functions import name_order_indexes, postgresql_indexes


def copy_names(apps, schema_editor):
    # The copy as members.name_copies writes it, on the historical models.
    own = apps.get_model("members", "MemberOrganisation").objects.filter(
        pk=OuterRef("organisation_id")
    )
    apps.get_model("members", "Membership").objects.update(
        **{
            f"organisation_name_{code}": Coalesce(Subquery(own.values(f"name_{code}")), Value(""))
            for code in ("pl", "en")
        }
    )


def cluster_member_indexes():
    # A cluster's memberships by their organisation's name in the Polish alphabet, then the
    # organisation, one index per language (pages.first_organisations.first_members reads its
    # first ones from it). Written here, not imported, so that what this migration builds never
    # changes with the code.
    return name_order_indexes(
        "membership_name",
        field="organisation_name",
        leading=(F("cluster"),),
        trailing=(F("organisation"),),
    )


add_indexes, drop_indexes = postgresql_indexes("members", "Membership", cluster_member_indexes)


class Migration(migrations.Migration):
    dependencies = [("members", "0020_organisation_listed")]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="organisation_name_pl",
            field=models.CharField(db_default="", default="", editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="membership",
            name="organisation_name_en",
            field=models.CharField(db_default="", default="", editable=False, max_length=300),
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop),
        migrations.RunPython(add_indexes, drop_indexes),
    ]
