"""The listings and the investor's search on the real Lublin data, as a visitor sees them."""

import re

import pytest
from django.urls import reverse

from tests.page_text import visible_text

CLUSTERS = reverse("clusters:list")
MEMBERS = reverse("members:list")
SPECIALISATIONS = reverse("clusters:specialisation-list")


def cluster_names(response):
    return [cluster.name for cluster in response.context["object_list"]]


def test_all_23_clusters_with_initiator_counts_from_the_seed(client, real_data):
    response = client.get(CLUSTERS)
    assert "Liczba klastrów: 23" in visible_text(response)
    kinds = {o.value: o.count for o in response.context["facets"]["initiator_kind"].options}
    assert kinds == {"city": 5, "marshal": 3, "other": 15}


def test_the_marshals_clusters_are_the_three_founded_in_2023(client, real_data):
    by_initiator = cluster_names(client.get(f"{CLUSTERS}?initiator_kind=marshal"))
    by_year = cluster_names(client.get(f"{CLUSTERS}?founded_min=2023"))
    assert (
        by_initiator
        == by_year
        == [
            "Eastern Bioactives Cluster",
            "Lubelski Klaster Gospodarki Obiegu Zamkniętego",
            "Lubelski Klaster Wodorowy",
        ]
    )


def test_largest_cluster_first_by_latest_member_count(client, real_data):
    response = client.get(f"{CLUSTERS}?sort=-members")
    assert cluster_names(response)[:3] == [
        "Klaster Lubelska Medycyna",
        "Wschodni Klaster ICT",
        "Stowarzyszenie Lubelskie Drewno",
    ]
    assert "Członków 184" in visible_text(response)


def test_norway_is_a_partner_of_lubelska_medycyna(client, real_data):
    response = client.get(f"{CLUSTERS}?country=NO")
    assert cluster_names(response) == ["Klaster Lubelska Medycyna"]


def test_text_filter_ignores_case_and_polish_letters(client, real_data):
    assert cluster_names(client.get(f"{CLUSTERS}?q=swiatlowodow")) == [
        "Klaster Fotoniki i Światłowodów"
    ]
    assert "PZL-Świdnik" in visible_text(client.get(f"{MEMBERS}?q=świdnik"))


def test_organisations_in_lublin(client, real_data):
    response = client.get(f"{MEMBERS}?place=lublin")
    text = visible_text(response)
    assert "Uniwersytet Medyczny w Lublinie" in text
    assert "PZL-Świdnik" not in text


def test_investor_looking_for_e_health_finds_the_medical_cluster_and_its_it_firms(
    client, real_data
):
    response = client.get(f"{SPECIALISATIONS}?specialisation=e-zdrowie")
    assert response.status_code == 200
    assert [c.name for c in response.context["clusters"]] == ["Klaster Lubelska Medycyna"]
    organisations = [o.name for o, _roles in response.context["organisation_rows"]]
    assert {"CompuGroup Medical", "Copernicus Computing", "Comarch Healthcare"} <= set(
        organisations
    )


@pytest.mark.parametrize("url", [CLUSTERS, MEMBERS, SPECIALISATIONS])
def test_listing_pages_answer_on_the_real_data(client, real_data, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        CLUSTERS,
        MEMBERS,
        SPECIALISATIONS,
        f"{SPECIALISATIONS}?specialisation=e-zdrowie&place=lublin",
        f"{CLUSTERS}?specialisation=abc",
    ],
)
def test_every_form_control_of_a_listing_has_a_label(client, real_data, url):
    html = client.get(url).content.decode()
    main = html[html.index('<main id="main-content"') : html.index("</main>")]
    controls = re.findall(r"<(?:input|select)\b[^>]*>", main)
    assert len(controls) > 10
    wrapped = re.findall(r"<label\b[^>]*>(<input\b[^>]*>)", main)  # a label around the box
    for control in controls:
        control_id = re.search(r'\bid="([^"]+)"', control)
        if control_id:
            assert main.count(f'<label for="{control_id.group(1)}"') == 1, control
        else:
            assert wrapped.count(control) == 1, control


def test_no_card_of_the_23_real_clusters_says_brak_danych_more_than_once(client, real_data):
    response = client.get(f"{CLUSTERS}?page=1")
    html = response.content.decode()
    cards = re.findall(r'<li class="result-card">(.*?)</li>\n', html, re.S)
    assert len(cards) == 23
    for card in cards:
        assert card.count("brak danych") <= 1, card
    assert sum("brak danych" in card for card in cards) < 23  # and some know everything shown
