"""CSV exports of the listings: header row, UTF-8 with a BOM, the active filters, streamed."""

import csv
import io

import pytest
from django.urls import reverse

from clusters.models import InitiatorKind
from core.listing.export import CSV_DELIMITER
from members.models import MembershipRole
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    InitiatorFactory,
    MemberOrganisationFactory,
    MemberReportFactory,
    MembershipFactory,
    SpecialisationFactory,
)

pytestmark = pytest.mark.django_db

CLUSTERS = reverse("clusters:export")
ORGANISATIONS = reverse("members:export")
INVESTOR = reverse("clusters:specialisation-export")


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response
    assert response.streaming
    body = b"".join(response.streaming_content)
    return response, body


def rows(body):
    assert body.startswith("\ufeff".encode()), "no UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=CSV_DELIMITER))


@pytest.fixture
def data():
    marshal = InitiatorFactory(name="Urząd Marszałkowski Województwa Lubelskiego", kind="marshal")
    hydrogen = SpecialisationFactory(name="wodór", slug="wodor")
    cluster = ClusterFactory(
        name="Lubelski Klaster Gospodarki Obiegu Zamkniętego",
        initiator=marshal,
        founded_year=2023,
        ecosystem=EcosystemFactory(name="Lubelska Wyżyna Przemysłowa"),
    )
    cluster.specialisations.set([hydrogen])
    MemberReportFactory(
        cluster=cluster,
        total=42,
        is_lower_bound=True,
        as_of_year=2019,
        source__title="Zestawienie miasta",
        source__url="https://lublin.eu/klastry/",
    )
    ClusterFactory(name="Klaster Restauratorów i Hotelarzy", initiator__kind=InitiatorKind.OTHER)
    azoty = MemberOrganisationFactory(
        name="Grupa Azoty Puławy",
        city="Puławy",
        voivodeship="lubelskie",
        country="PL",
        website="https://grupaazoty.com",
    )
    azoty.specialisations.set([hydrogen])
    MembershipFactory(organisation=azoty, cluster=cluster, role=MembershipRole.FOUNDER)
    MemberOrganisationFactory(
        name="Żagiel Med", city="Lublin", voivodeship="lubelskie", country="PL"
    )
    return cluster


def test_cluster_csv_is_an_attachment_with_a_header_row_and_polish_letters(client, data):
    response, body = download(client, CLUSTERS)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="klastry-')
    assert disposition.endswith('.csv"')
    table = rows(body)
    assert table[0][:3] == ["nazwa", "pełna nazwa", "inicjator"]
    assert "członków (ostatni raport)" in table[0]
    by_name = {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert set(by_name) == {
        "Lubelski Klaster Gospodarki Obiegu Zamkniętego",
        "Klaster Restauratorów i Hotelarzy",
    }
    row = by_name["Lubelski Klaster Gospodarki Obiegu Zamkniętego"]
    assert row["inicjator"] == "Urząd Marszałkowski Województwa Lubelskiego"
    assert row["ekosystem"] == "Lubelska Wyżyna Przemysłowa"
    assert row["rok założenia"] == "2023"
    assert row["członków (ostatni raport)"] == "42"
    assert row["członków: stan na rok"] == "2019"
    assert row["członków: „ponad”"] == "tak"
    assert row["członków: źródło"] == "Zestawienie miasta"
    assert row["członków: adres źródła"] == "https://lublin.eu/klastry/"
    other = by_name["Klaster Restauratorów i Hotelarzy"]
    assert other["członków (ostatni raport)"] == other["członków: stan na rok"] == ""
    assert row["specjalizacje"] == "wodór"
    assert row["adres w katalogu"] == "http://testserver" + data.get_absolute_url()


def test_cluster_csv_respects_the_filters_and_the_sort(client, data):
    _response, body = download(client, f"{CLUSTERS}?initiator_kind=marshal")
    assert [row[0] for row in rows(body)[1:]] == ["Lubelski Klaster Gospodarki Obiegu Zamkniętego"]
    _response, body = download(client, f"{CLUSTERS}?sort=-name")
    assert [row[0] for row in rows(body)[1:]] == [
        "Lubelski Klaster Gospodarki Obiegu Zamkniętego",
        "Klaster Restauratorów i Hotelarzy",
    ]


def test_empty_result_still_has_the_header_row(client, data):
    _response, body = download(client, f"{CLUSTERS}?founded_min=2100")
    table = rows(body)
    assert len(table) == 1
    assert table[0][0] == "nazwa"


@pytest.mark.parametrize("url", [CLUSTERS, ORGANISATIONS, INVESTOR])
def test_malformed_filter_in_an_export_answers_400_with_the_reason(client, data, url):
    response = client.get(f"{url}?specialisation=abc")
    assert response.status_code == 400
    assert "abc nie jest żadną z dostępnych opcji" in response.content.decode()


def test_organisation_csv_has_place_clusters_with_role_and_respects_filters(client, data):
    response, body = download(client, f"{ORGANISATIONS}?place=region")
    assert 'filename="organizacje-czlonkowskie-' in response["Content-Disposition"]
    table = rows(body)
    assert table[0] == [
        "nazwa",
        "rodzaj organizacji",
        "miejscowość",
        "województwo",
        "państwo",
        "miejsce działania",
        "strona internetowa",
        "klastry (rola)",
        "specjalizacje",
        "adres w katalogu",
    ]
    assert table[1][:9] == [
        "Grupa Azoty Puławy",
        "przedsiębiorstwo",
        "Puławy",
        "lubelskie",
        "Polska",
        "reszta województwa lubelskiego",
        "https://grupaazoty.com",
        "Lubelski Klaster Gospodarki Obiegu Zamkniętego (założyciel)",
        "wodór",
    ]
    assert len(table) == 2


def test_investor_csv_has_one_row_per_cluster_and_organisation(client, data):
    response, body = download(client, f"{INVESTOR}?specialisation=wodor")
    assert 'filename="specjalizacje-wyniki-' in response["Content-Disposition"]
    table = rows(body)
    assert table[0] == [
        "nazwa",
        "rodzaj wpisu",
        "typ",
        "miejsce",
        "strona internetowa",
        "specjalizacje",
        "klastry",
        "adres w katalogu",
    ]
    assert [row[:2] for row in table[1:]] == [
        ["Lubelski Klaster Gospodarki Obiegu Zamkniętego", "klaster"],
        ["Grupa Azoty Puławy", "organizacja"],
    ]
    assert table[2][3] == "Puławy, reszta województwa lubelskiego"
    assert table[2][6] == "Lubelski Klaster Gospodarki Obiegu Zamkniętego (założyciel)"


def test_exports_stream_in_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    def add_rows():
        for _ in range(10):
            cluster = ClusterFactory()
            cluster.specialisations.set([SpecialisationFactory()])
            MemberReportFactory(cluster=cluster)
            organisation = MemberOrganisationFactory()
            organisation.specialisations.set(cluster.specialisations.all())
            MembershipFactory(organisation=organisation, cluster=cluster)

    add_rows()
    for url, bound in ((CLUSTERS, 3), (ORGANISATIONS, 4), (INVESTOR, 9)):
        with django_assert_max_num_queries(bound):
            b"".join(client.get(url).streaming_content)
    add_rows()
    add_rows()
    for url, bound in ((CLUSTERS, 3), (ORGANISATIONS, 4), (INVESTOR, 9)):
        with django_assert_max_num_queries(bound):
            b"".join(client.get(url).streaming_content)


def test_a_name_that_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(client, db):
    MemberOrganisationFactory(name='=HYPERLINK("http://zly.example/","Kliknij")')
    MemberOrganisationFactory(name="-2+3")

    _response, body = download(client, ORGANISATIONS)

    names = [row[0] for row in rows(body)[1:]]
    assert names == ["'-2+3", '\'=HYPERLINK("http://zly.example/","Kliknij")']
