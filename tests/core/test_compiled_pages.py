"""A page of a listing's rows is read with SQL compiled on the first request of its question and
kept in the process (core.compiled_pages): the page is the one the ORM gives, its rows are read
anew on every request, and an edit makes the next request compile again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Cluster, PartnerCountry, Tie
from clusters.views.listing import ClusterQuery
from core import compiled_pages
from core.data_version import bump_data_version
from core.listing.views import FilteredListView, FilteredQuery
from members.models import MembershipRole
from tests.factories import (
    ActivityEvidenceFactory,
    ClusterFactory,
    EcosystemFactory,
    MemberReportFactory,
    MembershipFactory,
    PartnerCountryFactory,
    SpecialisationFactory,
)

pytestmark = pytest.mark.django_db

CLUSTERS = reverse("clusters:list")
ORGANISATIONS = reverse("members:list")


@pytest.fixture
def directory():
    hydrogen = SpecialisationFactory(name="Wodór", slug="wodor")
    ecosystem = EcosystemFactory()
    for number in range(7):
        cluster = ClusterFactory(
            name=f"Klaster {number}", ecosystem=ecosystem if number % 2 else None
        )
        MemberReportFactory(cluster=cluster, total=number * 7 % 5 + 1, as_of_year=2021)
        ActivityEvidenceFactory(cluster=cluster)
        if number % 3:
            cluster.specialisations.add(hydrogen)
        for member in range(number % 4):
            MembershipFactory(
                cluster=cluster,
                organisation__name=f"Firma {number}{member}",
                organisation__city="Lublin" if member % 2 else "Puławy",
                role=MembershipRole.FOUNDER if member else MembershipRole.MEMBER,
            )


QUESTIONS = [
    CLUSTERS,
    f"{CLUSTERS}?sort=-members",
    f"{CLUSTERS}?specialisation=wodor&sort=founded",
    f"{CLUSTERS}?specialisation=wodor&status=active",  # no cluster: no query at all
    f"{ORGANISATIONS}?sort=city",
    f"{ORGANISATIONS}?q=firma+1",
    f"{ORGANISATIONS}?cluster=Nieznany",
    "/en/clusters/?sort=-members",
    "/en/organisations/",
    "/specjalizacje/?specialisation=wodor",
    "/specjalizacje/wodor/",  # its first clusters and organisations (core.bounded.preview)
]


@pytest.fixture
def compiled(monkeypatch):
    """The questions compiled (and kept) since the test began."""
    made = []

    class Counted(compiled_pages._KeptPage):
        def __init__(self, queryset):
            made.append(queryset.model)
            super().__init__(queryset)

    monkeypatch.setattr(compiled_pages, "_KeptPage", Counted)
    return made


def shows_what_the_orm_shows(client, monkeypatch, compiled, url):
    """The page from the kept SQL is the ORM's: the same HTML, and no query more (a related row
    ``select_related`` reads, left unset, would be read by a query per row)."""
    first = client.get(url)
    assert compiled  # its SQL was kept...
    kept_so_far = len(compiled)
    with CaptureQueriesContext(connection) as kept_queries:
        again = client.get(url)
    assert len(compiled) == kept_so_far  # ... and ran again, not compiled again
    monkeypatch.setattr(FilteredQuery, "page_sql_key", lambda self: None)
    with CaptureQueriesContext(connection) as orm_queries:
        by_the_orm = client.get(url)

    assert first.status_code == again.status_code == by_the_orm.status_code == 200
    assert again.content == first.content
    assert again.content == by_the_orm.content
    assert len(kept_queries) <= len(orm_queries)


@pytest.mark.parametrize("url", QUESTIONS)
def test_a_kept_question_shows_the_page_the_orm_shows(
    client, listing_caches_on, directory, monkeypatch, compiled, url
):
    shows_what_the_orm_shows(client, monkeypatch, compiled, url)


@pytest.mark.parametrize(
    "url",
    [
        f"{CLUSTERS}?page=3",  # its ids first (ids_first_from), then its rows
        f"{CLUSTERS}?page=2&sort=-members",  # its rows at once
        f"{ORGANISATIONS}?page=4",
        f"{ORGANISATIONS}?page=2",
    ],
)
def test_a_kept_deep_page_shows_the_page_the_orm_shows(
    client, listing_caches_on, directory, monkeypatch, compiled, url
):
    monkeypatch.setattr(FilteredListView, "paginate_by", 2)
    monkeypatch.setattr(ClusterQuery, "ids_first_from", 4)
    shows_what_the_orm_shows(client, monkeypatch, compiled, url)


def test_a_question_is_compiled_once_and_its_rows_read_every_time(
    client, listing_caches_on, directory, monkeypatch
):
    built = []
    original = ClusterQuery.get_results

    def get_results(self):
        built.append(1)
        return original(self)

    monkeypatch.setattr(ClusterQuery, "get_results", get_results)
    assert "Klaster 1" in client.get(CLUSTERS).content.decode()
    Cluster.objects.filter(name_pl="Klaster 1").update(name_pl="Klaster Przemianowany")
    html = client.get(CLUSTERS).content.decode()

    assert built == [1]  # the second request ran the kept SQL
    assert "Klaster Przemianowany" in html  # ... and read the rows again
    assert "Klaster 1<" not in html


def test_an_edit_has_the_next_request_compile_its_question_again(
    client, listing_caches_on, directory, compiled
):
    client.get(CLUSTERS)
    client.get(CLUSTERS)
    assert len(compiled) == 1

    bump_data_version()
    client.get(CLUSTERS)

    assert len(compiled) == 2
    assert len(compiled_pages._threads.kept) == 1  # the old version's SQL forgotten


def test_only_the_latest_questions_are_kept(client, listing_caches_on, directory, monkeypatch):
    monkeypatch.setattr(compiled_pages, "KEPT_QUESTIONS", 3)
    for sort in ("-name", "founded", "-founded", "-members"):
        assert client.get(f"{CLUSTERS}?sort={sort}").status_code == 200

    assert len(compiled_pages._threads.kept) == 3


def test_parameters_no_filter_reads_are_not_a_question_of_their_own(
    client, listing_caches_on, directory, compiled
):
    client.get(f"{CLUSTERS}?sort=-members")
    client.get(f"{CLUSTERS}?sort=-members&utm_source=newsletter&fbclid=x")

    assert len(compiled) == 1


def test_each_specialisations_page_is_a_question_of_its_own(client, listing_caches_on):
    for name in ("Wodór", "Drewno"):
        specialisation = SpecialisationFactory(name=name, slug=name.lower().replace("ó", "o"))
        ClusterFactory(name=f"Klaster {name}").specialisations.add(specialisation)
        MembershipFactory(
            cluster__name=f"Klaster {name} 2", organisation__name=f"Firma {name}"
        ).organisation.specialisations.add(specialisation)

    hydrogen = client.get("/specjalizacje/wodor/").content.decode()
    wood = client.get("/specjalizacje/drewno/").content.decode()

    assert "Klaster Wodór" in hydrogen and "Firma Wodór" in hydrogen
    assert "Klaster Drewno" not in hydrogen and "Firma Drewno" not in hydrogen
    assert "Klaster Drewno" in wood and "Firma Drewno" in wood
    assert "Klaster Wodór" not in wood and "Firma Wodór" not in wood


@pytest.mark.parametrize(("url", "named"), [("/kraje/", "Klaster"), ("/en/countries/", "Cluster")])
def test_the_partner_countries_kept_ties_are_those_the_orm_finds(
    client, listing_caches_on, settings, compiled, url, named
):
    """The first ties of each country: a window over the ties, its SQL kept as a tuple query."""
    for number, country in enumerate(["DE", "FR", "UA", "DE", "LT", "DE"]):
        cluster = ClusterFactory(name=f"Klaster {number}", name_en=f"Cluster {number}")
        PartnerCountryFactory(cluster=cluster, country=country, tie=Tie.values[number % 3])

    first, again = client.get(url), client.get(url)
    assert len(compiled) == 1  # kept by the first request, run by the second
    settings.LISTING_COUNT_SECONDS = 0  # no data version: nothing kept, the ORM asks
    by_the_orm = client.get(url)

    assert first.status_code == again.status_code == by_the_orm.status_code == 200
    assert again.content == first.content == by_the_orm.content
    assert all(f"{named} {number}" in again.content.decode() for number in range(6))


def test_a_distinct_query_ordered_by_a_column_it_does_not_show_gives_its_own_columns(
    listing_caches_on,
):
    """DISTINCT selects the columns it is ordered by too; Django cuts them off its rows, and so
    does the kept SQL."""
    for number, country in enumerate(["DE", "FR", "DE"]):
        PartnerCountryFactory(cluster=ClusterFactory(slug=f"klaster-{number}"), country=country)

    def build():
        return PartnerCountry.objects.values_list("country").distinct().order_by("cluster__slug")

    key = compiled_pages.page_key("v1", "countries by cluster")
    found = compiled_pages.page_rows(key, lambda: build()[:5])  # compiled and kept
    again = compiled_pages.page_rows(key, lambda: build()[:5])  # from the kept SQL

    assert found == again == list(build()[:5]) == [("DE",), ("FR",), ("DE",)]
