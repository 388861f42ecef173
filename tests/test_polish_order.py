"""Every name list the site shows follows one rule: the Polish alphabet, case ignored.

``core.text.polish_sorted`` is the rule; lists the database sorts use ``PolishCollate`` (ICU's
Polish collation on PostgreSQL, the same key registered on SQLite). This walks every place a list of
names is shown and compares the order a visitor reads with the rule.
"""

import re

import pytest
from django.urls import reverse

from clusters.models import Tie
from core.text import polish_sorted
from members.models import MembershipRole
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    PartnerCountryFactory,
    SectorFactory,
    SpecialisationFactory,
)

pytestmark = pytest.mark.django_db

# Ł after L, Ć after C, Ż after Z, lower case among upper case: plain code-point order, a
# case-sensitive order and an order that drops diacritics each get some of these wrong.
CLUSTERS = [
    "Żywnościowy Klaster",
    "Zamojski Klaster",
    "Łęczyński Klaster",
    "Lubelski Klaster",
    "eko Klaster",
    "Ćwiczebny Klaster",
    "Centrum Klaster",
]
ORGANISATIONS = [
    "Ślad Sp. z o.o.",
    "Sieć Badawcza",
    "Łukasiewicz",
    "Lublin Soft",
    "CRH Żagiel Med",
    "Comarch",
]
# Luksemburg, Litwa, Łotwa, Zjednoczone Emiraty Arabskie, Hiszpania
COUNTRIES = ["AE", "LV", "LU", "LT", "ES"]
COUNTRY_NAMES = ["Zjednoczone Emiraty Arabskie", "Łotwa", "Luksemburg", "Litwa", "Hiszpania"]
SPECIALISATIONS = ["żywność", "Zdrowie", "Łańcuch dostaw", "logistyka"]


@pytest.fixture
def directory():
    ecosystem = EcosystemFactory(slug="wyzyna")
    sector = SectorFactory()
    specialisations = [
        SpecialisationFactory(name=name, sector=sector, slug=f"spec-{n}")
        for n, name in enumerate(SPECIALISATIONS)
    ]
    clusters = [
        ClusterFactory(name=name, slug=f"klaster-{n}", ecosystem=ecosystem)
        for n, name in enumerate(CLUSTERS)
    ]
    organisations = [
        MemberOrganisationFactory(name=name, slug=f"org-{n}")
        for n, name in enumerate(ORGANISATIONS)
    ]
    for cluster in clusters:
        cluster.specialisations.set(specialisations)
        for code in COUNTRIES:
            PartnerCountryFactory(cluster=cluster, country=code, tie=Tie.FORMAL)
        for organisation in organisations:
            MembershipFactory(cluster=cluster, organisation=organisation)
    for organisation in organisations:
        organisation.specialisations.set(specialisations)
    coordinated = ClusterFactory(name="Koordynowany Klaster", slug="koordynowany")
    for organisation in organisations:
        MembershipFactory(
            cluster=coordinated, organisation=organisation, role=MembershipRole.COORDINATOR
        )
    return clusters, organisations, specialisations


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def block(html, start, end):
    """The part of ``html`` from the first ``start`` (a regular expression) to the next ``end``."""
    match = re.search(start, html)
    assert match, start
    return html[match.end() : html.index(end, match.end())]


def read_order(html, names):
    """``names`` in the order they first appear in ``html`` (each must appear)."""
    positions = {name: html.find(name) for name in names}
    assert all(position >= 0 for position in positions.values()), positions
    return sorted(names, key=positions.get)


def test_every_name_list_follows_the_polish_alphabet(client, directory):
    clusters, organisations, specialisations = directory
    cluster = clusters[0]
    spec = specialisations[0].slug
    places = {
        "/klastry/ rows": (html_of(client, reverse("clusters:list")), CLUSTERS),
        "/klastry/ rows, Z–A": (
            html_of(client, reverse("clusters:list"), sort="-name"),
            CLUSTERS,
        ),
        "/klastry/ country filter": (
            block(
                html_of(client, reverse("clusters:list")), r'<select name="country"', "</select>"
            ),
            COUNTRY_NAMES,
        ),
        "/klastry/ specialisation filter": (
            block(
                html_of(client, reverse("clusters:list")), r"<legend>Specjalizacja", "</fieldset>"
            ),
            SPECIALISATIONS,
        ),
        "/kraje/": (html_of(client, reverse("clusters:country-list")), COUNTRY_NAMES),
        "/kraje/ clusters of a country": (
            block(html_of(client, reverse("clusters:country-list")), 'id="kraj-lv"', "</tr>"),
            CLUSTERS,
        ),
        "profile: partner countries": (
            html_of(client, cluster.get_absolute_url()),
            COUNTRY_NAMES,
        ),
        "profile: members": (html_of(client, cluster.get_absolute_url()), ORGANISATIONS),
        "profile: coordinators": (
            html_of(client, reverse("clusters:detail", args=["koordynowany"])),
            ORGANISATIONS,
        ),
        "/czlonkowie/ rows": (html_of(client, reverse("members:list")), ORGANISATIONS),
        "/czlonkowie/ cluster filter": (
            block(
                html_of(client, reverse("members:list")),
                r'<datalist id="cluster-names"',
                "</datalist>",
            ),
            CLUSTERS,
        ),
        "organisation page: clusters": (
            html_of(client, organisations[0].get_absolute_url()),
            CLUSTERS,
        ),
        "investor search: clusters": (
            html_of(client, reverse("clusters:specialisation-list"), specialisation=spec),
            CLUSTERS,
        ),
        "investor search: organisations": (
            html_of(client, reverse("clusters:specialisation-list"), specialisation=spec),
            ORGANISATIONS,
        ),
        "/specjalizacje/": (
            html_of(client, reverse("clusters:specialisation-list")),
            SPECIALISATIONS,
        ),
        "specialisation page: clusters": (
            html_of(client, specialisations[0].get_absolute_url()),
            CLUSTERS,
        ),
        "specialisation page: organisations": (
            html_of(client, specialisations[0].get_absolute_url()),
            ORGANISATIONS,
        ),
        "ecosystem page: clusters": (
            html_of(client, reverse("ecosystems:detail", args=["wyzyna"])),
            CLUSTERS,
        ),
        "ecosystem page: organisations": (
            block(
                html_of(client, reverse("ecosystems:detail", args=["wyzyna"])),
                'id="ecosystem-organisations"',
                "</section>",
            ),
            ORGANISATIONS,
        ),
        "/ekosystemy/": (html_of(client, reverse("ecosystems:list")), CLUSTERS),
    }
    wrong = {}
    for place, (html, names) in places.items():
        shown = read_order(html, names)
        expected = polish_sorted(names)
        if place.endswith("Z–A"):
            expected.reverse()
        if shown != expected:
            wrong[place] = shown
    assert wrong == {}, list(wrong)
    assert polish_sorted(CLUSTERS) == [
        "Centrum Klaster",
        "Ćwiczebny Klaster",
        "eko Klaster",
        "Lubelski Klaster",
        "Łęczyński Klaster",
        "Zamojski Klaster",
        "Żywnościowy Klaster",
    ]
    assert polish_sorted(ORGANISATIONS)[:2] == ["Comarch", "CRH Żagiel Med"]
    assert polish_sorted(COUNTRY_NAMES) == [
        "Hiszpania",
        "Litwa",
        "Luksemburg",
        "Łotwa",
        "Zjednoczone Emiraty Arabskie",
    ]
