"""A long import's progress: the preview and the apply are streamed pages, progress lines first and
the result last; errors are told in the page; nothing is written on error; the apply is atomic."""

import zlib

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from members import import_admin, member_import
from members.models import MemberOrganisation, Membership

from .importing import HEADER, confirm, counts, page, signed_in, upload


@pytest.fixture(autouse=True)
def short_chunks(monkeypatch):
    """Stream above 5 rows, a progress line per 5 rows (10 history records)."""
    monkeypatch.setattr(import_admin, "STREAM_ABOVE_ROWS", 5)
    monkeypatch.setattr(member_import, "PROGRESS_EVERY", 5)


def rows(count, start=0):
    return HEADER + "".join(
        f"Firma {n};przedsiębiorstwo;Lublin;lubelskie;PL;;członek;2020\n"
        for n in range(start, start + count)
    )


def test_a_long_preview_streams_its_progress_then_the_result(office, alfa):
    before = counts()
    response = upload(office, alfa, rows(12))
    assert response.status_code == 200 and response.streaming
    assert response["X-Accel-Buffering"] == "no"
    html = page(response)
    steps = [
        "Sprawdzono 5 z 12 wierszy",
        "Sprawdzono 10 z 12 wierszy",
        "Sprawdzono 12 z 12 wierszy",
        "Sprawdzono wszystkie wiersze; przygotowuję podgląd…",
        "</progress> Sprawdzono 12 z 12 wierszy</p>\n</div>",
        "Do dodania: 12, do zmiany: 0, bez zmian: 0.",
        "Potwierdzam: zapisz import",
    ]
    positions = [html.index(step) for step in steps]
    assert positions == sorted(positions)
    assert '<progress max="12" value="5"' in html
    assert html.rstrip().endswith("</html>")
    assert counts() == before


def test_a_short_file_keeps_the_plain_page(office, alfa):
    response = upload(office, alfa, rows(5))
    assert not response.streaming
    assert "Sprawdzono" not in page(response)


def test_a_long_file_with_errors_lists_them_all_in_the_stream_and_writes_nothing(office, alfa):
    text = rows(10) + "Zła;fabryka;;;;;;\n;;Lublin;;;;;\n"
    before = counts()
    html = page(upload(office, alfa, text))
    assert "Sprawdzono 10 z 12 wierszy" in html
    assert "Liczba błędów w pliku: 2." in html
    assert "Nieznany rodzaj „fabryka”" in html and "Brak wymaganej wartości" in html
    assert "Potwierdzam" not in html and signed_in(html) is None
    assert counts() == before


def test_a_long_file_that_cannot_be_read_is_a_400_before_any_streaming(office, alfa):
    response = upload(office, alfa, rows(12).replace("rok przystąpienia", "kolor"))
    assert response.status_code == 400 and not response.streaming
    assert "Nieznana kolumna „kolor”" in response.content.decode()


def test_the_apply_streams_its_progress_and_writes_everything_in_one_revision(
    office, alfa, django_assert_max_num_queries
):
    preview = upload(office, alfa, rows(30))
    before = Version.objects.count()
    with django_assert_max_num_queries(40):
        response = confirm(office, preview)
        html = page(response)
    assert response.status_code == 200 and response.streaming
    steps = [
        "Sprawdzono 30 z 30 wierszy",
        "Zapisano organizacje i członkostwa.",
        "Zapisano w historii zmian 10 z 60 rekordów",
        "Zapisano w historii zmian 50 z 60 rekordów",
        "Zapisuję historię zmian i kończę import…",
        "Zapisano w historii zmian 60 z 60 rekordów",
        "Zaimportowano listę członków klastra Klaster Alfa: utworzono 30, zmieniono 0, "
        "bez zmian 0.",
    ]
    positions = [html.index(step) for step in steps]
    assert positions == sorted(positions)
    assert reverse("admin:members_membership_changelist") in html
    assert Membership.objects.filter(cluster=alfa).count() == 30
    versions = Version.objects.all()[before:]
    assert len(versions) == 60 and len({v.revision_id for v in versions}) == 1


def test_the_query_count_does_not_grow_with_the_rows(office, alfa, django_assert_max_num_queries):
    preview = upload(office, alfa, rows(200))
    with django_assert_max_num_queries(40):
        assert "utworzono 200" in page(confirm(office, preview))
    with django_assert_max_num_queries(40):
        assert "Do dodania: 0, do zmiany: 0, bez zmian: 200." in page(
            upload(office, alfa, rows(200))
        )


def test_a_failure_midway_through_the_apply_leaves_nothing_and_says_so(office, alfa, monkeypatch):
    preview = upload(office, alfa, rows(30))
    calls = []
    real = reversion.add_to_revision

    def fail_after_twenty(obj, *args, **kwargs):
        calls.append(obj)
        if len(calls) > 20:
            raise RuntimeError("database went away")
        return real(obj, *args, **kwargs)

    monkeypatch.setattr(reversion, "add_to_revision", fail_after_twenty)
    before = counts()
    html = page(confirm(office, preview))
    assert "Zapisano w historii zmian 20 z 60 rekordów" in html  # it was under way
    assert "Import przerwał błąd serwera: nic nie zostało zapisane." in html
    assert "Zaimportowano" not in html
    assert counts() == before
    assert not Version.objects.exists()


def test_a_directory_changed_since_the_preview_is_told_in_the_stream(office, alfa):
    preview = upload(office, alfa, rows(12))
    assert signed_in(page(preview))
    MemberOrganisation.objects.create(name="firma 3", slug="inna-firma-3")  # now a duplicate?
    MemberOrganisation.objects.create(name="Firma 3 ", slug="firma-3-bis")
    before = counts()
    html = page(confirm(office, preview))
    assert "Nazwa pasuje do kilku organizacji" in html
    assert "Zaimportowano" not in html
    assert counts() == before


@pytest.mark.django_db(transaction=True)  # the server's close() closes the connection too
def test_the_apply_is_finished_when_the_browser_goes_away(office, alfa):
    preview = upload(office, alfa, rows(30))
    response = confirm(office, preview)
    chunks = iter(response.streaming_content)
    next(chunks), next(chunks), next(chunks)  # the head and the first progress lines
    response.close()  # what the server does when the browser has gone
    assert Membership.objects.filter(cluster=alfa).count() == 30


def test_gzip_passes_each_progress_line_on_as_it_comes(office, alfa, settings):
    settings.MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *settings.MIDDLEWARE]
    response = upload(office, alfa, rows(12), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip" and response.streaming
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    seen = ""
    for chunk in response.streaming_content:
        seen += inflate.decompress(chunk).decode()
        if "Sprawdzono 5 z 12 wierszy" in seen:
            break
    # the first progress line came out before the result was made
    assert "Do dodania" not in seen
    rest = b"".join(response.streaming_content)
    assert "Do dodania: 12" in seen + inflate.decompress(rest).decode() + inflate.flush().decode()
