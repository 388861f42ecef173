"""Data only (PostgreSQL refuses schema changes in a transaction with pending row triggers)."""

from django.db import migrations

CITY_OFFICE = "urzad-miasta-lublin"
MUNICIPALITY = "gmina-lublin"


def merge_municipality_into_city_office(apps, schema_editor):
    """One record for the city: the city office acts for the municipality (Gmina Lublin).

    Earlier fixtures listed both; the municipality's memberships move to the office (a role the
    office already holds in that cluster is not doubled) and its name becomes an alias.
    """
    MemberOrganisation = apps.get_model("members", "MemberOrganisation")
    Membership = apps.get_model("members", "Membership")
    municipality = MemberOrganisation.objects.filter(slug=MUNICIPALITY).first()
    office = MemberOrganisation.objects.filter(slug=CITY_OFFICE).first()
    if municipality is None or office is None:
        return
    for membership in Membership.objects.filter(organisation=municipality):
        held = Membership.objects.filter(
            organisation=office, cluster_id=membership.cluster_id, role=membership.role
        )
        if held.exists():
            membership.delete()
        else:
            membership.organisation = office
            membership.save(update_fields=["organisation"])
    municipality.delete()
    office.aliases = "Gmina Lublin"
    office.save(update_fields=["aliases"])


# FACTS-more found no source naming a coordinator of the two clusters the region started in 2023 (the
# letters of intent name five signatories); earlier fixtures had made the region their coordinator.
UNCONFIRMED_COORDINATIONS = (
    ("wojewodztwo-lubelskie", "lubelski-klaster-gospodarki-obiegu-zamknietego"),
    ("wojewodztwo-lubelskie", "lubelski-klaster-wodorowy"),
)


def drop_unconfirmed_coordinations(apps, schema_editor):
    Membership = apps.get_model("members", "Membership")
    for organisation, cluster in UNCONFIRMED_COORDINATIONS:
        Membership.objects.filter(
            organisation__slug=organisation, cluster__slug=cluster, role="coordinator"
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_aliases_and_sources"),
    ]

    operations = [
        migrations.RunPython(merge_municipality_into_city_office, migrations.RunPython.noop),
        migrations.RunPython(drop_unconfirmed_coordinations, migrations.RunPython.noop),
    ]
