import pytest
from django.urls import reverse

from clusters.models import ClusterStatus, InitiatorKind, Tie
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    InitiatorFactory,
    MemberOrganisationFactory,
    PartnerCountryFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

HOME_QUERIES = 6


def home(client):
    return client.get(reverse("clusters:home"))


def test_home_counts_clusters_by_initiator_and_status_from_the_database(client):
    city = InitiatorFactory(kind=InitiatorKind.CITY)
    ClusterFactory.create_batch(2, initiator=city, status=ClusterStatus.ACTIVE)
    ClusterFactory(initiator__kind=InitiatorKind.OTHER, status=ClusterStatus.LIMITED)
    ClusterFactory(initiator__kind=InitiatorKind.OTHER)

    response = home(client)

    assert response.status_code == 200
    text = visible_text(response)
    assert "Klastry według inicjatora (razem: 4)" in text
    assert "Gmina Lublin 2 50 %" in text
    assert "Urząd Marszałkowski 0 0 %" in text
    assert "inne podmioty 2 50 %" in text
    assert "Klastry według aktywności (razem: 4)" in text
    assert "aktywny 2 50 %" in text
    assert "nieaktywny lub o ograniczonej aktywności 1 25 %" in text
    assert "jeszcze nie oceniono 1 25 %" in text


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
    assert page_links["aktywny"] == reverse("clusters:list") + "?status=active"


def test_an_empty_directory_still_renders(client):
    response = home(client)

    assert response.status_code == 200
    assert "Klastry według inicjatora (razem: 0)" in visible_text(response)


def test_home_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    ClusterFactory(ecosystem=EcosystemFactory())
    with django_assert_max_num_queries(HOME_QUERIES):
        home(client)

    for _ in range(20):
        PartnerCountryFactory(cluster__ecosystem=EcosystemFactory(), country="SE")
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
    assert "Klastry według aktywności (razem: 23)" in text
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
