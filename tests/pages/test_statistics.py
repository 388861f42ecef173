"""/klastry-w-liczbach/: every figure counted from the database, in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from clusters.models import InitiatorKind
from pages import figures
from tests.factories import (
    ActivityEvidenceFactory,
    ClusterFactory,
    EcosystemFactory,
    InitiatorFactory,
    MemberReportFactory,
    SectorFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

URL = reverse("statistics")
STATISTICS_QUERIES = 8


@pytest.fixture
def directory():
    city = InitiatorFactory(kind=InitiatorKind.CITY, name="Gmina Lublin")
    other = InitiatorFactory(kind=InitiatorKind.OTHER, name="Inne podmioty")
    medical = EcosystemFactory(name="Lubelska Wyżyna Medyczna", slug="lubelska-wyzyna-medyczna")
    EcosystemFactory(name="Lubelska Wyżyna IT")
    health = SectorFactory(name="Medycyna i zdrowie", position=1)
    food = SectorFactory(name="Żywność i rolnictwo", position=2)
    ehealth = SpecialisationFactory(sector=health, name="e-zdrowie")
    robots = SpecialisationFactory(sector=health, name="robotyka medyczna")
    organic = SpecialisationFactory(sector=food, name="żywność ekologiczna")
    medicine = ClusterFactory(
        name="Klaster Lubelska Medycyna", initiator=city, ecosystem=medical, founded_year=2014
    )
    medicine.specialisations.set([ehealth, robots, organic])
    MemberReportFactory(cluster=medicine, as_of_year=2019, total=139)
    MemberReportFactory(cluster=medicine, as_of_year=2021, total=159)
    food_cluster = ClusterFactory(
        name="Klaster Dolina Ekologicznej Żywności", initiator=other, founded_year=2010
    )
    food_cluster.specialisations.set([organic])
    MemberReportFactory(cluster=food_cluster, as_of_year=2019, total=21)
    ClusterFactory(name="ESTA Klaster", initiator=other)
    ClusterFactory(name="Ukryty Klaster", initiator=city, founded_year=2000, published=False)
    return {"medicine": medicine, "food": food_cluster}


def test_clusters_by_initiator_and_by_ecosystem_with_shares_and_links(client, directory):
    response = client.get(URL)
    assert response.status_code == 200
    text = visible_text(response)
    assert "Liczba klastrów w katalogu: 3." in text
    assert "Klastry według inicjatora (razem: 3)" in text
    assert "Gmina Lublin 1 33 %" in text
    assert "inne podmioty 2 67 %" in text
    assert "Lubelska Wyżyna Medyczna 1 33 %" in text
    assert "Lubelska Wyżyna IT 0 0 %" in text
    assert "poza ekosystemami 2 67 %" in text
    assert links(response)["Lubelska Wyżyna Medyczna"] == (
        reverse("clusters:list") + "?ecosystem=lubelska-wyzyna-medyczna"
    )


def test_founding_years_run_from_the_first_to_the_last_with_their_counts(client, directory):
    response = client.get(URL)
    chart = response.context["timeline"]
    assert [(c.label, c.value) for c in chart.columns] == [
        (str(year), 1 if year in (2010, 2014) else 0) for year in range(2010, 2015)
    ]
    text = visible_text(response)
    assert "Rok Klastrów 2010 1 – klastry założone w 2010 2014 1 – klastry założone w 2014" in text
    assert links(response)["1 – klastry założone w 2014"] == (
        reverse("clusters:list") + "?founded_min=2014&founded_max=2014"
    )
    assert "Rok założenia nieznany: klastrów 1." in text
    assert "Ukryty" not in text and "2000" not in text


def test_latest_member_counts_largest_first_and_the_clusters_without_one(client, directory):
    response = client.get(URL)
    text = visible_text(response)
    assert "Klaster Lubelska Medycyna 159" in text
    assert "139" not in text  # only the latest report counts
    assert text.index("Klaster Lubelska Medycyna 159") < text.index(
        "Klaster Dolina Ekologicznej Żywności 21"
    )
    assert "Liczba członków nieznana (klastrów: 1): ESTA Klaster." in text
    assert "Pokazano" not in text  # every count is drawn


def test_member_counts_show_the_largest_and_link_to_every_one(client, directory, monkeypatch):
    monkeypatch.setattr(figures.member_count_bars, "__defaults__", (1,))
    for name in ("Zeta Klaster", "Alfa Klaster"):
        ClusterFactory(name=name)  # without a member count
    response = client.get(URL)
    text = visible_text(response)
    assert [bar.label for bar in response.context["member_bars"]] == ["Klaster Lubelska Medycyna"]
    assert "Klaster Dolina Ekologicznej Żywności" not in text.split("Lata założenia")[-1]
    assert (
        "Pokazano 1 klastrów o największej liczbie członków spośród 2, dla których ją znamy."
        in text
    )
    page_links = links(response)
    assert page_links["Wszystkie klastry według liczby członków"] == (
        reverse("clusters:list") + "?sort=-members"
    )
    assert page_links["pobierz jako CSV"] == reverse("clusters:export") + "?sort=-members"
    assert "Liczba członków nieznana (klastrów: 3): Alfa Klaster (i pozostałe: 2)." in text


def test_sectors_count_each_cluster_once_as_a_share_of_all_clusters(client, directory):
    text = visible_text(client.get(URL))
    assert "Klastry ze specjalizacją w danym sektorze (z 3)" in text
    assert "Medycyna i zdrowie 1 33 %" in text  # two specialisations, one cluster
    assert "Żywność i rolnictwo 2 67 %" in text


def test_a_changed_row_changes_the_figures(client, directory):
    directory["food"].founded_year = 2014
    directory["food"].ecosystem = EcosystemFactory(name="Lubelska Wyżyna Lotnicza")
    directory["food"].save()
    MemberReportFactory(cluster=directory["food"], as_of_year=2024, total=300)

    response = client.get(URL)
    text = visible_text(response)
    assert "2014 2 – klastry założone w 2014" in text
    assert [c.label for c in response.context["timeline"].columns] == ["2014"]
    assert "Lubelska Wyżyna Lotnicza 1 33 %" in text
    assert "poza ekosystemami 1 33 %" in text
    assert text.index("Klaster Dolina Ekologicznej Żywności 300") < text.index(
        "Klaster Lubelska Medycyna 159"
    )


def test_an_empty_directory_shows_zeros_not_an_error(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Liczba klastrów w katalogu: 0." in visible_text(response)


def test_statistics_queries_do_not_grow_with_the_data(
    client, directory, django_assert_max_num_queries
):
    with django_assert_max_num_queries(STATISTICS_QUERIES):
        client.get(URL)
    for year in range(20):
        cluster = ClusterFactory(founded_year=1990 + year, ecosystem=EcosystemFactory())
        cluster.specialisations.add(SpecialisationFactory())
        MemberReportFactory(cluster=cluster, total=year + 1)
        ActivityEvidenceFactory(cluster=cluster)
    with django_assert_max_num_queries(STATISTICS_QUERIES):
        response = client.get(URL)
    assert "Liczba klastrów w katalogu: 23." in visible_text(response)
    assert len(response.context["member_bars"]) <= figures.MEMBER_BARS


def test_activity_evidence_groups_follow_the_latest_documented_activity(client, directory):
    evidence = ActivityEvidenceFactory(
        cluster=directory["medicine"], date=datetime.date(2024, 3, 18)
    )
    ActivityEvidenceFactory(cluster=directory["food"], date=datetime.date(2016, 5, 1))
    text = visible_text(client.get(URL))
    assert "Klastry według roku ostatniego śladu działalności (razem: 3)" in text
    assert "2023 lub później 1 33 %" in text
    assert "2018 lub wcześniej 1 33 %" in text
    assert "nie znaleziono datowanych śladów 1 33 %" in text
    assert "Sama obecność na liście klastrów nie jest takim śladem." in text

    evidence.date = datetime.date(2021, 6, 1)
    evidence.save()
    text = visible_text(client.get(URL))
    assert "2023 lub później 0 0 %" in text and "2019–2022 1 33 %" in text


def test_member_counts_carry_their_year_and_a_lower_bound(client, directory):
    MemberReportFactory(cluster=directory["food"], as_of_year=2021, total=160, is_lower_bound=True)
    text = visible_text(client.get(URL))
    assert "Klaster Dolina Ekologicznej Żywności 160 2021, ponad" in text
    assert "Klaster Lubelska Medycyna 159 2021" in text
