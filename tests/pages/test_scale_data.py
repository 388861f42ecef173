"""generate_scale_data: tiny sizes here (the benchmark's 2,000 / 200,000 / 300,000 take a minute)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from clusters.models import (
    ActivityEvidence,
    Cluster,
    Event,
    MemberReport,
    PartnerCountry,
    Source,
    Specialisation,
)
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation, Membership, MembershipRole
from pages import scale_data
from pages.scale_data import PREFIX, Sizes

TINY = {"clusters": 12, "organisations": 60, "memberships": 150, "specialisations": 20}


def generate(seed=3, **sizes):
    call_command("generate_scale_data", seed=seed, verbosity=0, **(TINY | sizes))


def snapshot():
    """What the generated data says, by slugs and names (primary keys differ between runs)."""
    return {
        "clusters": sorted(
            Cluster.objects.filter(slug__startswith=PREFIX).values_list(
                "slug", "name", "name_en", "published", "ecosystem__slug", "founded_year"
            ),
            key=repr,
        ),
        "organisations": sorted(
            MemberOrganisation.objects.filter(slug__startswith=PREFIX).values_list(
                "slug", "name", "city", "voivodeship", "country", "organisation_type"
            ),
            key=repr,
        ),
        "memberships": sorted(
            Membership.objects.values_list("cluster__slug", "organisation__slug", "role")
        ),
        "partners": sorted(
            PartnerCountry.objects.values_list("cluster__slug", "country", "tie"), key=repr
        ),
        "specialisations": sorted(
            Specialisation.objects.values_list("slug", "sector__slug", "organisations__slug"),
            key=repr,
        ),
    }


def real_rows():
    """Every real row of the tables the generator writes to, all fields."""
    return {
        model.__name__: sorted(
            model.objects.exclude(**{f"{path}__startswith": PREFIX}).values_list(), key=repr
        )
        for model, path in (
            (Cluster, "slug"),
            (MemberOrganisation, "slug"),
            (Membership, "cluster__slug"),
            (Specialisation, "slug"),
            (Ecosystem, "slug"),
            (Source, "slug"),
            (MemberReport, "cluster__slug"),
            (PartnerCountry, "cluster__slug"),
        )
    }


@pytest.mark.django_db
def test_generates_the_sizes_asked_for_with_every_constraint_holding():
    generate()
    assert Cluster.objects.count() == 12
    assert MemberOrganisation.objects.count() == 60
    assert Membership.objects.count() == 150
    assert Specialisation.objects.count() == 20
    for model in (Cluster, MemberOrganisation, Membership, MemberReport, ActivityEvidence, Event):
        for row in model.objects.all():
            try:
                row.validate_constraints()
            except ValidationError as error:  # pragma: no cover - the message says which row
                pytest.fail(f"{model.__name__} {row.pk}: {error}")
    assert all(slug.startswith(PREFIX) for slug in Cluster.objects.values_list("slug", flat=True))
    # Skewed: the biggest cluster has several times the members of the median one, and is public.
    sizes = sorted(
        (Membership.objects.filter(cluster=c).count(), c.published) for c in Cluster.objects.all()
    )
    assert sizes[-1][0] >= 3 * sizes[len(sizes) // 2][0]
    assert sizes[-1][1] is True
    # Each cluster has one coordinator, and reports, partner countries and specialisations exist.
    assert Membership.objects.filter(role=MembershipRole.COORDINATOR).count() == 12
    assert MemberReport.objects.exists() and PartnerCountry.objects.exists()
    assert Cluster.specialisations.through.objects.exists()


@pytest.mark.django_db
def test_the_pages_show_generated_rows():
    generate()
    cluster = max(Cluster.objects.all(), key=lambda c: c.memberships.count())
    organisation = cluster.memberships.first().organisation
    client = Client()
    page = client.get(cluster.get_absolute_url())
    assert page.status_code == 200
    assert cluster.name in page.content.decode()
    assert organisation.name in client.get(organisation.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    generate(seed=5)
    first = snapshot()
    call_command("generate_scale_data", replace=True, seed=5, verbosity=0, **TINY)
    assert snapshot() == first
    call_command("generate_scale_data", replace=True, seed=6, verbosity=0, **TINY)
    assert snapshot()["organisations"] != first["organisations"]


@pytest.mark.django_db
def test_delete_removes_generated_rows_and_leaves_real_ones(real_data):
    before = real_rows()
    generate()
    assert Cluster.objects.count() == 12 + len(before["Cluster"])
    assert real_rows() == before
    call_command("generate_scale_data", delete=True, verbosity=0)
    assert real_rows() == before
    assert not Cluster.objects.filter(slug__startswith=PREFIX).exists()
    assert not MemberOrganisation.objects.filter(slug__startswith=PREFIX).exists()
    assert Membership.objects.count() == len(before["Membership"])
    assert Specialisation.objects.count() == len(before["Specialisation"])


@pytest.mark.django_db
def test_refuses_a_second_run_and_impossible_sizes():
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    with pytest.raises(CommandError, match="more memberships"):
        call_command(
            "generate_scale_data", replace=True, clusters=2, organisations=3, memberships=7
        )


@pytest.mark.django_db
def test_refuses_a_database_that_looks_like_production(monkeypatch, settings):
    settings.DEBUG = False
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setitem(connection.settings_dict, "NAME", "klastry")
    with pytest.raises(CommandError, match="looks like production"):
        generate()
    monkeypatch.setitem(connection.settings_dict, "NAME", "klastry_scale")
    assert not scale_data.looks_like_production()
    monkeypatch.undo()
    assert not Cluster.objects.exists()


def test_sizes_fall_off_and_add_up():
    sizes = scale_data._weights_to_sizes(300, 20, cap=40)
    assert sum(sizes) == 300
    assert max(sizes) == 40 and min(sizes) >= 1
    assert sizes == sorted(sizes, reverse=True)
    assert Sizes(clusters=2, organisations=3, memberships=7).problems()
