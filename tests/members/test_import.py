"""The member-list import: preview, errors by row and column, atomic apply, matching, scoping and
the export round trip."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from members.models import MemberOrganisation, Membership, MembershipRole
from tests import factories

from .importing import HEADER, IMPORT_URL, confirm, counts, page, upload, xlsx

VALID = HEADER + (
    "Nowa Firma;przedsiębiorstwo;Lublin;lubelskie;Polska;https://nowa.example.pl;członek;2021\n"
    "Drugi Instytut;higher-education;Puławy;LUBELSKIE;PL;;koordynator;\n"
)


def test_preview_shows_what_will_happen_and_writes_nothing(office, alfa):
    before = counts()
    response = upload(office, alfa, VALID, bom=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Do dodania: 2, do zmiany: 0, bez zmian: 0." in text
    assert "Nowa Firma" in text and "Potwierdzam: zapisz import" in text
    assert counts() == before
    assert not Version.objects.exists()


def test_confirm_applies_the_preview_in_one_revision(office, alfa):
    preview = upload(office, alfa, VALID)
    response = confirm(office, preview)
    assert response.status_code == 302
    firm = MemberOrganisation.objects.get(name="Nowa Firma")
    assert (firm.organisation_type, firm.city, firm.voivodeship, firm.country.code) == (
        "enterprise",
        "Lublin",
        "lubelskie",
        "PL",
    )
    institute = MemberOrganisation.objects.get(name="Drugi Instytut")
    assert institute.memberships.get().role == MembershipRole.COORDINATOR
    assert firm.memberships.get(cluster=alfa).since_year == 2021
    # recorded in history: two organisations and two memberships in one revision
    versions = Version.objects.all()
    assert versions.count() == 4
    assert len({v.revision_id for v in versions}) == 1
    # the office now edits what it imported
    assert (
        office.get(reverse("admin:members_memberorganisation_change", args=[firm.pk])).status_code
        == 200
    )


def test_every_error_is_listed_with_row_and_column_and_nothing_is_written(office, alfa):
    text = HEADER + (
        "Dobra Firma;przedsiębiorstwo;Lublin;lubelskie;PL;;członek;2020\n"
        "Zła Firma;fabryka;Lublin;lubelskie;PL;;członek;2020\n"
        "Inna;przedsiębiorstwo;Lublin;mazurskie;PL;;członek;2020\n"
        "dobra firma;przedsiębiorstwo;Lublin;lubelskie;PL;;członek;2020\n"
        ";przedsiębiorstwo;Lublin;;PL;;członek;\n"
        "Rok;;;;;;prezes;dawno\n"
    )
    before = counts()
    response = upload(office, alfa, text)
    assert response.status_code == 200
    page = response.content.decode()
    errors = {(line, column) for line, column, _message in response.context["plan"].errors}
    assert errors == {
        (3, "rodzaj"),
        (4, "województwo"),
        (5, "nazwa organizacji"),
        (6, "nazwa organizacji"),
        (7, "rola"),
        (7, "rok przystąpienia"),
    }
    assert "Nieznany rodzaj „fabryka”" in page
    assert "Nieznane województwo „mazurskie”" in page
    assert "Ta sama organizacja jest już w wierszu 2." in page
    assert "Brak wymaganej wartości: nazwa organizacji." in page
    assert "Potwierdzam" not in page
    assert counts() == before


def test_a_failure_midway_leaves_nothing(office, alfa, monkeypatch):
    preview = upload(office, alfa, VALID)

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Membership.objects, "bulk_create", fail)
    before = counts()
    with pytest.raises(RuntimeError):
        confirm(office, preview)
    assert counts() == before
    assert not MemberOrganisation.objects.filter(name="Nowa Firma").exists()


def test_existing_organisations_are_matched_by_name_and_alias_not_duplicated(office, alfa):
    umcs = factories.MemberOrganisationFactory(
        name="Uniwersytet Marii Curie-Skłodowskiej", aliases="UMCS, Uniwersytet MCS", city=""
    )
    factories.MembershipFactory(organisation=umcs, cluster=alfa)
    text = HEADER + (
        "umcs;;Lublin;;;;;\n"  # alias, another case
        "UNIWERSYTET MARII CURIE-SKLODOWSKIEJ;;;;;;;\n"  # the name without diacritics: duplicate
    )
    response = upload(office, alfa, text)
    errors = response.context["plan"].errors
    assert errors == [(3, "nazwa organizacji", "Ta sama organizacja jest już w wierszu 2.")]
    response = upload(office, alfa, HEADER + "umcs;;Lublin;;;;;\n")
    assert response.context["updated"] == 1 and response.context["created"] == 0
    confirm(office, response)
    umcs.refresh_from_db()
    assert umcs.city == "Lublin" and umcs.name == "Uniwersytet Marii Curie-Skłodowskiej"
    assert MemberOrganisation.objects.count() == 1


def test_another_offices_organisation_joins_only_as_a_member_and_keeps_its_record(
    office, alfa, beta
):
    theirs = factories.MemberOrganisationFactory(name="Firma Bety", city="Chełm")
    factories.MembershipFactory(organisation=theirs, cluster=beta)
    response = upload(office, alfa, HEADER + "Firma Bety;;Zamość;;;;koordynator;\n")
    assert response.context["plan"].errors == [
        (
            2,
            "rola",
            "Organizację „Firma Bety” prowadzi biuro innego klastra: możesz ją dołączyć do "
            "swojego klastra tylko jako członka.",
        )
    ]
    response = upload(office, alfa, HEADER + "Firma Bety;;Zamość;;;;członek;\n")
    assert "zmiany w jej polach pominięto" in response.content.decode()
    confirm(office, response)
    theirs.refresh_from_db()
    assert theirs.city == "Chełm"
    link = Membership.objects.get(organisation=theirs, cluster=alfa)
    assert link.linked_by_office and link.role == MembershipRole.MEMBER


@pytest.mark.parametrize("side", ["alfa", "beta"])
def test_an_office_imports_and_exports_only_its_own_clusters(request, client, alfa, beta, side):
    mine, other = (alfa, beta) if side == "alfa" else (beta, alfa)
    user = factories.office_user(f"biuro-{side}", clusters=[mine])
    client.force_login(user)
    before = counts()
    response = upload(client, other, VALID)
    assert response.status_code == 404
    assert (
        client.get(reverse("admin:members_membership_export", args=[other.pk])).status_code == 404
    )
    assert client.get(reverse("admin:members_membership_export", args=[mine.pk])).status_code == 200
    page = client.get(reverse(IMPORT_URL)).content.decode()
    assert mine.name in page and other.name not in page
    # a signed preview of one's own cluster cannot be replayed by the other office
    preview = upload(client, mine, VALID)
    client.force_login(factories.office_user(f"inne-{side}", clusters=[other]))
    assert confirm(client, preview).status_code == 403
    # a tampered signature is refused
    assert (
        client.post(reverse(IMPORT_URL), {"signed": "x" + preview.context["signed"]}).status_code
        == 400
    )
    assert counts() == before


def test_a_round_trip_changes_only_what_was_edited(office, alfa):
    one = factories.MemberOrganisationFactory(
        name="Alfa Sp. z o.o.",
        organisation_type="enterprise",
        city="Lublin",
        voivodeship="lubelskie",
        country="PL",
        website="https://alfa.example.pl",
    )
    two = factories.MemberOrganisationFactory(name="=Formuła SA", city="Świdnik", country="DE")
    factories.MembershipFactory(organisation=one, cluster=alfa, role="coordinator", since_year=2015)
    factories.MembershipFactory(organisation=one, cluster=alfa, role="founder", since_year=2015)
    factories.MembershipFactory(organisation=two, cluster=alfa, since_year=None)
    exported = office.get(reverse("admin:members_membership_export", args=[alfa.pk]))
    text = exported.content.decode("utf-8")
    assert text.startswith("\ufeff")
    unchanged = upload(office, alfa, text[1:])
    assert unchanged.context["plan"].errors == []
    assert (unchanged.context["created"], unchanged.context["updated"]) == (0, 0)
    assert "Plik nie wprowadza żadnych zmian" in unchanged.content.decode()
    assert unchanged.context["signed"] is None
    edited = text[1:].replace("Świdnik", "Kraśnik")
    response = upload(office, alfa, edited)
    changed = [row for row in response.context["plan"].rows if row.action == "update"]
    assert [(row.name, row.changes) for row in changed] == [
        ("=Formuła SA", [("miejscowość", "Świdnik", "Kraśnik")])
    ]
    before_one = MemberOrganisation.objects.filter(pk=one.pk).values().get()
    confirm(office, response)
    two.refresh_from_db()
    assert two.city == "Kraśnik" and two.country.code == "DE"
    assert MemberOrganisation.objects.filter(pk=one.pk).values().get() == before_one
    assert sorted(
        Membership.objects.filter(organisation=one).values_list("role", "since_year")
    ) == [
        ("coordinator", 2015),
        ("founder", 2015),
    ]


def test_the_template_explains_the_columns_in_polish_and_imports_as_its_example(office, alfa):
    response = office.get(reverse("admin:members_membership_import_template"))
    text = response.content.decode("utf-8")
    assert "przedsiębiorstwo (enterprise)" in text and "lubelskie (lubelskie)" in text
    preview = upload(office, alfa, text[1:])
    assert preview.context["plan"].errors == []
    assert preview.context["created"] == 1


def test_comma_separated_file_and_unknown_column(office, alfa):
    response = upload(
        office, alfa, "nazwa organizacji,rodzaj,miejscowość\nFirma X,przedsiębiorstwo,Lublin\n"
    )
    assert response.context["created"] == 1
    response = upload(office, alfa, "nazwa organizacji;kolor\nX;czerwony\n")
    assert response.status_code == 400
    assert "Nieznana kolumna „kolor”" in response.content.decode()
    response = office.post(
        reverse(IMPORT_URL),
        {"cluster": alfa.pk, "file": SimpleUploadedFile("x.csv", "Zaż".encode("cp1250"))},
    )
    assert response.status_code == 400 and "UTF-8" in response.content.decode()


@pytest.mark.parametrize("file_format", ["csv", pytest.param("xlsx", marks=pytest.mark.slow)])
def test_five_thousand_rows(office, alfa, capsys, file_format):
    factories.MembershipFactory(
        organisation=factories.MemberOrganisationFactory(name="Firma 17", aliases="F17"),
        cluster=alfa,
    )
    cells = [
        [f"Firma {n}", "przedsiębiorstwo", "Lublin", "lubelskie", "Polska"]
        + [f"https://f{n}.example.pl", "członek", 2020]
        for n in range(5000)
    ]
    if file_format == "csv":
        data, name = HEADER + "".join(";".join(map(str, row)) + "\n" for row in cells), "l.csv"
    else:
        data, name = xlsx(cells), "l.xlsx"
    started = time.perf_counter()
    preview = upload(office, alfa, data, name=name)
    html = page(preview)  # streamed: checked as it is read
    previewed = time.perf_counter() - started
    assert "Sprawdzono 2\xa0500 z 5\xa0000 wierszy" in html
    assert "Do dodania: 4999, do zmiany: 1, bez zmian: 0." in html
    started = time.perf_counter()
    result = page(confirm(office, preview))
    applied = time.perf_counter() - started
    assert "utworzono 4999, zmieniono 1, bez zmian 0" in result
    assert Membership.objects.filter(cluster=alfa).count() == 5000
    with capsys.disabled():
        print(
            f"\n5000 rows ({file_format}): preview {previewed:.2f} s, confirm+apply {applied:.2f} s"
        )


def test_the_membership_list_links_to_the_import(office):
    page = office.get(reverse("admin:members_membership_changelist")).content.decode()
    assert f'href="{reverse(IMPORT_URL)}"' in page


def test_another_offices_unpublished_organisation_is_neither_shown_nor_duplicated(
    office, alfa, beta
):
    beta.published = False
    beta.save()
    hidden = factories.MemberOrganisationFactory(name="Ukryta Firma", city="Tajne Miasto")
    factories.MembershipFactory(organisation=hidden, cluster=beta)
    response = upload(office, alfa, HEADER + "ukryta firma;;Lublin;;;;;\n")
    page = response.content.decode()
    assert [(line, column) for line, column, _m in response.context["plan"].errors] == [
        (2, "nazwa organizacji")
    ]
    assert "Tajne Miasto" not in page and "Potwierdzam" not in page


def test_an_administrator_imports_into_any_cluster_with_any_role(client, alfa, beta):
    theirs = factories.MemberOrganisationFactory(name="Firma Bety")
    factories.MembershipFactory(organisation=theirs, cluster=beta)
    client.force_login(factories.directory_admin())
    response = upload(client, alfa, HEADER + "Firma Bety;;;;;;koordynator;\n")
    assert response.context["plan"].errors == []
    confirm(client, response)
    link = Membership.objects.get(organisation=theirs, cluster=alfa)
    assert link.role == MembershipRole.COORDINATOR and not link.linked_by_office


def test_an_unreadable_csv_is_a_clear_400(office, alfa):
    response = upload(office, alfa, HEADER + '"' + "x" * 200_000 + '"\n')
    assert response.status_code == 400
    assert "Pliku nie da się odczytać jako CSV" in response.content.decode()


def test_rows_are_numbered_as_a_spreadsheet_shows_them(office, alfa):
    text = HEADER + '"Firma\nz dwóch linii";;Lublin;;;;;\n\nZła;fabryka;;;;;;\n'
    response = upload(office, alfa, text)
    assert [(line, column) for line, column, _m in response.context["plan"].errors] == [
        (4, "rodzaj")
    ]
