"""The CSV exports at any length: a fixed number of queries per chunk of rows, the file sent in
pieces of many lines (a piece per line was a socket write each), and compressed on the way when the
browser accepts gzip, still piece by piece."""

import csv
import gzip
import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.listing.export import CSV_DELIMITER, STREAM_PIECE_CHARS
from members.models import MembershipRole
from members.views import OrganisationExportView
from pages.views.specialisations import SpecialisationExportView
from tests import factories

pytestmark = pytest.mark.django_db

ORGANISATIONS = reverse("members:export")


@pytest.fixture
def directory():
    hydrogen = factories.SpecialisationFactory(name="wodór", slug="wodor")
    clusters = [factories.ClusterFactory(name=f"Klaster {letter}") for letter in "ABC"]
    for cluster in clusters:
        cluster.specialisations.set([hydrogen])
    return clusters, hydrogen


def add_organisations(directory, count, start):
    clusters, hydrogen = directory
    for number in range(start, start + count):
        organisation = factories.MemberOrganisationFactory(
            name=f"Firma {number:03}", city="Lublin", voivodeship="lubelskie", country="PL"
        )
        organisation.specialisations.set([hydrogen])
        for cluster in clusters[: 1 + number % 3]:
            factories.MembershipFactory(
                organisation=organisation, cluster=cluster, role=MembershipRole.FOUNDER
            )


def queries_of(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(10_000) as captured:
        response = client.get(url)
        body = b"".join(response.streaming_content)
    return len(captured.captured_queries), body


@pytest.mark.parametrize(
    ("view", "chunk", "url"),
    [
        (OrganisationExportView, "chunk_size", ORGANISATIONS),
        (
            SpecialisationExportView,
            "organisation_chunk_size",  # its clusters come in chunks of their own
            reverse("clusters:specialisation-export") + "?specialisation=wodor",
        ),
    ],
    ids=["organisations", "investor"],
)
def test_queries_grow_by_two_per_chunk_of_organisations_never_per_row(
    client, directory, django_assert_max_num_queries, monkeypatch, view, chunk, url
):
    monkeypatch.setattr(view, chunk, 4)
    add_organisations(directory, 4, start=0)
    one_chunk, body = queries_of(client, url, django_assert_max_num_queries)
    assert b"Firma 003" in body

    add_organisations(directory, 14, start=4)  # 18 organisations: 5 chunks
    five_chunks, body = queries_of(client, url, django_assert_max_num_queries)

    assert b"Firma 017" in body
    # memberships and specialisations: one query each per chunk
    assert five_chunks - one_chunk == 2 * (math.ceil(18 / 4) - 1)


def test_a_long_file_comes_in_pieces_of_many_lines(client, directory):
    add_organisations(directory, 40, start=0)
    factories.MemberOrganisationFactory(name="Z" * 290)  # a long line or two per piece
    response = client.get(ORGANISATIONS)
    pieces = list(response.streaming_content)

    body = b"".join(pieces)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=CSV_DELIMITER))
    assert len(lines) == 1 + 41
    assert len(pieces) < len(lines)  # the header, then many lines a piece
    assert all(len(piece.decode()) < 2 * STREAM_PIECE_CHARS for piece in pieces)


def test_with_gzip_accepted_the_file_streams_compressed_and_reads_the_same(client, directory):
    add_organisations(directory, 20, start=0)
    plain = b"".join(client.get(ORGANISATIONS).streaming_content)

    response = client.get(ORGANISATIONS, headers={"Accept-Encoding": "gzip"})

    assert response.streaming  # not gathered into one body on the way
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == plain


def test_the_file_leaves_out_what_visitors_may_not_see(client):
    hidden_cluster = factories.ClusterFactory(name="Klaster Ukryty", published=False)
    shown_cluster = factories.ClusterFactory(name="Klaster Widoczny")
    hidden = factories.MemberOrganisationFactory(name="Firma Tylko W Ukrytym")
    factories.MembershipFactory(organisation=hidden, cluster=hidden_cluster)
    both = factories.MemberOrganisationFactory(name="Firma W Obu")
    factories.MembershipFactory(organisation=both, cluster=hidden_cluster)
    factories.MembershipFactory(organisation=both, cluster=shown_cluster)
    factories.MemberOrganisationFactory(name="Firma Bez Klastra")

    body = b"".join(client.get(ORGANISATIONS).streaming_content).decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(body), delimiter=CSV_DELIMITER)}

    assert set(rows) == {"nazwa", "Firma W Obu", "Firma Bez Klastra"}
    assert rows["Firma W Obu"][7] == "Klaster Widoczny (członek)"


def test_a_files_memory_is_given_back_when_it_ends_or_is_cut_off(client, directory, monkeypatch):
    """A worker does not keep the heap an export grew (core.memory): the release runs once the
    last piece is out, and when the download stops half-way."""
    import core.listing.export

    released = []
    monkeypatch.setattr(core.listing.export, "release_freed_memory", lambda: released.append(1))
    add_organisations(directory, 3, start=0)

    response = client.get(ORGANISATIONS)
    pieces = iter(response.streaming_content)
    next(pieces)
    assert released == []  # not while the file is being written
    b"".join(pieces)
    assert released == [1]

    response = client.get(ORGANISATIONS)
    next(iter(response.streaming_content))
    response.close()  # the server closes a response whose client went away
    assert released == [1, 1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # autocommit between requests, as when served
def test_the_file_is_read_a_chunk_at_a_time_in_one_transaction(client, directory, monkeypatch):
    """Outside a transaction a server-side cursor is WITH HOLD: PostgreSQL runs the query to its
    end and keeps every row before sending the first (200,000 organisations: one 240 ms statement
    before the download began). The transaction ends with the file, or when it is cut off."""
    monkeypatch.setattr(OrganisationExportView, "chunk_size", 4)
    add_organisations(directory, 10, start=0)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(ORGANISATIONS)
        pieces = iter(response.streaming_content)
        next(pieces)
        assert connection.in_atomic_block
        body = b"".join(pieces)

    declared = [query["sql"] for query in captured if query["sql"].startswith("DECLARE")]
    assert declared
    assert not [sql for sql in declared if "WITH HOLD" in sql]
    assert b"Firma 009" in body
    assert not connection.in_atomic_block

    response = client.get(ORGANISATIONS)
    next(iter(response.streaming_content))
    response.close()
    assert not connection.in_atomic_block
