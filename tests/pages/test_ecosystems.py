import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import core.bounded
from members.models import OrganisationType
from pages import first_organisations
from pages.views import ecosystems
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    MembershipFactory,
    SectorFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

LIST_QUERIES = 1  # the ecosystems with their cluster counts and the first clusters of each
# the ecosystem with its cluster ids, its organisations counted (which decides how the first ones
# are found), the first clusters, specialisations and organisations (one query, core.json_rows), and
# the specialisations counted when their list is cut (clusters are counted from their ids; the
# counts are kept per data version, off in the tests)
DETAIL_QUERIES = 4


def test_list_explains_the_concept_from_the_seed(client):
    text = visible_text(client.get(reverse("ecosystems:list")))

    assert "Lubelskie Wyżyny Gospodarcze" in text
    assert "sieć powiązanych ze sobą firm i instytucji" in text
    assert "„końmi pociągowymi”" in text
    assert "potrójnej helisie" in text
    assert "światowe trendy" in text


def test_list_shows_each_ecosystem_with_its_clusters_anchor_first(client):
    ecosystem = EcosystemFactory(name="Lubelska Wyżyna IT", summary="Branża IT i ICT.")
    ClusterFactory(name="Aaa Klaster", ecosystem=ecosystem)
    anchor = ClusterFactory(name="Zzz Wiodący", ecosystem=ecosystem, is_ecosystem_anchor=True)
    EcosystemFactory(name="Lubelska Wyżyna Pusta")

    response = client.get(reverse("ecosystems:list"))

    text = visible_text(response)
    assert (
        "Lubelska Wyżyna IT Branża IT i ICT. Klastry: Zzz Wiodący (klaster wiodący) Aaa Klaster"
        in text
    )
    assert "Lubelska Wyżyna Pusta Brak klastrów w katalogu." in text
    assert links(response)["Zzz Wiodący"] == anchor.get_absolute_url()
    assert links(response)["Lubelska Wyżyna IT"] == ecosystem.get_absolute_url()


def test_detail_shows_clusters_specialisations_and_organisations(client):
    ecosystem = EcosystemFactory(name="Lubelska Wyżyna Medyczna", description="Łańcuch wartości.")
    cluster = ClusterFactory(name="Klaster Zdrowia", ecosystem=ecosystem)
    elsewhere = ClusterFactory(name="Klaster Obcy")
    specialisation = SpecialisationFactory(name="e-zdrowie")
    cluster.specialisations.add(specialisation)
    elsewhere.specialisations.add(SpecialisationFactory(name="drewno"))
    member = MembershipFactory(
        cluster=cluster,
        organisation__name="Szpital Kliniczny",
        organisation__organisation_type=OrganisationType.HOSPITAL,
    ).organisation
    MembershipFactory(cluster=cluster, organisation=member, role="founder")
    MembershipFactory(cluster=elsewhere, organisation__name="Tartak")

    response = client.get(ecosystem.get_absolute_url())

    assert response.status_code == 200
    text = visible_text(response)
    assert "Łańcuch wartości." in text
    assert "Klastry (1) Klaster Zdrowia" in text
    assert "Specjalizacje (1) e-zdrowie" in text
    assert "Organizacje w klastrach ekosystemu (1) Szpital Kliniczny – szpital" in text
    for absent in ("Klaster Obcy", "drewno", "Tartak"):
        assert absent not in text
    page_links = links(response)
    assert page_links["Klaster Zdrowia"] == cluster.get_absolute_url()
    assert page_links["e-zdrowie"] == specialisation.get_absolute_url()
    assert page_links["Szpital Kliniczny"] == member.get_absolute_url()
    assert response.context["page_title"] == "Lubelska Wyżyna Medyczna"


def test_an_unknown_ecosystem_is_a_404(client):
    assert client.get(reverse("ecosystems:detail", kwargs={"slug": "wyzyna-x"})).status_code == 404


def test_ecosystem_pages_keep_their_query_bounds_as_rows_grow(
    client, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(core.bounded, "PREVIEW_SIZE", 5)  # the second round cuts every list
    monkeypatch.setattr(ecosystems, "CLUSTERS_ON_LIST", 5)
    ecosystem = EcosystemFactory()
    for round_size in (1, 20):
        for _ in range(round_size):
            cluster = ClusterFactory(ecosystem=ecosystem)
            cluster.specialisations.add(SpecialisationFactory())
            MembershipFactory(cluster=cluster)
            EcosystemFactory()
        with django_assert_max_num_queries(LIST_QUERIES):
            assert client.get(reverse("ecosystems:list")).status_code == 200
        with django_assert_max_num_queries(DETAIL_QUERIES):
            assert client.get(ecosystem.get_absolute_url()).status_code == 200


def test_real_ecosystems_list_all_five_with_their_anchor_clusters(client, real_data):
    response = client.get(reverse("ecosystems:list"))

    text = visible_text(response)
    assert "Ekosystemy (5)" in text
    for ecosystem, anchor in (
        ("Lubelska Wyżyna Motoryzacyjna i Maszynowa", "Wyżyna Przemysłowa"),
        ("Lubelska Wyżyna Lotnicza", "Lubelski Klaster Zaawansowanych Technologii Lotniczych"),
        ("Lubelska Wyżyna IT", "Lubelska Wyżyna IT"),
        ("Lubelska Wyżyna Medyczna", "Klaster Lubelska Medycyna"),
        ("Lubelska Wyżyna Biotechnologiczna", "Lubelski Klaster Biotechnologiczny"),
    ):
        assert f"{ecosystem} " in text
        assert f"{anchor} (klaster wiodący)" in text
    assert links(response)["Klaster Lubelska Medycyna"] == "/klastry/klaster-lubelska-medycyna/"


def test_real_medical_ecosystem_shows_its_cluster_specialisations_and_organisations(
    client, real_data
):
    response = client.get(reverse("ecosystems:detail", kwargs={"slug": "lubelska-wyzyna-medyczna"}))

    text = visible_text(response)
    assert (
        "Klastry (1) Klaster Lubelska Medycyna (klaster wiodący) – inicjator: Gmina Lublin" in text
    )
    assert "Specjalizacje (8)" in text
    assert "Organizacje w klastrach ekosystemu (32)" in text
    assert links(response)["Uniwersytet Medyczny w Lublinie"] == (
        "/czlonkowie/uniwersytet-medyczny-w-lublinie/"
    )


# the first organisations read in name order, or the ecosystem's own sorted
# (pages.first_organisations)
@pytest.mark.parametrize("walk_from", [1, 1000])
def test_a_big_ecosystem_shows_the_first_rows_of_each_list_with_the_totals_and_the_listings(
    client, monkeypatch, walk_from
):
    monkeypatch.setattr(core.bounded, "PREVIEW_SIZE", 3)
    monkeypatch.setattr(first_organisations, "WALK_FROM", walk_from)
    ecosystem = EcosystemFactory(name="Wyżyna Duża", slug="wyzyna-duza")
    anchor = ClusterFactory(name="Zet Wiodący", ecosystem=ecosystem, is_ecosystem_anchor=True)
    # one sector: the specialisations are in the order of their sectors' names first, and the
    # factory's "Sektor 99" comes after "Sektor 100"
    sector = SectorFactory()
    for letter in "ABCDE":
        cluster = ClusterFactory(name=f"Klaster {letter}", ecosystem=ecosystem)
        cluster.specialisations.add(SpecialisationFactory(name=f"spec {letter}", sector=sector))
        MembershipFactory(cluster=cluster, organisation__name=f"Organizacja {letter}")
    MembershipFactory(cluster=anchor, organisation__name="Organizacja A2")
    # first by name, but in a cluster of no ecosystem
    MembershipFactory(organisation__name="Organizacja 0 spoza")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(ecosystem.get_absolute_url())

    if connection.vendor == "postgresql":  # the walk's hash is written "(… IN …) IS TRUE"
        walked = any(") IS TRUE" in query["sql"] for query in queries.captured_queries)
        assert walked == (walk_from == 1)

    text = visible_text(response)
    assert "Klastry (6) Zet Wiodący (klaster wiodący)" in text
    assert "Klaster A" in text and "Klaster B" in text and "Klaster C" not in text
    assert "Specjalizacje (5) spec A spec B spec C Pokazano 3 z 5." in text
    assert (
        "Organizacje w klastrach ekosystemu (6) Organizacja A – przedsiębiorstwo" in text
        or "Organizacje w klastrach ekosystemu (6) Organizacja A " in text
    )
    assert "Organizacja C" not in text and "Organizacja 0 spoza" not in text
    assert text.count("Pokazano 3 z 6.") == 2
    page_links = links(response)
    assert page_links["Wszystkie klastry ekosystemu"] == "/klastry/?ecosystem=wyzyna-duza"
    assert page_links["Wszystkie organizacje ekosystemu"] == "/czlonkowie/?ecosystem=wyzyna-duza"
    assert page_links["pełna lista (CSV)"] in (
        "/klastry/eksport.csv?ecosystem=wyzyna-duza",
        "/czlonkowie/eksport.csv?ecosystem=wyzyna-duza",
    )
    assert "/czlonkowie/eksport.csv?ecosystem=wyzyna-duza" in response.content.decode()


def test_the_english_ecosystem_page_shows_the_first_specialisations_in_its_own_order(
    client, monkeypatch
):
    # sectors of one position, one without an English name: shown in the order of the names the
    # page shows (the Polish one it falls back to first), and the first ones picked in that order
    monkeypatch.setattr(core.bounded, "PREVIEW_SIZE", 1)
    ecosystem = EcosystemFactory()
    cluster = ClusterFactory(ecosystem=ecosystem)
    for polish, english in (("Beta", "Zulu"), ("Gamma", "Yankee"), ("Alfa", None)):
        sector = SectorFactory(name=polish, name_en=english)
        cluster.specialisations.add(SpecialisationFactory(name=f"spec {polish}", sector=sector))
    with translation.override("en"):
        text = visible_text(client.get(ecosystem.get_absolute_url()))
    assert "Specialisations (3) spec Alfa Showing 1 of 3." in text, text


def test_an_ecosystem_page_does_not_grow_with_its_organisations(client):
    """Past the preview, more organisations change a count on the page, not its size."""
    ecosystem = EcosystemFactory()
    cluster = ClusterFactory(ecosystem=ecosystem)
    sizes = []
    for total in (core.bounded.PREVIEW_SIZE + 10, 3 * core.bounded.PREVIEW_SIZE):
        while cluster.memberships.count() < total:
            MembershipFactory(cluster=cluster)
        sizes.append(len(client.get(ecosystem.get_absolute_url()).content))
    assert abs(sizes[1] - sizes[0]) < 1_000  # ~100 bytes a listed organisation
    assert sizes[1] < 100_000


def test_the_list_of_ecosystems_names_the_first_clusters_of_each_and_links_to_the_rest(
    client, monkeypatch
):
    monkeypatch.setattr(ecosystems, "CLUSTERS_ON_LIST", 2)
    ecosystem = EcosystemFactory(name="Wyżyna Duża", slug="wyzyna-duza")
    for name in ("Klaster C", "Klaster A", "Klaster B"):
        ClusterFactory(name=name, ecosystem=ecosystem)
    small = EcosystemFactory(name="Wyżyna Mała")
    ClusterFactory(name="Klaster Mały", ecosystem=small)

    response = client.get(reverse("ecosystems:list"))

    text = visible_text(response)
    assert "Wyżyna Duża Klastry: Klaster A Klaster B Wszystkie klastry ekosystemu (3)" in text
    assert "Klaster C" not in text
    assert "Wyżyna Mała Klastry: Klaster Mały" in text
    assert text.count("Wszystkie klastry ekosystemu") == 1
    assert links(response)["Wszystkie klastry ekosystemu (3)"] == "/klastry/?ecosystem=wyzyna-duza"
