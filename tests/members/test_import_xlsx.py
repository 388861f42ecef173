"""The member import from XLSX: the same columns, errors and preview as CSV; bad workbooks refused
with a message and nothing written; the XLSX export and template, safe and round-tripping."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members import import_files
from members.models import MemberOrganisation, Membership
from tests import factories

from .importing import COLUMNS, confirm, counts, page, upload, xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def errors_of(response):
    return [(line, column) for line, column, _message in response.context["plan"].errors]


def test_a_workbook_is_previewed_and_applied_like_a_csv(office, alfa):
    data = xlsx(
        [
            [
                "Nowa Firma",
                "przedsiębiorstwo",
                "Lublin",
                "lubelskie",
                "Polska",
                None,
                "członek",
                2021,
            ],
            # a year typed as text, and as a float (a spreadsheet's numbers are floats)
            [
                "Drugi Instytut",
                "higher-education",
                "Puławy",
                None,
                "PL",
                None,
                "koordynator",
                "2019",
            ],
            [1234, None, None, None, None, None, None, 2020.0],  # a name that is a number
        ]
    )
    before = counts()
    preview = upload(office, alfa, data, name="lista.xlsx")
    assert preview.status_code == 200
    assert preview.context["plan"].errors == []
    assert "Do dodania: 3, do zmiany: 0, bez zmian: 0." in page(preview)
    assert counts() == before
    assert confirm(office, preview).status_code == 302
    institute = MemberOrganisation.objects.get(name="Drugi Instytut")
    assert institute.memberships.get().since_year == 2019
    assert MemberOrganisation.objects.get(name="1234").memberships.get().since_year == 2020
    assert Membership.objects.get(organisation__name="Nowa Firma").since_year == 2021


def test_rows_and_columns_are_named_as_the_spreadsheet_shows_them(office, alfa):
    data = xlsx(
        [
            ["Dobra Firma", "przedsiębiorstwo"],
            [],  # a blank row is skipped, but counts in the numbering
            ["Zła Firma", "fabryka"],
            ["Inna", None, None, "mazurskie"],
        ]
    )
    response = upload(office, alfa, data, name="lista.xlsx")
    assert errors_of(response) == [(4, "rodzaj"), (5, "województwo")]
    assert "Nieznany rodzaj „fabryka”" in page(response)


def test_cells_a_spreadsheet_cannot_give_as_text_are_errors_with_row_and_column(office, alfa):
    data = xlsx(
        [
            ["Formułowa", None, '=A1&"x"', None, None, None, None, None],
            ["Datowana", None, None, None, None, None, None, datetime.datetime(1905, 7, 11)],
            ["Logiczna", None, True, None, None, None, None, None],
            ["Dobra", None, "Lublin", None, None, None, None, "2020"],
        ]
    )
    before = counts()
    response = upload(office, alfa, data, name="lista.xlsx")
    assert response.status_code == 200
    html = page(response)
    assert errors_of(response) == [
        (2, "miejscowość"),
        (3, "rok przystąpienia"),
        (4, "miejscowość"),
    ]
    assert "W komórce jest formuła (=A1&amp;&quot;x&quot;)" in html
    assert "W komórce jest data (11.07.1905), a nie rok: wpisz sam rok" in html
    assert "wartość logiczna" in html
    assert "Potwierdzam" not in html
    assert counts() == before


def test_an_error_value_and_a_formula_in_the_name(office, alfa):
    book = load_workbook(io.BytesIO(xlsx([["x"], ["y"]])))
    sheet = book.active
    sheet["A2"] = "=1/0"
    sheet["A3"].value = "#DIV/0!"
    sheet["A3"].data_type = "e"
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(office, alfa, buffer.getvalue(), name="lista.xlsx")
    messages = response.context["plan"].errors
    # only the cell's own error: no "missing name" as well
    assert [(line, column) for line, column, _m in messages] == [
        (2, "nazwa organizacji"),
        (3, "nazwa organizacji"),
    ]
    assert "formuła (=1/0)" in messages[0][2]
    assert "błąd arkusza (#DIV/0!)" in messages[1][2]


def zip_of(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def encrypted_looking():
    return import_files.OLE2_MAGIC + b"\0" * 600


BAD_FILES = {
    "csv named xlsx": (
        "nazwa organizacji;rodzaj\nFirma;przedsiębiorstwo\n".encode(),
        "nie jest skoroszytem XLSX (może to tekst, np. CSV",
    ),
    "password-protected": (encrypted_looking(), "zabezpieczony hasłem"),
    "truncated": (xlsx([["Firma"]])[:300], "jest uszkodzony albo niekompletny"),
    "a zip of something else": (zip_of({"notes.txt": "hello"}), "nie jest skoroszytem XLSX"),
    "corrupt parts": (
        zip_of({"xl/workbook.xml": "<not xml", "[Content_Types].xml": "<x/>"}),
        "jest uszkodzony albo to nie jest skoroszyt Excela",
    ),
    "empty sheet": (xlsx([], header=None), "Plik jest pusty"),
    "unknown column": (xlsx([["x", "y"]], header=["nazwa organizacji", "kolor"]), "Nieznana"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_workbook_is_a_clear_400_and_nothing_is_written(office, alfa, case):
    data, message = BAD_FILES[case]
    before = counts()
    response = upload(office, alfa, data, name="lista.xlsx")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_a_zip_bomb_is_refused_before_it_is_inflated(office, alfa):
    # 60 MB of zeros packs into about 60 kB; the declared size gives it away.
    bomb = zip_of(
        {"xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * 60_000_000}
    )
    assert len(bomb) < 200_000
    response = upload(office, alfa, bomb, name="lista.xlsx")
    assert response.status_code == 400
    assert "za duży po rozpakowaniu" in response.content.decode()


def test_a_sheet_beyond_the_row_cap_is_refused(office, alfa, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 10)
    response = upload(office, alfa, xlsx([[f"Firma {n}"] for n in range(11)]), name="l.xlsx")
    assert response.status_code == 400
    assert "Plik ma więcej niż 10 wierszy." in response.content.decode()
    assert (
        upload(office, alfa, xlsx([[f"Firma {n}"] for n in range(10)]), name="l.xlsx").status_code
        == 200
    )


def test_the_xlsx_export_is_safe_and_a_round_trip_changes_only_what_was_edited(office, alfa):
    one = factories.MemberOrganisationFactory(
        name="Alfa Sp. z o.o.",
        organisation_type="enterprise",
        city="Lublin",
        voivodeship="lubelskie",
        country="PL",
        website="https://alfa.example.pl",
    )
    two = factories.MemberOrganisationFactory(name='=HYPERLINK("x")', city="Świdnik", country="DE")
    three = factories.MemberOrganisationFactory(name="@Trzecia", city="-Minus")
    factories.MembershipFactory(organisation=one, cluster=alfa, role="coordinator", since_year=2015)
    factories.MembershipFactory(organisation=one, cluster=alfa, role="founder", since_year=2015)
    factories.MembershipFactory(organisation=two, cluster=alfa, since_year=None)
    factories.MembershipFactory(organisation=three, cluster=alfa, since_year=2001)
    response = office.get(reverse("admin:members_membership_export_xlsx", args=[alfa.pk]))
    assert response["Content-Type"] == XLSX_TYPE
    assert "czlonkowie-klaster-alfa.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == COLUMNS
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    # every text is a string cell, never a formula; a trigger also carries Excel's quote prefix
    formula_like = cells['=HYPERLINK("x")'][0]
    assert formula_like.data_type == "s" and formula_like.quotePrefix
    assert cells["@Trzecia"][0].quotePrefix and cells["@Trzecia"][2].value == "-Minus"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert cells["Alfa Sp. z o.o."][7].value == 2015  # a year is a number
    assert cells["Alfa Sp. z o.o."][6].value == "koordynator, założyciel"

    unchanged = upload(office, alfa, response.content, name="lista.xlsx")
    assert unchanged.context["plan"].errors == []
    assert (unchanged.context["created"], unchanged.context["updated"]) == (0, 0)

    cells['=HYPERLINK("x")'][2].value = "Kraśnik"
    buffer = io.BytesIO()
    book.save(buffer)
    edited = upload(office, alfa, buffer.getvalue(), name="lista.xlsx")
    changed = [row for row in edited.context["plan"].rows if row.action == "update"]
    assert [(row.name, row.changes) for row in changed] == [
        ('=HYPERLINK("x")', [("miejscowość", "Świdnik", "Kraśnik")])
    ]
    before_one = MemberOrganisation.objects.filter(pk=one.pk).values().get()
    confirm(office, edited)
    two.refresh_from_db()
    assert two.city == "Kraśnik" and two.country.code == "DE"
    assert MemberOrganisation.objects.filter(pk=one.pk).values().get() == before_one


def test_the_xlsx_template_explains_the_columns_and_offers_the_allowed_values(office, alfa):
    response = office.get(reverse("admin:members_membership_import_template_xlsx"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Członkowie", "Objaśnienia"]
    notes = book["Objaśnienia"]
    explained = {row[0].value: row[1].value for row in notes.iter_rows(min_row=2) if row[0].value}
    assert set(COLUMNS) <= set(explained)
    assert "przedsiębiorstwo (enterprise)" in explained["rodzaj"]
    listed = {
        cell.value
        for row in notes.iter_rows(min_row=2, min_col=4, max_col=6)
        for cell in row
        if cell.value
    }
    assert {"przedsiębiorstwo", "lubelskie", "koordynator"} <= listed
    validated = {
        str(v.sqref): v.formula1 for v in book["Członkowie"].data_validations.dataValidation
    }
    assert set(validated) == {"B2:B20001", "D2:D20001", "G2:G20001"}
    assert all(formula.startswith("'Objaśnienia'!$") for formula in validated.values())
    preview = upload(office, alfa, response.content, name="szablon.xlsx")
    assert preview.context["plan"].errors == []
    assert preview.context["created"] == 1


def test_the_upload_page_offers_both_formats(office, alfa):
    html = office.get(reverse("admin:members_membership_import")).content.decode()
    assert reverse("admin:members_membership_import_template_xlsx") in html
    assert reverse("admin:members_membership_import_template") in html
    assert reverse("admin:members_membership_export_xlsx", args=[alfa.pk]) in html
    assert 'accept=".xlsx,.csv' in html


def test_an_office_exports_only_its_own_clusters_as_xlsx(office, beta):
    response = office.get(reverse("admin:members_membership_export_xlsx", args=[beta.pk]))
    assert response.status_code == 404
