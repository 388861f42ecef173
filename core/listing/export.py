"""A listing's rows as a streamed CSV download, and the plain-text answer to malformed filters."""

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.csv_safety import csv_rows

UTF8_BOM = "\ufeff"
CSV_DELIMITER = ";"  # what a spreadsheet set to Polish expects (the comma is its decimal mark)


def csv_stream(header, rows):
    yield UTF8_BOM + next(csv_rows([header], CSV_DELIMITER))
    yield from csv_rows(rows, CSV_DELIMITER)


def csv_response(filename_stem, header, rows):
    """A streamed CSV download: UTF-8 with a BOM (so spreadsheets read Polish letters), header row."""
    filename = f"{filename_stem}-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        csv_stream(header, rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def invalid_filter_response(form):
    """The export's answer to a malformed filter: 400 and the form's messages in plain text."""
    lines = [str(_("Nieprawidłowe filtry:"))]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")
