"""The organisations counted by place through their towns (members.place_counts): the numbers of
the plain grouped query, and read from the organisation_facets index (members/0015)."""

import itertools

import pytest
from django.db import connection
from django.db.models import Count

from members.models import MemberOrganisation
from members.place_counts import group_rows_by_place
from tests.factories import ClusterFactory, MemberOrganisationFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

OWN = ("organisation_type", "voivodeship", "country")


@pytest.fixture
def organisations():
    towns = [
        ("Lublin", "lubelskie", "PL"),
        ("LUBLIN", "lubelskie", "PL"),
        ("Puławy", "lubelskie", "PL"),
        ("", "lubelskie", "PL"),
        ("Kraków", "malopolskie", "PL"),
        ("Berlin", "", "DE"),
        ("", "", ""),
    ]
    for number, (city, voivodeship, country) in enumerate(towns * 3):
        MemberOrganisationFactory(
            organisation_type=["enterprise", "hospital", ""][number % 3],
            city=city,
            voivodeship=voivodeship,
            country=country,
        )
    hidden = MemberOrganisationFactory(city="Lublin", voivodeship="lubelskie", country="PL")
    MembershipFactory(organisation=hidden, cluster=ClusterFactory(published=False))


def plainly(rows, lookups):
    return sorted(rows.order_by().values_list(*lookups).annotate(n=Count("pk")))


@pytest.mark.parametrize(
    "lookups",
    [
        list(chosen)
        for size in (1, 2, 3)
        for others in itertools.combinations(OWN, size - 1)
        for chosen in itertools.permutations(("place", *others))
    ],
    ids=lambda lookups: "+".join(lookups),
)
def test_the_counts_are_the_grouped_querys(organisations, lookups):
    rows = MemberOrganisation.objects.public_counted().with_place()
    assert sorted(group_rows_by_place(rows, lookups)) == plainly(rows, lookups)
    narrowed = rows.filter(organisation_type="hospital")
    assert sorted(group_rows_by_place(narrowed, lookups)) == plainly(narrowed, lookups)


def test_the_unfiltered_counts_read_the_facets_index_in_order(organisations):
    rows = MemberOrganisation.objects.public_counted().with_place()
    lookups = ["organisation_type", "place", "voivodeship"]
    with connection.cursor() as cursor:
        # a test's table is tiny: price the table and sorting out, so the plan says whether the
        # index can give the rows in their groups' order
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_hashagg = off")
    captured = []

    def explain(execute, sql, params, many, context):
        return execute(f"EXPLAIN {sql}", params, many, context)

    with connection.execute_wrapper(explain):
        captured = group_rows_by_place(rows, lookups)
    plan = "\n".join(row[0] for row in captured)
    assert "Index Only Scan using organisation_facets" in plan, plan
    assert "GroupAggregate" in plan, plan
