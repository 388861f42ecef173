"""XLSX cells a spreadsheet never runs as a formula: the workbook twin of ``csv_safety``.

openpyxl turns any string that starts with ``=`` into a formula cell (``data_type`` "f"), so a
name like ``=HYPERLINK(…)`` typed by an office would run in the investor's Excel. Here every text
value is written as a string cell (``data_type`` "s", set after openpyxl's guess); one that
starts with a formula trigger also carries Excel's "quote prefix" style, the workbook's own
apostrophe, which keeps it text when someone edits the cell. Unlike CSV, nothing is added to the
value, so a workbook read back gives exactly what was written. Characters XML cannot hold
(control characters) are dropped rather than failing the whole file.

Every workbook the site writes puts its cells through :func:`cell`.
"""

import io
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .csv_safety import FORMULA_TRIGGERS

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell(sheet, value, **style):
    """A write-only cell of ``sheet`` holding ``value``: a number as a number, the rest as text."""
    if value is None or value == "":
        result = WriteOnlyCell(sheet, None)
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        result = WriteOnlyCell(sheet, value)
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        result = WriteOnlyCell(sheet, text)
        result.data_type = "s"  # never "f", whatever the text starts with
        if text[:1] in FORMULA_TRIGGERS:
            result.quotePrefix = True
    for name, setting in style.items():
        setattr(result, name, setting)
    return result


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
