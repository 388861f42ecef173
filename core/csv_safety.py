"""CSV cells a spreadsheet can never run as a formula ("CSV injection"), whatever it splits on.

Names and descriptions come from office staff, and investors open the files in a spreadsheet.
A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one). Quoting alone is not enough: our files are separated by semicolons, and a
spreadsheet that guesses the comma (or a tab, or reads line by line) starts a new cell inside
``"Acme,=HYPERLINK(…)"``. So every text cell is quoted, and a trigger is prefixed with ``'`` at the
start of the value and wherever a separator a spreadsheet might use could start a cell before it
(spaces and quotes in between do not help: spreadsheets skip them).

Every CSV the site writes goes through :func:`csv_rows`.
"""

import csv
import re
from decimal import Decimal

FORMULA_TRIGGERS = "=+-@\t\r"
# Characters a spreadsheet may split cells (or rows) on.
CELL_STARTS = ",;\t|\r\n"
_DANGEROUS = re.compile(
    rf"(^|[{re.escape(CELL_STARTS)}])([ \"']*)(?=[{re.escape(FORMULA_TRIGGERS)}])"
)


# Quick looks that settle most cells: the full pattern costs five times as much, which counts in
# an export of 200,000 rows. Without a separator in the value, the pattern can only match at its
# start (after spaces and quotes).
_ANY_TRIGGER = re.compile(f"[{re.escape(FORMULA_TRIGGERS)}]")
_ANY_CELL_START = re.compile(f"[{re.escape(CELL_STARTS)}]")


def safe_text(value: str) -> str:
    """``value`` with an apostrophe before every formula trigger that could start a cell."""
    if _ANY_TRIGGER.search(value) is None:
        return value
    if _ANY_CELL_START.search(value) is None:
        head = value.lstrip(" \"'")[:1]
        if not head or head not in FORMULA_TRIGGERS:
            return value
    return _DANGEROUS.sub(r"\1\2'", value)


def safe_cell(value):
    """A cell for ``csv.writer`` with QUOTE_STRINGS: numbers stay numbers, the rest safe text."""
    if value.__class__ is str:  # most cells, asked first
        return safe_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value  # unquoted, so a spreadsheet reads a number; a negative one is no formula
    return safe_text(str(value))


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a stream."""

    def write(self, value):
        return value


def csv_rows(rows, delimiter):
    """Each row of ``rows`` as one line of CSV text, every text cell quoted and neutralised."""
    writer = csv.writer(_Echo(), delimiter=delimiter, quoting=csv.QUOTE_STRINGS)
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])
