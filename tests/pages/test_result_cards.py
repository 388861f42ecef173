"""The result cards (clusters.cards, members.cards, written in Python): what a card says, and that
text from the database never comes back as markup on any page that shows cards."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from clusters.models import ClusterStatus, InitiatorKind
from members.models import MembershipRole, OrganisationType
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    InitiatorFactory,
    MemberOrganisationFactory,
    MemberReportFactory,
    MembershipFactory,
    SectorFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

MARKUP = '<b class="x">&amp;"\''
ESCAPED = "&lt;b class=&quot;x&quot;&gt;&amp;amp;&quot;&#x27;"


def cards(response):
    return re.findall(r'<li class="result-card">.*?</li>\n', response.content.decode(), re.S)


@pytest.fixture
def hostile():
    """A cluster and an organisation whose every shown text carries markup."""
    sector = SectorFactory()
    specialisations = [
        SpecialisationFactory(sector=sector, name=f"{MARKUP} {n}", slug=f"s{n}") for n in range(6)
    ]
    cluster = ClusterFactory(
        name=f"Klaster {MARKUP}",
        slug="klaster-x",
        initiator=InitiatorFactory(kind=InitiatorKind.CITY),
        ecosystem=EcosystemFactory(name=f"Wyżyna {MARKUP}"),
        founded_year=2012,
        status=ClusterStatus.ACTIVE,
    )
    cluster.specialisations.set(specialisations)
    MemberReportFactory(cluster=cluster, total=40, as_of_year=None, is_lower_bound=True)
    organisation = MemberOrganisationFactory(
        name=f"Firma {MARKUP}", city=f"Miasto {MARKUP}", organisation_type=OrganisationType.HOSPITAL
    )
    organisation.specialisations.set(specialisations[:1])
    MembershipFactory(organisation=organisation, cluster=cluster, role=MembershipRole.COORDINATOR)
    MembershipFactory(organisation=organisation, cluster=cluster, role=MembershipRole.FOUNDER)
    return cluster


@pytest.mark.parametrize(
    "url",
    [
        reverse("clusters:list"),
        reverse("members:list"),
        reverse("clusters:specialisation-list") + "?specialisation=s0",
        reverse("clusters:specialisation-detail", kwargs={"slug": "s0"}),
    ],
)
def test_text_from_the_database_is_escaped_on_every_card(client, hostile, url):
    found = cards(client.get(url))
    assert found
    for card in found:
        assert "<b " not in card
        assert ESCAPED in card


def test_a_cluster_card_says_what_is_known(client, hostile):
    response = client.get(reverse("clusters:list"), {"specialisation": "s5"})
    (card,) = cards(response)
    text = visible_text(response)
    assert f"Inicjator Gmina Lublin Ekosystem Wyżyna {MARKUP} Założony 2012" in text
    assert "Członków ponad 40 (bez daty) Aktywność według źródła aktywny" in text
    # the chosen specialisation first and emphasised, four shown, the rest counted
    assert f"Specjalizacje {MARKUP} 5, {MARKUP} 0, {MARKUP} 1, {MARKUP} 2 i jeszcze 2" in text
    assert card.count("<strong>") == 1
    assert f"<strong>{ESCAPED} 5</strong>" in card
    assert "brak danych udokumentowana aktywność" in text
    page_links = dict(links(response))
    assert page_links[f"Napisz do klastra Klaster {MARKUP}"] == "/klastry/klaster-x/napisz/"
    # the title, the ecosystem and each specialisation link to their pages
    assert page_links[f"Klaster {MARKUP}"] == "/klastry/klaster-x/"
    ecosystem = hostile.ecosystem
    assert page_links[f"Wyżyna {MARKUP}"] == f"/ekosystemy/{ecosystem.slug}/"
    assert page_links[f"{MARKUP} 5"] == "/specjalizacje/s5/"
    assert page_links[f"{MARKUP} 0"] == "/specjalizacje/s0/"


def test_an_organisation_card_says_what_is_known(client, hostile):
    response = client.get(reverse("members:list"))
    (card,) = cards(response)
    text = visible_text(response)
    assert (
        f"Firma {MARKUP} Rodzaj szpital Miejscowość Miasto {MARKUP} "
        f"Klastry (rola) Klaster {MARKUP} (koordynator, założyciel) Specjalizacje {MARKUP} 0"
    ) in text
    assert "brak danych" not in card
    page_links = dict(links(response))
    assert page_links[f"Klaster {MARKUP}"] == "/klastry/klaster-x/"
    organisation = hostile.memberships.get(role=MembershipRole.COORDINATOR).organisation
    assert page_links[f"Firma {MARKUP}"] == f"/czlonkowie/{organisation.slug}/"
    assert page_links[f"{MARKUP} 0"] == "/specjalizacje/s0/"


def test_cards_follow_the_pages_language(client, hostile):
    with translation.override("en"):
        url = reverse("clusters:list")
    text = visible_text(client.get(url))
    assert "Members over 40 (undated) Activity by source active" in text
    assert f"{MARKUP} 3 and 2 more" in text
    # what the card does not know, in the page's language too
    assert "no data documented activity" in text


def test_an_organisation_card_names_its_clusters_in_polish_order_with_their_roles(client):
    organisation = MemberOrganisationFactory(name="Firma")
    for name, roles in (
        ("Żółty Klaster", [MembershipRole.MEMBER]),
        ("Zielony Klaster", [MembershipRole.FOUNDER, MembershipRole.COORDINATOR]),
        ("Łąkowy Klaster", [MembershipRole.MEMBER]),
        ("Lubelski Klaster", [MembershipRole.MEMBER]),
    ):
        cluster = ClusterFactory(name=name)
        for role in roles:
            MembershipFactory(organisation=organisation, cluster=cluster, role=role)
    MembershipFactory(organisation=organisation, cluster=ClusterFactory(published=False))
    assert (
        "Klastry (rola) Lubelski Klaster (członek); Łąkowy Klaster (członek); "
        "Zielony Klaster (koordynator, założyciel); Żółty Klaster (członek)"
    ) in visible_text(client.get(reverse("members:list")))


def test_an_organisation_card_names_its_first_clusters_and_counts_the_rest(client):
    organisation = MemberOrganisationFactory(name="Firma")
    for name in ("Eta", "Beta", "Alfa", "Dzeta", "Delta", "Gamma"):
        MembershipFactory(organisation=organisation, cluster=ClusterFactory(name=f"Klaster {name}"))

    text = visible_text(client.get(reverse("members:list")))
    with translation.override("en"):
        english = visible_text(client.get(reverse("members:list")))

    assert (
        "Klastry (rola) Klaster Alfa (członek); Klaster Beta (członek); Klaster Delta (członek); "
        "Klaster Dzeta (członek) i jeszcze 2"
    ) in text
    assert "Klaster Eta" not in text
    assert "Klaster Dzeta (member) and 2 more" in english
