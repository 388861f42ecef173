"""Every whitelisted sort of the paginated listings has an index on exactly its ORDER BY expression
(members/0011, clusters/0011): with sequential scans and sorts priced out, PostgreSQL reads the
page from that index, which it can only do when the expressions match (collation included)."""

import pytest
from django.db import connection
from django.utils import translation

from clusters.models import Cluster
from clusters.views.listing import CLUSTER_SORTS
from members.models import MemberOrganisation, Membership, OrganisationType
from members.ordering import SORTS
from tests.factories import ClusterFactory, EcosystemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def plan(queryset):
    with connection.cursor() as cursor:
        # a table of a test is tiny: price the alternatives out, so the plan says whether an
        # index can give this order at all
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
    return queryset.explain()


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize(
    ("key", "index"),
    [("name", "organisation_name"), ("-name", "organisation_name"), ("city", "organisation_town")],
)
def test_each_organisation_sort_reads_its_index(language, key, index):
    with translation.override(language):
        queryset = MemberOrganisation.objects.public().order_by(*SORTS[key][1])[:25]
        explained = plan(queryset)
    assert f"Index Scan{' Backward' if key.startswith('-') else ''} using {index}_{language}" in (
        explained
    ), explained
    assert "Sort Key" not in explained


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("key", ["name", "-name"])
def test_the_cluster_name_sorts_read_their_index(language, key):
    with translation.override(language):
        explained = plan(Cluster.objects.public().order_by(*CLUSTER_SORTS[key][1])[:25])
    assert f"using cluster_name_{language}" in explained, explained
    assert "Sort Key" not in explained


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("place", ["lublin", "region", "elsewhere", "unknown"])
def test_the_town_sort_within_a_place_reads_its_index(language, place):
    # /czlonkowie/?place=lublin&sort=city: the place is the index's first expression, so the page
    # starts at Lublin's first town instead of walking past every earlier town (members/0013)
    with translation.override(language):
        queryset = (
            MemberOrganisation.objects.public()
            .with_place()
            .filter(place=place)
            .order_by(*SORTS["city"][1])[:25]
        )
        explained = plan(queryset)
    assert f"Index Scan using organisation_place_town_{language}" in explained, explained
    assert "Index Cond" in explained, explained
    assert "Sort Key" not in explained


@pytest.mark.parametrize("place", ["lublin", "region", "elsewhere", "unknown"])
def test_the_organisations_of_a_type_and_place_are_found_from_their_index_alone(place):
    # /czlonkowie/?type=enterprise&place=lublin and its facets: the type and the place (a CASE
    # over the town, voivodeship and country) are read from organisation_type_place (members/0018),
    # which holds what the place is worked out from, instead of working it out for every
    # organisation of the type
    queryset = (
        MemberOrganisation.objects.with_place()
        .filter(organisation_type=OrganisationType.ENTERPRISE, place=place)
        .order_by()
        .values("pk")
    )
    explained = plan(queryset)
    assert "Index Only Scan using organisation_type_place" in explained, explained
    assert "Filter" not in explained, explained  # both conditions are the index's


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_big_ecosystems_first_organisations_are_read_from_the_name_index_alone(language):
    # pages.first_organisations walks the name index and looks each organisation up among the
    # ecosystem's, read once into a hash: the index carries what the walk reads (members/0017), so
    # no organisation row is visited, and no membership is probed per organisation
    from pages.first_organisations import first_of

    ecosystem = EcosystemFactory()
    memberships = Membership.objects.filter(cluster__ecosystem=ecosystem)
    with translation.override(language):
        explained = plan(first_of(memberships, 51, walk=True))
    assert f"Index Only Scan using organisation_name_{language}" in explained, explained
    assert "hashed SubPlan" in explained, explained


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_clusters_first_members_are_read_in_order_from_its_memberships_index(language):
    # the organisation's names copied on its memberships (members/0021): the first ones of a
    # cluster of any size are the first entries of one index, none sorted
    from pages.first_organisations import first_members

    with translation.override(language):
        explained = plan(first_members(ClusterFactory(), 51))
    assert f"Index Scan using membership_name_{language}" in explained, explained
    assert "Index Cond: (cluster_id =" in explained, explained
    assert "Sort" not in explained, explained
