import datetime

import pytest
from django.urls import reverse

from clusters.models import ClusterStatus, InitiatorKind, Tie
from tests.factories import (
    ActivityEvidenceFactory,
    ClusterFactory,
    EcosystemFactory,
    InitiatorFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    PartnerCountryFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

# the figures (clusters by initiator with their contacts, specialisations, ecosystems: one query,
# core.json_rows), and the three totals kept per data version (off in the tests): organisations,
# partner countries, the activity chart
HOME_QUERIES = 4


def home(client):
    return client.get(reverse("clusters:home"))


def test_home_counts_clusters_by_initiator_and_by_recency_of_documented_activity(client):
    city = InitiatorFactory(kind=InitiatorKind.CITY)
    recent, middle = ClusterFactory.create_batch(2, initiator=city)
    ActivityEvidenceFactory(cluster=recent, date=datetime.date(2024, 3, 18))
    ActivityEvidenceFactory(cluster=recent, date=datetime.date(2017, 5, 15))
    ActivityEvidenceFactory(cluster=middle, date=datetime.date(2020, 8, 24))
    ClusterFactory(initiator__kind=InitiatorKind.OTHER)
    ClusterFactory(initiator__kind=InitiatorKind.OTHER)

    response = home(client)

    assert response.status_code == 200
    text = visible_text(response)
    assert "Klastry według inicjatora (razem: 4)" in text
    assert "Gmina Lublin 2 50 %" in text
    assert "Urząd Marszałkowski 0 0 %" in text
    assert "inne podmioty 2 50 %" in text
    assert "Klastry według ostatniej udokumentowanej aktywności (razem: 4)" in text
    assert "2023 lub później 1 25 %" in text
    assert "2019–2022 1 25 %" in text
    assert "2018 lub wcześniej 0 0 %" in text
    assert "nie znaleziono datowanych śladów 2 50 %" in text
    assert "Sama obecność na liście klastrów nie jest takim śladem." in text
    # No source states the seed's active / inactive wording for any of them: no such chart.
    assert "jeszcze nie oceniono" not in text


def test_the_activity_chart_follows_the_evidence(client):
    cluster = ClusterFactory()
    evidence = ActivityEvidenceFactory(cluster=cluster, date=datetime.date(2016, 6, 1))
    assert "2018 lub wcześniej 1 100 %" in visible_text(home(client))
    evidence.date = datetime.date(2023, 1, 1)
    evidence.save()
    text = visible_text(home(client))
    assert "2023 lub później 1 100 %" in text and "2018 lub wcześniej 0 0 %" in text


def test_the_seeds_activity_wording_is_charted_only_where_a_source_states_it(client):
    ClusterFactory(status=ClusterStatus.ACTIVE)
    ClusterFactory()
    text = visible_text(home(client))
    assert "Klastry według aktywności podanej w źródłach (razem: 2)" in text
    assert "aktywny 1 50 %" in text


def test_home_counts_ecosystems_organisations_countries_and_specialisations(client):
    ecosystem = EcosystemFactory(name="Lubelska Wyżyna IT")
    first, second = ClusterFactory.create_batch(2, ecosystem=ecosystem)
    MemberOrganisationFactory.create_batch(3)
    PartnerCountryFactory(cluster=first, country="DE", tie=Tie.EXPERTS)
    PartnerCountryFactory(cluster=second, country="DE", tie=Tie.EXPERTS)
    PartnerCountryFactory(cluster=second, country="NO", tie=Tie.FORMAL)
    SpecialisationFactory()

    response = home(client)

    text = visible_text(response)
    assert "Klastry 2 " in text
    assert "Ekosystemy gospodarcze 1 " in text
    assert "Organizacje w katalogu 3 " in text
    assert "Państwa partnerskie 2 " in text
    assert "Specjalizacje 1 " in text
    assert "Lubelska Wyżyna IT Klastry w katalogu: 2" in text
    assert links(response)["Lubelska Wyżyna IT"] == ecosystem.get_absolute_url()


def test_home_offers_entry_points_for_browsing_and_for_investors(client):
    page_links = links(home(client))

    assert page_links["Wszystkie klastry"] == reverse("clusters:list")
    assert page_links["Ekosystemy gospodarcze"] == reverse("ecosystems:list")
    assert page_links["Organizacje członkowskie"] == reverse("members:list")
    assert page_links["Znajdź kompetencje według specjalizacji"] == reverse(
        "clusters:specialisation-list"
    )
    assert page_links["Przeszukaj katalog"] == reverse("clusters:search")
    assert (
        page_links["Organizacje działające w Lublinie"] == reverse("members:list") + "?place=lublin"
    )


def test_each_initiator_and_status_links_to_the_filtered_cluster_listing(client):
    page_links = links(home(client))

    assert page_links["Urząd Marszałkowski"] == reverse("clusters:list") + "?initiator_kind=marshal"
    assert page_links["2023 lub później"] == reverse("clusters:list") + "?activity=recent"


def test_an_empty_directory_still_renders(client):
    response = home(client)

    assert response.status_code == 200
    assert "Klastry według inicjatora (razem: 0)" in visible_text(response)


def test_home_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    ClusterFactory(ecosystem=EcosystemFactory())
    with django_assert_max_num_queries(HOME_QUERIES):
        home(client)

    for _ in range(20):
        partner = PartnerCountryFactory(cluster__ecosystem=EcosystemFactory(), country="SE")
        ActivityEvidenceFactory(cluster=partner.cluster)
        MemberOrganisationFactory()
    with django_assert_max_num_queries(HOME_QUERIES):
        assert "Klastry 21 " in visible_text(home(client))


def test_home_shows_the_source_presentations_figures_from_the_real_data(client, real_data):
    response = home(client)

    text = visible_text(response)
    assert "Klastry 23 " in text
    assert "Ekosystemy gospodarcze 5 " in text
    assert "Państwa partnerskie 24 " in text  # the medical cluster's 22, France and Bulgaria
    assert "Klastry według inicjatora (razem: 23)" in text
    assert "Gmina Lublin 5 22 %" in text
    assert "Urząd Marszałkowski 3 13 %" in text
    assert "inne podmioty 15 65 %" in text
    assert "Klastry według ostatniej udokumentowanej aktywności (razem: 23)" in text
    for group in (
        "2023 lub później 4 17 %",
        "2019–2022 3 13 %",
        "2018 lub wcześniej 6 26 %",
        "nie znaleziono datowanych śladów 10 43 %",
    ):
        assert group in text
    in_seed_order = [
        "Lubelska Wyżyna Motoryzacyjna i Maszynowa",
        "Lubelska Wyżyna Lotnicza",
        "Lubelska Wyżyna IT",
        "Lubelska Wyżyna Medyczna",
        "Lubelska Wyżyna Biotechnologiczna",
    ]
    start = text.index("Pięć ekosystemów")
    positions = [text.index(f"{name} ", start) for name in in_seed_order]
    assert positions == sorted(positions)


def test_following_an_initiator_bar_lists_as_many_clusters_as_it_says(client, real_data):
    url = links(home(client))["Urząd Marszałkowski"]

    text = visible_text(client.get(url))

    for name in (
        "Lubelski Klaster Gospodarki Obiegu Zamkniętego",
        "Lubelski Klaster Wodorowy",
        "Eastern Bioactives Cluster",
    ):
        assert name in text
    assert "Klaster Lubelska Medycyna" not in text


def test_the_investor_text_promises_contacts_only_as_far_as_the_data_has_them(client):
    ClusterFactory(website="https://medycyna.lublin.eu", email="biuro@example.org")
    ClusterFactory(website="https://lwit.lublin.eu")
    ClusterFactory(address="ul. Spokojna 2, Lublin")
    ClusterFactory()
    text = visible_text(home(client))
    assert "Stronę internetową ma w katalogu 2 z 4 klastrów" in text
    assert "publiczny kontakt do biura (e-mail, telefon lub adres) – 2 z 4" in text
    assert "Profil każdego klastra podaje" not in text


def test_following_an_activity_bar_lists_as_many_clusters_as_it_says(client, real_data):
    url = links(home(client))["2023 lub później"]
    response = client.get(url)
    assert response.status_code == 200
    assert "Liczba klastrów: 4" in visible_text(response)
    assert all(c.latest_evidence_date.year >= 2023 for c in response.context["object_list"])


def test_the_organisation_total_is_counted_once_per_data_version(
    client, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    settings.LISTING_COUNT_SECONDS = 60
    cache.clear()
    MemberOrganisationFactory.create_batch(3)
    hidden = MemberOrganisationFactory()
    MembershipFactory(organisation=hidden, cluster=ClusterFactory(published=False))
    with django_assert_max_num_queries(HOME_QUERIES) as first:
        assert "Organizacje w katalogu 3 " in visible_text(home(client))
    with django_assert_max_num_queries(HOME_QUERIES) as again:
        assert "Organizacje w katalogu 3 " in visible_text(home(client))
    counts = [
        query["sql"]
        for query in again.captured_queries
        if 'COUNT(*) AS "__count" FROM "members_memberorganisation"' in query["sql"]
    ]
    assert counts == []
    # nor the activity chart's grouped query (test_the_activity_chart_is_kept_until_the_data_changes)
    # nor the partner countries' count
    assert len(again.captured_queries) == len(first.captured_queries) - 3
    cache.clear()


def test_the_activity_chart_is_kept_until_the_data_changes(
    client, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    from core.data_version import bump_data_version

    settings.LISTING_COUNT_SECONDS = 60
    cache.clear()
    evidence = ActivityEvidenceFactory(cluster=ClusterFactory(), date=datetime.date(2016, 6, 1))
    assert "2018 lub wcześniej 1 100 %" in visible_text(home(client))
    with django_assert_max_num_queries(HOME_QUERIES) as again:
        assert "2018 lub wcześniej 1 100 %" in visible_text(home(client))
    assert not any("activityevidence" in q["sql"] for q in again.captured_queries)
    evidence.date = datetime.date(2023, 1, 1)
    evidence.save()
    # kept until the write's commit bumps the data version (a test's transaction never commits)
    assert "2018 lub wcześniej 1 100 %" in visible_text(home(client))
    bump_data_version()
    text = visible_text(home(client))
    assert "2023 lub później 1 100 %" in text and "2018 lub wcześniej 0 0 %" in text
    cache.clear()


def test_the_partner_country_total_is_kept_until_the_data_changes(client, settings):
    from django.core.cache import cache

    from core.data_version import bump_data_version

    settings.LISTING_COUNT_SECONDS = 60
    cache.clear()
    cluster = ClusterFactory()
    PartnerCountryFactory(cluster=cluster, country="SE")
    PartnerCountryFactory(cluster=ClusterFactory(published=False), country="FR")
    assert "Państwa partnerskie 1 " in visible_text(home(client))
    PartnerCountryFactory(cluster=cluster, country="NO")
    # kept until the write's commit bumps the data version (a test's transaction never commits)
    assert "Państwa partnerskie 1 " in visible_text(home(client))
    bump_data_version()
    assert "Państwa partnerskie 2 " in visible_text(home(client))
    cache.clear()
