"""Rows of an uploaded member list, CSV or XLSX: what the importer reads, whatever the format.

:func:`read_upload` turns the file's bytes into a :class:`Table`: the columns it has (by key) and,
for each data row, its number as a spreadsheet shows it and its cells as text. A problem with the
file as a whole (not CSV nor XLSX, encrypted, corrupt, empty, unknown columns, too many rows)
raises :class:`FileError` before anything else is looked at; a problem with one cell of a
spreadsheet (a formula, a date where a year belongs, an error value) is kept with the row and
reported by the importer with the row's other errors.

The format is told by the bytes, not the name: a ZIP is a workbook, anything else CSV text. An
XLSX is read with openpyxl in read-only mode, after checking the ZIP's declared sizes (Python's
``zipfile`` never inflates a member past its declared size), so a small "zip bomb" is refused
before a byte of it is inflated, and the rows are read one at a time up to the row cap. Formulas
are read as formulas (``data_only=False``) so that they can be refused: a formula's cached value
may be missing (a file written by a program is never calculated), and an empty cell clears a field.
"""

import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.csv_safety import FORMULA_TRIGGERS
from core.text import fold_polish

MAX_ROWS = 20_000
# A 20,000-row sheet as Excel or our export writes it inflates to about 10 MB of XML.
MAX_XLSX_INFLATED_BYTES = 50 * 1024 * 1024
MAX_XLSX_MEMBERS = 1_000
ZIP_MAGIC = b"PK\x03\x04"
# An encrypted (password-protected) workbook, like an old .xls, is an OLE2 compound file.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class FileError(Exception):
    """The file as a whole cannot be read (format, encoding, no header, unknown columns, size)."""


@dataclass
class Row:
    line: int  # as a spreadsheet numbers it: the header is row 1
    cells: dict  # column key -> text (stripped)
    problems: dict = field(default_factory=dict)  # column key -> message (XLSX cells only)


@dataclass
class Table:
    columns: list  # the keys of the columns the file has, in its order
    rows: list  # of Row, blank and "#" rows left out

    def payload(self):
        """The table as JSON-able lists (it travels signed from the preview to the confirmation)."""
        return {
            "columns": self.columns,
            "rows": [[row.line, [row.cells.get(key, "") for key in self.columns]] for row in self],
        }

    @classmethod
    def from_payload(cls, payload):
        columns = payload["columns"]
        return cls(
            columns,
            [Row(line, dict(zip(columns, cells, strict=True))) for line, cells in payload["rows"]],
        )

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def fold(value: str) -> str:
    """``value`` as matching compares it: case, diacritics and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", fold_polish(value).casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def unescape(cell: str) -> str:
    """The cell stripped, without the apostrophe a CSV export puts before a formula trigger."""
    cell = cell.strip()
    if cell[:1] == "'" and cell[1:2] and cell[1] in FORMULA_TRIGGERS:
        return cell[1:]
    return cell


def read_upload(data: bytes, filename: str, columns) -> Table:
    """The table in an uploaded file; ``columns`` is the importer's ((key, Polish label), ...)."""
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data, columns)
    if data.startswith(OLE2_MAGIC):
        raise FileError(
            _(
                "Ten plik jest zabezpieczony hasłem albo zapisany w starym formacie Excela (.xls). "
                "Zapisz go bez hasła jako „Skoroszyt programu Excel (.xlsx)” albo „CSV UTF-8”."
            )
        )
    if filename.lower().endswith(SPREADSHEET_SUFFIXES):
        raise FileError(
            _(
                "Plik „%(name)s” nie jest skoroszytem XLSX (może to tekst, np. CSV, ze zmienioną "
                "nazwą). Zapisz go w arkuszu jako „Skoroszyt programu Excel (.xlsx)” albo nadaj mu "
                "rozszerzenie .csv."
            )
            % {"name": filename}
        )
    return read_csv(decode(data), columns)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            _("Plik nie jest zapisany w UTF-8 (zapisz go jako „CSV UTF-8”).")
        ) from error


def _keys(header, columns):
    """The column key of each header cell (None for an empty one); raises FileError."""
    by_header = {fold(str(label)): key for key, label in columns} | {
        fold(key): key for key, _label in columns
    }
    keys = []
    for cell in header:
        key = by_header.get(fold(cell))
        if key is None and cell.strip():
            raise FileError(
                _("Nieznana kolumna „%(name)s”. Dozwolone kolumny: %(allowed)s.")
                % {"name": cell.strip(), "allowed": ", ".join(str(label) for _k, label in columns)}
            )
        if key is not None and key in keys:
            raise FileError(_("Kolumna „%(name)s” występuje dwa razy.") % {"name": cell.strip()})
        keys.append(key)
    if columns[0][0] not in keys:
        raise FileError(_("Brak kolumny „%(name)s”.") % {"name": columns[0][1]})
    return keys


def _empty():
    return FileError(_("Plik jest pusty: pierwszy wiersz musi zawierać nagłówki kolumn."))


def _too_long():
    return FileError(_("Plik ma więcej niż %(max)d wierszy.") % {"max": MAX_ROWS})


def _skipped(cells):
    """A blank row, or an explanation (the CSV template's rows start with "#")."""
    return not any(cells) or str(cells[0]).lstrip().startswith("#")


def read_csv(text: str, columns) -> Table:
    try:
        return _read_csv(text, columns)
    except csv.Error as error:  # e.g. a cell longer than the csv module's field limit
        raise FileError(
            _("Pliku nie da się odczytać jako CSV: %(error)s") % {"error": error}
        ) from error


def _read_csv(text, columns):
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise _empty()
    first = lines[0]
    reader = csv.reader(
        io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ","
    )
    keys = _keys(next(reader), columns)
    rows = []
    # Rows are numbered as a spreadsheet shows them (the header is row 1), not by the file's lines:
    # a quoted cell may hold a line break.
    for line, cells in enumerate(reader, start=2):
        cells = [unescape(cell) for cell in cells]
        if _skipped(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise _too_long()
        rows.append(Row(line, {key: cell for key, cell in zip(keys, cells, strict=False) if key}))
    return Table([key for key in keys if key], rows)


def _check_zip(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise FileError(
            _("Pliku XLSX nie da się otworzyć: jest uszkodzony albo niekompletny.")
        ) from error
    members = archive.infolist()
    if (
        len(members) > MAX_XLSX_MEMBERS
        or sum(member.file_size for member in members) > MAX_XLSX_INFLATED_BYTES
    ):
        raise FileError(
            _(
                "Skoroszyt jest za duży po rozpakowaniu (ponad %(max)d MB). Zostaw w nim tylko "
                "listę członków albo zapisz ją jako CSV."
            )
            % {"max": MAX_XLSX_INFLATED_BYTES // (1024 * 1024)}
        )
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise FileError(
            _(
                "To archiwum ZIP nie jest skoroszytem XLSX. Zapisz listę jako „Skoroszyt programu "
                "Excel (.xlsx)” albo „CSV UTF-8”."
            )
        )


def _cell_text(cell, key):
    """(text, problem) for one worksheet cell; problem is None or a Polish message."""
    value = cell.value
    if cell.data_type == "f":
        formula = str(value)
        if len(formula) > 40:
            formula = formula[:40] + "…"
        return "", _(
            "W komórce jest formuła (%(formula)s): wpisz wartość albo wklej same wartości "
            "(Wklej specjalnie → Wartości)."
        ) % {"formula": formula}
    if cell.data_type == "e":
        return "", _("W komórce jest błąd arkusza (%(value)s).") % {"value": value}
    if value is None:
        return "", None
    if isinstance(value, bool):
        return "", _("W komórce jest wartość logiczna (PRAWDA/FAŁSZ), a nie tekst.")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | datetime.timedelta):
        if key == "since_year" and isinstance(value, datetime.date):
            return "", _(
                "W komórce jest data (%(date)s), a nie rok: wpisz sam rok, np. 2019, i ustaw "
                "komórce format „Ogólny” lub „Liczbowy”."
            ) % {"date": value.strftime("%d.%m.%Y")}
        return "", _("W komórce jest data albo godzina, a nie tekst: ustaw format „Tekst”.")
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    return unescape(str(value)), None


def read_xlsx(data: bytes, columns) -> Table:
    _check_zip(data)
    # Imported here: openpyxl is only needed when a workbook is uploaded or written.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds (KeyError, ValueError, XML errors…)
        raise FileError(
            _("Pliku XLSX nie da się odczytać: jest uszkodzony albo to nie jest skoroszyt Excela.")
        ) from error
    try:
        return _read_sheet(workbook, columns)
    except FileError:
        raise
    except Exception as error:  # a corrupt sheet fails while its rows are read
        raise FileError(
            _("Pliku XLSX nie da się odczytać: jest uszkodzony albo to nie jest skoroszyt Excela.")
        ) from error
    finally:
        workbook.close()


def _read_sheet(workbook, columns):
    if not workbook.worksheets:
        raise _empty()
    # The first sheet holds the list (the template's second one explains it), whichever sheet
    # was open when the file was saved.
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # a sheet's stated size may be wrong; read what is there
    rows = iter(sheet.iter_rows())
    header = next(rows, ())
    header_cells = [_cell_text(cell, None)[0] for cell in header]
    if not any(header_cells):
        raise _empty()
    keys = _keys(header_cells, columns)
    table = []
    for line, cells in enumerate(rows, start=2):
        if line > 2 * MAX_ROWS:
            raise _too_long()
        values = {}
        problems = {}
        for key, cell in zip(keys, cells, strict=False):
            if key is None:
                continue
            values[key], problem = _cell_text(cell, key)
            if problem:
                problems[key] = problem
        if not problems and _skipped([values.get(key, "") for key in keys if key]):
            continue
        if len(table) >= MAX_ROWS:
            raise _too_long()
        table.append(Row(line, values, problems))
    return Table([key for key in keys if key], table)
