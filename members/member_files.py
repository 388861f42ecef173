"""The member-list files the site writes: a cluster's export and the template, as CSV and XLSX.

Both formats hold the importer's columns (``member_import.COLUMNS``) in its order and read back as
they were written. The workbook's first sheet is the list, with the allowed values of "rodzaj",
"województwo" and "rola" offered as drop-down lists (a warning, not a refusal, as the importer
also takes codes and several roles); its second sheet, "Objaśnienia", explains each column in
Polish and holds those lists. The CSV template carries the same explanations as rows starting
with "#", which the importer skips.
"""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.xlsx_safety import cell, workbook_bytes

from .import_files import MAX_ROWS
from .member_import import COLUMNS
from .models import MembershipRole, OrganisationType, Voivodeship

WIDTHS = {"name": 45, "organisation_type": 28, "city": 18, "voivodeship": 22, "website": 30}
# The columns whose allowed values the workbook lists, and the choices that give them.
LISTS = (
    ("organisation_type", OrganisationType.choices),
    ("voivodeship", Voivodeship.choices),
    ("role", MembershipRole.choices),
)


def _labels(choices):
    return ", ".join(f"{label} ({value})" for value, label in choices)


def explanations():
    """(column label, what to write in it) for each column, in Polish."""
    texts = [
        _("wymagana; organizacje już w katalogu są rozpoznawane po nazwie i skrótach"),
        _("jedno z: %(values)s; puste = brak danych")
        % {"values": _labels(OrganisationType.choices)},
        _("np. Lublin"),
        _("jedno z: %(values)s; tylko dla Polski") % {"values": _labels(Voivodeship.choices)},
        _("nazwa po polsku albo kod, np. Polska lub PL"),
        _("pełny adres, np. https://example.pl"),
        _("%(values)s; kilka ról po przecinku; puste = członek")
        % {"values": _labels(MembershipRole.choices)},
        _("rok, np. 2019"),
    ]
    return [(str(label), text) for (_key, label), text in zip(COLUMNS, texts, strict=True)]


def example_row():
    return [
        _("Przykładowa Spółka z o.o."),
        str(OrganisationType.ENTERPRISE.label),
        "Lublin",
        str(Voivodeship.LUBELSKIE.label),
        "Polska",
        "https://example.pl",
        str(MembershipRole.MEMBER.label),
        2020,
    ]


def template_csv_rows():
    header = [str(label) for _key, label in COLUMNS]
    notes = [[f"# {label}: {text}"] for label, text in explanations()]
    return [header, *notes, example_row()]


def template_rows():
    return [[str(label) for _key, label in COLUMNS], example_row()]


def workbook(rows) -> bytes:
    """An XLSX of ``rows`` (the header first), with the explanations sheet and drop-down lists."""
    book = Workbook(write_only=True)
    data = book.create_sheet(_("Członkowie"))
    notes = book.create_sheet(_("Objaśnienia"))
    keys = [key for key, _label in COLUMNS]
    for number, key in enumerate(keys, start=1):
        data.column_dimensions[get_column_letter(number)].width = WIDTHS.get(key, 16)
    data.freeze_panes = "A2"

    # The explanations sheet: column A and B explain, the next columns list the allowed values.
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 80
    list_columns = {}
    for offset, (key, _choices) in enumerate(LISTS):
        letter = get_column_letter(4 + offset)
        notes.column_dimensions[letter].width = 30
        list_columns[key] = letter
    bold = {"font": Font(bold=True)}
    wrap = {"alignment": Alignment(wrap_text=True, vertical="top")}
    heading = [
        cell(notes, _("Kolumna"), **bold),
        cell(notes, _("Co wpisać"), **bold),
        None,
        *(
            cell(notes, _("Dozwolone: %(column)s") % {"column": dict(COLUMNS)[key]}, **bold)
            for key, _c in LISTS
        ),
    ]
    notes.append(heading)
    explained = explanations()
    longest = max(len(explained), *(len(choices) for _key, choices in LISTS))
    for index in range(longest):
        row = [None, None, None]
        if index < len(explained):
            label, text = explained[index]
            row[:2] = [cell(notes, label, **bold), cell(notes, text, **wrap)]
        for _key, choices in LISTS:
            row.append(cell(notes, str(choices[index][1])) if index < len(choices) else None)
        notes.append(row)
    notes.append([])
    notes.append(
        [
            cell(
                notes,
                _(
                    "Import czyta pierwszy arkusz. Wpisuj wartości, nie formuły; rok jako liczbę. "
                    "Organizacje już w katalogu są rozpoznawane po nazwie i skrótach; pusta "
                    "komórka usuwa wartość pola."
                ),
            )
        ]
    )

    sheet_name = notes.title.replace("'", "''")
    for key, choices in LISTS:
        letter = get_column_letter(keys.index(key) + 1)
        listed = list_columns[key]
        validation = DataValidation(
            type="list",
            formula1=f"'{sheet_name}'!${listed}$2:${listed}${len(choices) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            # A warning lets a code stand; several roles are a combination no list holds.
            errorStyle="information" if key == "role" else "warning",
            errorTitle=_("Wartość spoza listy"),
            error=_("Tej wartości nie ma na liście w arkuszu „Objaśnienia”. Zostawić ją?"),
        )
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        data.data_validations.append(validation)

    rows = iter(rows)
    data.append([cell(data, value, **bold) for value in next(rows)])
    for row in rows:
        data.append([cell(data, value) for value in row])
    return workbook_bytes(book)
