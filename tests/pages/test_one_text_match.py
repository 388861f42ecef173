"""The site search and a listing's text filter match text the same way (README: "folding text as
the site search does"): every word starts a word of a searched field, case and diacritics ignored."""

import pytest
from django.db import connection
from django.urls import reverse

from pages.search import search
from tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db

QUERIES = ["lodz", "ŁÓDŹ", "swidnik", "lotnicz", "ict", "medycyna lubelska", "zdrow", "xyz"]


@pytest.fixture
def clusters():
    for name, description in [
        ("Łódzki Klaster Lotniczy", "Przemysł lotniczy i kosmiczny."),
        ("Klaster PZL-Świdnik", "Śmigłowce ze Świdnika."),
        ("Wschodni Klaster ICT", "Technologie informacyjne."),
        ("Klaster Rolnictwa", "Rolnictwo i żywność."),
        ("Lubelska Medycyna", "Medycyna i zdrowie w Lublinie."),
    ]:
        ClusterFactory(name=name, description=description)


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="on PostgreSQL the site search is full-text with near misses, a superset by design",
)
def test_the_same_query_finds_the_same_clusters_in_the_site_search_and_the_listing(
    client, clusters
):
    for query in QUERIES:
        [group] = [g for g in search(query).groups if g.key == "clusters"]
        listed = client.get(reverse("clusters:list"), {"q": query}).context["object_list"]
        assert {c.name for c in group.items} == {c.name for c in listed}, query


def test_the_listing_matches_the_start_of_a_word_without_case_or_diacritics(client, clusters):
    def listed(query):
        response = client.get(reverse("clusters:list"), {"q": query})
        return {c.name for c in response.context["object_list"]}

    assert listed("lodz") == listed("ŁÓDŹ") == {"Łódzki Klaster Lotniczy"}
    assert listed("swidnik") == {"Klaster PZL-Świdnik"}
    assert listed("ict") == {"Wschodni Klaster ICT"}  # not "Rolnictwa"
    assert listed("zdrow lubl") == {"Lubelska Medycyna"}
