"""/czlonkowie/ stays bounded as the catalogue grows: the cluster filter is a text field (not a list
of every cluster), facet counts come from grouped queries that give what counting row by row gives,
and the number of queries does not grow with the rows."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import MemberOrganisation, OrganisationType, Voivodeship
from members.views import CLUSTER_HINTS
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    SpecialisationFactory,
)
from tests.page_text import visible_text

pytestmark = pytest.mark.django_db

URL = reverse("members:list")


def test_many_clusters_are_not_sent_as_options_with_every_page(client):
    ClusterFactory.create_batch(CLUSTER_HINTS + 240)  # 300 clusters
    MembershipFactory.create_batch(3)
    html = client.get(URL).content.decode()
    assert 'name="cluster"' in html
    assert "<datalist" not in html
    assert html.count("<option") < 60  # the sort and voivodeship selects only
    assert len(html.encode()) < 100_000


def test_a_few_clusters_are_suggested_in_a_datalist(client):
    ClusterFactory(name="Klaster Lubelska Medycyna")
    ClusterFactory(name="Klaster w przygotowaniu", published=False)
    html = client.get(URL).content.decode()
    assert 'list="cluster-names"' in html
    assert '<option value="Klaster Lubelska Medycyna">' in html
    assert "Klaster w przygotowaniu" not in html


def test_an_unknown_cluster_name_is_a_clear_empty_state(client):
    MembershipFactory(cluster=ClusterFactory(name="Klaster Lubelska Medycyna"))
    response = client.get(f"{URL}?cluster=Atlantyda")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Liczba organizacji: 0" in text
    assert "Żaden klaster w katalogu nie pasuje do nazwy „Atlantyda”." in text
    assert "Klaster: Atlantyda" in text  # the chip that removes it


def test_an_unpublished_cluster_is_not_found_by_name(client):
    hidden = ClusterFactory(name="Klaster Tajny", slug="tajny", published=False)
    MembershipFactory(cluster=hidden)
    for value in ("tajny", "Klaster Tajny"):
        text = visible_text(client.get(f"{URL}?cluster={value}"))
        assert "Liczba organizacji: 0" in text


def test_the_chip_of_a_cluster_chosen_by_its_address_shows_its_name(client):
    MembershipFactory(cluster=ClusterFactory(name="Lubelski Klaster Lotniczy", slug="lotniczy"))
    text = visible_text(client.get(f"{URL}?cluster=lotniczy"))
    assert "Klaster: Lubelski Klaster Lotniczy" in text
    assert "Liczba organizacji: 1" in text


def test_the_english_page_filters_by_cluster_too(client):
    MembershipFactory(cluster=ClusterFactory(name="Klaster Lubelska Medycyna"))
    response = client.get("/en/organisations/?cluster=Atlantis")
    assert response.status_code == 200
    assert "No cluster in the directory matches the name “Atlantis”." in visible_text(response)


@pytest.fixture
def mixed_catalogue():
    """Organisations in one, two or no clusters (one of them unpublished), with specialisations,
    types, towns and voivodeships varied, so every facet has values to count."""
    ecosystems = EcosystemFactory.create_batch(2)
    clusters = [
        ClusterFactory(ecosystem=ecosystems[0]),
        ClusterFactory(ecosystem=ecosystems[0]),
        ClusterFactory(ecosystem=ecosystems[1]),
        ClusterFactory(ecosystem=None),
        ClusterFactory(ecosystem=ecosystems[1], published=False),
    ]
    specialisations = SpecialisationFactory.create_batch(4)
    types = [*OrganisationType.values, ""]
    towns = [
        ("Lublin", "lubelskie"),
        ("Puławy", "lubelskie"),
        ("", "lubelskie"),
        ("Kraków", "malopolskie"),
        ("", ""),
    ]
    for n in range(36):
        city, voivodeship = towns[n % len(towns)]
        organisation = MemberOrganisationFactory(
            organisation_type=types[n % len(types)],
            city=city,
            voivodeship=voivodeship,
            country="PL" if voivodeship else "",
        )
        organisation.specialisations.set(specialisations[: n % 4])
        for cluster in {clusters[n % 5], clusters[(n * 7) % 5]} if n % 6 else ():
            MembershipFactory(organisation=organisation, cluster=cluster)
    # only in the unpublished cluster: hidden, with everything a facet would count
    hidden = MemberOrganisationFactory(city="Lublin", voivodeship="lubelskie", country="PL")
    hidden.specialisations.set(specialisations)
    MembershipFactory(organisation=hidden, cluster=clusters[4])
    return clusters


def counted_row_by_row(query=""):
    """What each facet's counts must be, computed in Python from the visible organisations."""
    from members.models import Place

    visible = [
        organisation
        for organisation in MemberOrganisation.objects.prefetch_related(
            "memberships__cluster__ecosystem", "specialisations"
        )
        if not organisation.memberships.all()
        or any(m.cluster.published for m in organisation.memberships.all())
    ]
    if query == "voivodeship=lubelskie":
        chosen = [o for o in visible if o.voivodeship == Voivodeship.LUBELSKIE]
    else:
        chosen = visible

    def place(o):
        if o.city.lower() == "lublin":
            return Place.LUBLIN
        if o.voivodeship == "lubelskie":
            return Place.UNKNOWN if not o.city else Place.REGION
        return Place.ELSEWHERE if o.voivodeship or o.country not in ("", "PL") else Place.UNKNOWN

    def ecosystems(o):
        return {
            m.cluster.ecosystem.slug
            for m in o.memberships.all()
            if m.cluster.published and m.cluster.ecosystem
        }

    return {
        "type": Counter(o.organisation_type for o in chosen if o.organisation_type),
        "place": Counter(place(o) for o in chosen),
        "voivodeship": Counter(o.voivodeship for o in visible if o.voivodeship),
        "ecosystem": Counter(slug for o in chosen for slug in ecosystems(o)),
        "specialisation": Counter(s.slug for o in chosen for s in o.specialisations.all()),
        "total": len(chosen),
    }


@pytest.mark.parametrize("kept", [False, True], ids=["caches off", "caches on"])
@pytest.mark.parametrize("query", ["", "voivodeship=lubelskie"])
def test_facet_counts_are_what_counting_row_by_row_gives(
    client, mixed_catalogue, settings, query, kept
):
    """With the listings' caches on, the ids a facet is grouped on are named from tables kept per
    data version; the organisations left out are the unlisted ones either way."""
    from django.core.cache import cache

    settings.LISTING_COUNT_SECONDS = 60 if kept else 0
    cache.clear()
    response = client.get(f"{URL}?{query}")
    expected = counted_row_by_row(query)
    for name, facet in response.context["facets"].items():
        counts = {option.value: option.count for option in facet.options if option.count}
        assert counts == dict(expected[name]), name
    assert response.context["result_count"] == expected["total"]
    cache.clear()


@pytest.mark.parametrize(
    ("query", "left_out"),
    [
        ("", True),
        ("type=enterprise&place=lublin", True),
        ("q=firma", False),
        ("q=firma&type=enterprise", False),
    ],
)
def test_a_facet_leaves_out_rows_without_a_value_unless_typed_text_is_chosen(
    client, mixed_catalogue, query, left_out
):
    # the memberships of clusters of no ecosystem are left out before the ecosystems are counted
    # (core.listing.facets.grouped_counts), but not when the filters match typed text, whose
    # rows PostgreSQL cannot estimate: there the extra condition led it into a nested loop
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{URL}?{query}").status_code == 200
    (facet,) = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "clusters_cluster"."ecosystem_id"')
    ]
    assert ('"clusters_cluster"."ecosystem_id" IS NOT NULL' in facet) is left_out, facet


def test_public_counted_is_public(mixed_catalogue):
    """The counts' condition (``listed_organisation``: not one of the few unlisted) finds the rows
    of ``public()`` (``listed``)."""
    found = set(MemberOrganisation.objects.public_counted())
    assert found == set(MemberOrganisation.objects.public())
    assert len(found) < MemberOrganisation.objects.count()
    assert MemberOrganisation.objects.public_counted().count() == len(found)


def test_counts_are_kept_until_the_data_changes(
    client, mixed_catalogue, settings, django_assert_max_num_queries, django_assert_num_queries
):
    settings.LISTING_COUNT_SECONDS = 60
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(14) as first:
        client.get(URL)
    with django_assert_max_num_queries(12) as again:
        client.get(URL)
    # the counts are not asked again: one grouped query for the result count and the facets on
    # the organisation's own values (type, place, voivodeship), one each for the ecosystem and the
    # specialisation; nor the options of those two filters, the table of specialisations the
    # cards name, the cluster names the cluster field suggests, the slugs of the ecosystems' and
    # specialisations' ids the counts are grouped on (core.listing.memo)
    assert len(first.captured_queries) - len(again.captured_queries) == 9
    cache.clear()


def test_organisations_hidden_by_an_unpublished_cluster_leave_the_counts_after_the_bump(
    client, settings
):
    """A cluster unpublished takes its only members out of every count (their ``listed`` is
    written with the cluster) once the write's version is out."""
    from django.core.cache import cache

    from core.data_version import bump_data_version

    settings.LISTING_COUNT_SECONDS = 60
    cache.clear()
    kept, closing = ClusterFactory(), ClusterFactory()
    both = MemberOrganisationFactory(organisation_type=OrganisationType.HOSPITAL)
    MembershipFactory(organisation=both, cluster=kept)
    MembershipFactory(organisation=both, cluster=closing)
    MembershipFactory.create_batch(2, cluster=closing)
    MembershipFactory(cluster=kept)
    assert "Liczba organizacji: 4" in visible_text(client.get(URL))
    closing.published = False
    closing.save()
    bump_data_version()  # what the write's commit does (a test's transaction never commits)
    response = client.get(URL)
    assert "Liczba organizacji: 2" in visible_text(response)
    kinds = {option.value: option.count for option in response.context["facets"]["type"].options}
    assert kinds["hospital"] == 1  # visible through the cluster still published
    cache.clear()


def test_the_pages_stop_at_max_pages_and_say_how_to_reach_the_rest(client, monkeypatch):
    from core.listing.views import FilteredListView

    MemberOrganisationFactory.create_batch(8)
    monkeypatch.setattr(FilteredListView, "max_pages", 3)
    monkeypatch.setattr(FilteredListView, "paginate_by", 2)
    response = client.get(f"{URL}?page=999")
    assert response.context["page_obj"].number == 3  # the last page the pages reach
    text = visible_text(response)
    assert "Liczba organizacji: 8 (pokazano 5–6)" in text
    assert (
        "Strony sięgają 6 pierwszych wyników z 8. Zawęź filtry, by zobaczyć pozostałe, albo "
        "pobierz wszystkie w pliku CSV." in text
    )
    assert "Strona 4" not in text


def test_an_unreachable_cache_only_means_counting_again(client, settings, caplog):
    settings.LISTING_COUNT_SECONDS = 60
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    MembershipFactory.create_batch(2)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Liczba organizacji: 2" in visible_text(response)
    assert "the cache cannot be read" in caplog.text


def test_a_write_shows_in_the_counts_at_once(client, settings):
    from django.core.cache import cache

    from core.data_version import bump_data_version

    settings.LISTING_COUNT_SECONDS = 60
    cache.clear()
    MembershipFactory.create_batch(2)
    assert "Liczba organizacji: 2" in visible_text(client.get(URL))
    MemberOrganisationFactory(organisation_type=OrganisationType.HOSPITAL)
    assert "Liczba organizacji: 2" in visible_text(client.get(URL))  # kept until the bump
    # what the write's commit does (core.data_version; a test's transaction never commits)
    bump_data_version()
    response = client.get(URL)
    assert "Liczba organizacji: 3" in visible_text(response)
    kinds = {option.value: option.count for option in response.context["facets"]["type"].options}
    assert kinds["hospital"] == 1
    cache.clear()


def test_both_editions_share_the_counts_unless_text_is_typed(
    client, mixed_catalogue, settings, django_assert_max_num_queries
):
    """The counts are the same rows in Polish and English: the English list reuses those the
    Polish one stored (and the other way round); typed text, matched against the page language's
    names, is counted per language."""
    settings.LISTING_COUNT_SECONDS = 60
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(14) as polish:
        client.get(f"{URL}?type=enterprise")
    with django_assert_max_num_queries(12) as english:
        client.get("/en/organisations/?type=enterprise")
    assert len(english.captured_queries) < len(polish.captured_queries)
    assert not [q for q in english.captured_queries if "COUNT(" in q["sql"].upper()]
    with django_assert_max_num_queries(12) as polish_text:
        client.get(f"{URL}?q=a")
    with django_assert_max_num_queries(12) as english_text:
        client.get("/en/organisations/?q=a")
    assert [q for q in polish_text.captured_queries if "COUNT(" in q["sql"].upper()]
    assert [q for q in english_text.captured_queries if "COUNT(" in q["sql"].upper()]
    cache.clear()


def test_every_page_leaves_out_the_organisations_of_unpublished_clusters_only(
    client, settings, monkeypatch
):
    """Deep pages and first ones alike list what ``public()`` lists, in order."""
    from django.core.cache import cache

    from core.listing.views import FilteredListView

    settings.LISTING_COUNT_SECONDS = 60
    cache.clear()
    monkeypatch.setattr(FilteredListView, "paginate_by", 2)
    published, unpublished = ClusterFactory(), ClusterFactory(published=False)
    for n in range(14):
        organisation = MemberOrganisationFactory(name=f"Organizacja {n:02}")
        if n % 3 == 2:  # hidden: in the unpublished cluster only
            MembershipFactory(organisation=organisation, cluster=unpublished)
        else:
            MembershipFactory(organisation=organisation, cluster=published)
            if n % 4 == 0:
                MembershipFactory(organisation=organisation, cluster=unpublished)
    MemberOrganisationFactory(name="Organizacja 99")  # in no cluster yet: listed

    listed = []
    for page in range(1, 7):
        response = client.get(f"{URL}?page={page}")
        assert response.status_code == 200
        listed += [organisation.name for organisation in response.context["object_list"]]

    expected = [f"Organizacja {n:02}" for n in range(14) if n % 3 != 2] + ["Organizacja 99"]
    assert listed == expected
    cache.clear()
