"""/kraje/: every partner country with the clusters tied to it, the kind of tie and the network."""

import pytest
from django.urls import reverse
from django.utils import translation

from clusters.models import PartnerCountry, Tie
from clusters.views import countries
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
    # ties by country and kind, clusters by country, the clusters in all, the page's first ties
    with django_assert_max_num_queries(4):
        client.get(URL)
    for code in ("NO", "FI", "EE", "GB", "UA", "NL", "CZ", "HU", "ES", "MY", "IL", "IE"):
        PartnerCountryFactory(cluster=ClusterFactory(), country=code, tie=Tie.EXPERTS)
    with django_assert_max_num_queries(4):
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


def test_countries_are_paginated_and_each_names_its_first_ties_with_a_link_to_the_rest(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(countries, "COUNTRIES_PER_PAGE", 2)
    monkeypatch.setattr(countries, "TIES_PER_COUNTRY", 2)
    for name in ("Klaster C", "Klaster A", "Klaster B"):
        cluster = ClusterFactory(name=name)
        PartnerCountryFactory(cluster=cluster, country="DE", tie=Tie.EXPERTS)
    PartnerCountryFactory(cluster=cluster, country="DE", tie=Tie.FORMAL)
    for code in ("FR", "IT"):
        PartnerCountryFactory(cluster=ClusterFactory(), country=code, tie=Tie.FORMAL)

    with django_assert_max_num_queries(4):
        response = client.get(URL)

    text = visible_text(response)
    assert "Państwa partnerskie: 3. Klastry z katalogu, które z nimi współpracują: 5." in text
    assert country_names(response) == ["Francja", "Niemcy"]
    # Klaster B's formal tie first (Tie's order), then the experts by name; Klaster C is cut
    assert f"Klaster B – {Tie.FORMAL.label} Klaster A – {Tie.EXPERTS.label} Pokazano" in text
    assert "Pokazano 2 z 4 powiązań." in text
    assert "Klaster C" not in text
    assert (
        links(response)["Wszystkie klastry powiązane z tym państwem (3)"] == "/klastry/?country=DE"
    )
    summary = {
        row["value"]: (row["countries"], row["ties"]) for row in response.context["tie_summary"]
    }
    assert summary[Tie.FORMAL] == (3, 3) and summary[Tie.EXPERTS] == (1, 3)

    second = client.get(URL, {"page": 2})
    assert country_names(second) == ["Włochy"]
    assert country_names(client.get(URL, {"page": 99})) == ["Włochy"]  # past the end: the last
    assert country_names(client.get(URL, {"page": "x"})) == ["Francja", "Niemcy"]


def test_the_countries_page_does_not_grow_with_ties(client):
    codes = ["DE", "FR", "IT", "ES", "NL", "BE", "AT", "CZ", "SK", "HU"]
    sizes = []
    for clusters in (countries.TIES_PER_COUNTRY + 2, 3 * countries.TIES_PER_COUNTRY):
        while PartnerCountry.objects.filter(country="DE").count() < clusters:
            cluster = ClusterFactory()
            for code in codes:
                PartnerCountryFactory(cluster=cluster, country=code, tie=Tie.EXPERTS)
        sizes.append(len(client.get(URL).content))
    assert abs(sizes[1] - sizes[0]) < 1_000


def test_names_and_networks_from_the_database_are_escaped_and_marked_polish_in_english(client):
    cluster = ClusterFactory(name="Klaster <b>&</b>", name_en="", slug="klaster-x")
    PartnerCountryFactory(cluster=cluster, country="DE", tie=Tie.FORMAL, via="<i>Sieć</i>")
    html = client.get(URL).content.decode()
    assert "<b>" not in html and "<i>" not in html
    assert (
        '<a href="/klastry/klaster-x/">Klaster &lt;b&gt;&amp;&lt;/b&gt;</a> – partnerstwo formalne '
        '<span class="muted">(za pośrednictwem: &lt;i&gt;Sieć&lt;/i&gt;)</span>'
    ) in html
    with translation.override("en"):
        english = client.get(reverse("clusters:country-list")).content.decode()
    # no English name: the Polish one, said to be Polish
    assert '<span lang="pl">Klaster &lt;b&gt;&amp;&lt;/b&gt;</span></a> – formal partnership' in (
        english
    )
