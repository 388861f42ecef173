"""A listing's rows as a streamed CSV download, and the plain-text answer to malformed filters."""

from contextlib import nullcontext

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.csv_safety import csv_rows
from core.memory import release_freed_memory

UTF8_BOM = "\ufeff"
# What a spreadsheet set to each language expects: Polish ones take the semicolon (the comma is
# their decimal mark), English ones the comma.
CSV_DELIMITERS = {"pl": ";", "en": ","}
CSV_DELIMITER = CSV_DELIMITERS["pl"]


#: Lines are sent in pieces of about this many characters: a piece per line would be a write to
#: the socket (and a gzip flush) per line, slower than writing the line itself.
STREAM_PIECE_CHARS = 64 * 1024


def csv_stream(header, rows, language=None):
    """The file, written in ``language`` (headers, labels, names, the separator) even though a
    streamed response is read after the view, and its middleware, have returned."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    delimiter = CSV_DELIMITERS.get(language, CSV_DELIMITER)
    try:
        with _in_a_transaction(), translation.override(language):
            yield UTF8_BOM + next(csv_rows([header], delimiter))
            piece, size = [], 0
            for line in csv_rows(rows, delimiter):
                piece.append(line)
                size += len(line)
                if size >= STREAM_PIECE_CHARS:
                    yield "".join(piece)
                    piece, size = [], 0
            if piece:
                yield "".join(piece)
    finally:
        # the file's chunks are garbage now (or the download was cut): give their memory back
        # (core.memory), so that a worker is not left holding the largest file it wrote
        del rows
        release_freed_memory()


def _in_a_transaction():
    """The whole file is read in one transaction. A server-side cursor (``iterator()`` on
    PostgreSQL) declared outside one is WITH HOLD: PostgreSQL runs the query to its end and keeps
    every row before the first is fetched (200,000 organisations: one 240 ms statement before the
    download started). In one, each fetch reads just its chunk. The transaction stays open, idle
    between chunks, as long as the download (a slow client's too): a server's
    ``idle_in_transaction_session_timeout`` must be longer than the longest download, and a
    pooler in transaction mode keeps the connection that long. A download cut off rolls it back
    (the stream is closed, then the request ends)."""
    return nullcontext() if connection.in_atomic_block else transaction.atomic()


def csv_response(filename_stem, header, rows):
    """A streamed CSV download in the page's language: UTF-8 with a BOM (so spreadsheets read
    Polish letters), a header row, the language's separator."""
    filename = f"{filename_stem}-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        csv_stream(header, rows, translation.get_language()),
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
