"""/kraje/: every partner country with the clusters tied to it, the kind of tie and the network."""

import pytest
from django.urls import reverse

from clusters.models import Tie
from tests.factories import ClusterFactory, PartnerCountryFactory
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

URL = reverse("clusters:country-list")


@pytest.fixture
def medicine():
    """A slice of Klaster Lubelska Medycyna's ties, as the seed lists them."""
    cluster = ClusterFactory(name="Klaster Lubelska Medycyna", slug="klaster-lubelska-medycyna")
    for code in ("HR", "IT", "LV"):
        PartnerCountryFactory(cluster=cluster, country=code, tie=Tie.FORMAL)
    for code in ("SE", "DK"):
        PartnerCountryFactory(cluster=cluster, country=code, tie=Tie.FORMAL, via="NordicProof")
    for code in ("US", "DE", "LT"):
        PartnerCountryFactory(cluster=cluster, country=code, tie=Tie.EXPERTS)
    PartnerCountryFactory(cluster=cluster, country="BE", tie=Tie.NETWORK, via="ECCP")
    return cluster


def country_names(response):
    return [item.country.name for item in response.context["countries"]]


def test_countries_are_listed_once_each_by_polish_name_in_polish_alphabetical_order(
    client, medicine
):
    other = ClusterFactory(name="Wschodni Klaster ICT")
    PartnerCountryFactory(cluster=other, country="DE", tie=Tie.FORMAL)
    response = client.get(URL)
    assert response.status_code == 200
    # Ł after L (Litwa, Łotwa), W after S; plain string order would put Łotwa last.
    assert country_names(response) == [
        "Belgia",
        "Chorwacja",
        "Dania",
        "Litwa",
        "Łotwa",
        "Niemcy",
        "Stany Zjednoczone Ameryki",
        "Szwecja",
        "Włochy",
    ]


def test_country_names_are_polish_even_for_a_browser_that_asks_for_english(client, medicine):
    response = client.get(URL, headers={"accept-language": "en-US,en;q=0.9"})
    assert country_names(response)[:3] == ["Belgia", "Chorwacja", "Dania"]


def test_each_country_shows_its_clusters_with_the_kind_of_tie_and_the_network(client, medicine):
    other = ClusterFactory(name="Wschodni Klaster ICT", slug="wschodni-klaster-ict")
    PartnerCountryFactory(cluster=other, country="DE", tie=Tie.FORMAL)
    response = client.get(URL)
    text = visible_text(response)
    assert (
        "Szwecja Klaster Lubelska Medycyna – partnerstwo formalne "
        "(za pośrednictwem: NordicProof)" in text
    )
    assert "Belgia Klaster Lubelska Medycyna – sieć współpracy (za pośrednictwem: ECCP)" in text
    assert (
        "Niemcy Wschodni Klaster ICT – partnerstwo formalne "
        "Klaster Lubelska Medycyna – eksperci i organizacje eksperckie" in text
    )
    assert links(response)["Wschodni Klaster ICT"] == other.get_absolute_url()


def test_the_summary_counts_countries_and_ties_per_kind_of_tie(client, medicine):
    PartnerCountryFactory(cluster=ClusterFactory(), country="US", tie=Tie.EXPERTS)
    response = client.get(URL)
    text = visible_text(response)
    assert "Państwa partnerskie: 9. Klastry z katalogu, które z nimi współpracują: 2." in text
    assert "Partnerstwo formalne 5 5" in text
    assert "Eksperci i organizacje eksperckie 3 4" in text
    assert "Sieć współpracy 1 1" in text


def test_without_partner_countries_the_page_says_so(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Żaden klaster nie ma jeszcze w katalogu państw partnerskich." in visible_text(response)


def test_query_count_does_not_grow_with_countries_and_clusters(
    client, medicine, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        client.get(URL)
    for code in ("NO", "FI", "EE", "GB", "UA", "NL", "CZ", "HU", "ES", "MY", "IL", "IE"):
        PartnerCountryFactory(cluster=ClusterFactory(), country=code, tie=Tie.EXPERTS)
    with django_assert_max_num_queries(1):
        response = client.get(URL)
    assert len(response.context["countries"]) == 21


def test_real_data_the_medical_clusters_22_countries_and_the_ict_clusters_clusgrid_partners(
    client, real_data
):
    response = client.get(URL)
    names = country_names(response)
    # The Polish alphabet: Ł between I and M, Węgry before Wielka Brytania (ę sorts as e).
    assert names == [
        "Belgia",
        "Bułgaria",
        "Chorwacja",
        "Czechy",
        "Dania",
        "Estonia",
        "Finlandia",
        "Francja",
        "Hiszpania",
        "Holandia",
        "Irlandia",
        "Izrael",
        "Łotwa",
        "Malezja",
        "Niemcy",
        "Norwegia",
        "Stany Zjednoczone Ameryki",
        "Szwecja",
        "Tajwan",
        "Ukraina",
        "Węgry",
        "Wielka Brytania",
        "Włochy",
        "Zjednoczone Emiraty Arabskie",
    ]
    summary = {row["value"]: row["countries"] for row in response.context["tie_summary"]}
    # Spain: experts for the medical cluster, a formal CLUSGRID partner of the ICT cluster.
    assert summary == {Tie.FORMAL: 11, Tie.EXPERTS: 12, Tie.NETWORK: 2}
    text = visible_text(response)
    for country in ("Szwecja", "Dania", "Finlandia"):
        assert (
            f"{country} Klaster Lubelska Medycyna – partnerstwo formalne "
            "(za pośrednictwem: NordicProof)" in text
        )
    assert "Belgia Klaster Lubelska Medycyna – sieć współpracy (za pośrednictwem: ECCP)" in text
    assert "Irlandia Klaster Lubelska Medycyna – sieć współpracy" in text
    assert (
        "Bułgaria Wschodni Klaster ICT – partnerstwo formalne (za pośrednictwem: CLUSGRID)" in text
    )
