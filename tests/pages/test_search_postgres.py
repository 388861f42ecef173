"""What only the PostgreSQL search does: near misses, ranking by weight, and index use."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

import pages.search
from members.models import MemberOrganisation
from pages.search import KINDS, search
from pages.search_postgresql import statement
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    MemberOrganisationFactory,
    MembershipFactory,
)
from tests.page_text import visible_text
from tests.prepared_statements import prepared_statements

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def cluster_names(query):
    return [cluster.name for cluster in search(query).groups[0].items]


def test_unaccent_folds_every_polish_letter_including_the_stroked_l():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT immutable_unaccent('ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż'), "
            "to_tsvector('simple_unaccent', 'Łódź ŻYWNOŚĆ')::text"
        )
        assert cursor.fetchone() == ("ACELNOSZZ acelnoszz", "'lodz':1 'zywnosc':2")


def test_a_misspelt_word_still_finds_the_name_it_nearly_matches():
    ClusterFactory(name="Klaster Lubelska Medycyna")
    ClusterFactory(name="Wschodni Klaster ICT")
    assert cluster_names("medycna") == ["Klaster Lubelska Medycyna"]
    assert cluster_names("lubelska medycna") == ["Klaster Lubelska Medycyna"]


@pytest.mark.parametrize(("cap", "total"), [(10, 3), (2, 3)])
def test_near_misses_are_counted_once_after_the_document_matches(monkeypatch, cap, total):
    # the matches are the rows the documents match, then the near misses they did not: a name
    # matched both ways is one match, and a near miss counts while the group is under its cap
    monkeypatch.setattr(pages.search, "COUNT_CAP", cap)
    for name in ("Alfa Medycyna", "Beta Medycyna", "Gamma Medycyny", "Delta Farmacja"):
        MemberOrganisationFactory(name=name)
    group = search("medycyna").groups[1]
    assert group.total == total
    assert group.shown_total == min(total, cap)
    assert sorted(item.name for item in group.items) == [
        "Alfa Medycyna",
        "Beta Medycyna",
        "Gamma Medycyny",
    ]


def test_one_unrelated_word_keeps_a_near_miss_from_matching():
    ClusterFactory(name="Wschodni Klaster ICT")
    assert cluster_names("klaster zzzzzz") == []


def test_a_name_ranks_above_an_official_name_prefix_and_a_description():
    ClusterFactory(name="Klaster Ogólny", description="Wspiera fotonikę i światłowody.")
    ClusterFactory(name="Klaster Fotoniki i Światłowodów")
    ClusterFactory(name="Klaster Innych Spraw")
    assert cluster_names("swiatlowod") == ["Klaster Fotoniki i Światłowodów", "Klaster Ogólny"]


def test_an_organisation_is_found_by_its_city_and_ranked_below_one_named_after_it():
    MemberOrganisationFactory(name="Firma Testowa", city="Łódź")
    MemberOrganisationFactory(name="Łódzka Spółka Testowa", city="Warszawa")
    names = [org.name for org in search("lodz").groups[1].items]
    assert names == ["Łódzka Spółka Testowa", "Firma Testowa"]


# The index names the 0002_search migrations gave each kind of record.
INDEX_PREFIXES = {
    "clusters": "cluster",
    "organisations": "organisation",
    "ecosystems": "ecosystem",
    "specialisations": "specialisation",
}


def plan(kind, word, languages):
    """The plan of the kind's search statement, with the planner left only the bitmap scans that
    the GIN indexes offer (tiny test tables would be read whole)."""
    sql, params = statement(kind, word, [word], languages, limit=30, candidates=300, cap=1001)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_the_search_uses_the_full_text_and_the_trigram_index(kind):
    """The migrations' index expressions must equal the query's, or the planner ignores them."""
    EcosystemFactory(name="Lubelska Wyżyna Lotnicza")
    found = plan(kind, "lotnicz", ["pl"])
    prefix = INDEX_PREFIXES[kind.key]
    assert f"Bitmap Index Scan on {prefix}_search_fts" in found
    assert f"Bitmap Index Scan on {prefix}_name_trgm" in found
    # the candidates named after the query come from the names' own index
    assert f"Bitmap Index Scan on {prefix}_search_names" in found


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_the_english_search_uses_the_english_and_the_polish_indexes(kind):
    """On an English page both languages' documents and names are searched, each by its index."""
    EcosystemFactory(name="Lubelska Wyżyna Lotnicza")
    found = plan(kind, "aviation", ["en", "pl"])
    prefix = INDEX_PREFIXES[kind.key]
    for index in ("search_fts", "name_trgm", "search_names"):
        assert f"Bitmap Index Scan on {prefix}_{index}_en" in found
        assert re.search(rf"Bitmap Index Scan on {prefix}_{index}\b(?!_en)", found)


def test_english_words_are_stemmed_so_medical_finds_medicine():
    ClusterFactory(name="Klaster Alfa", name_en="Alpha Medicine Cluster")
    ClusterFactory(name="Klaster Beta", name_en="Beta Cluster")
    with translation.override("en"):
        assert cluster_names("medical") == ["Alpha Medicine Cluster"]


def test_near_misses_compare_whole_words_so_a_shared_ending_is_not_a_match():
    ClusterFactory(name="Klaster Dolina Ekologicznej Żywności")
    ClusterFactory(name="Klaster Efektywność Energetyczna")
    assert cluster_names("zywnosc") == ["Klaster Dolina Ekologicznej Żywności"]


def test_a_different_ending_of_the_same_word_is_a_near_miss():
    ClusterFactory(name="Klaster Fotoniki i Światłowodów")
    assert cluster_names("fotonika") == ["Klaster Fotoniki i Światłowodów"]


def test_the_stored_document_follows_an_edit():
    """The documents are generated columns: PostgreSQL rewrites them on every save."""
    organisation = MemberOrganisationFactory(name="Zakład Stolarski", city="Puławy")
    assert [o.name for o in search("stolarski").groups[1].items] == ["Zakład Stolarski"]

    organisation.name = "Pracownia Ceramiki"
    organisation.save()
    MemberOrganisation.objects.filter(pk=organisation.pk).update(city="Kazimierz Dolny")

    assert search("stolarski").groups[1].items == []
    assert [o.name for o in search("ceramik").groups[1].items] == ["Pracownia Ceramiki"]
    assert [o.name for o in search("kazimierz").groups[1].items] == ["Pracownia Ceramiki"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document_pl::text, search_names_pl::text "
            "FROM members_memberorganisation WHERE id = %s",
            [organisation.pk],
        )
        assert cursor.fetchone() == (
            "'ceramiki':2A 'dolny':4B 'kazimierz':3B 'pracownia':1A",
            "'ceramiki':2A 'pracownia':1A",
        )


def test_a_name_match_is_ranked_though_many_descriptions_match_before_it(monkeypatch):
    """Only a capped candidate set is ranked; the rows named after the query are always in it."""
    monkeypatch.setattr(pages.search, "CANDIDATES", 2)
    for number in range(6):
        MemberOrganisationFactory(name=f"Firma {number}", description="Wspieramy fotonikę.")
    MemberOrganisationFactory(name="Centrum Fotoniki")

    group = search("fotonik").groups[1]

    assert group.items[0].name == "Centrum Fotoniki"
    assert len(group.items) <= 4  # two candidates of each kind, at most
    assert group.total == 7  # counted on every match, not on the candidates


@pytest.mark.parametrize("counts_kept", [False, True], ids=["caches off", "caches on"])
def test_an_organisation_only_in_unpublished_clusters_is_never_found(client, settings, counts_kept):
    """Which organisations are public (``listed``): the same organisations are found and counted
    with the listings' caches on and off."""
    from django.core.cache import cache

    from core.data_version import bump_data_version

    settings.LISTING_COUNT_SECONDS = 60 if counts_kept else 0
    cache.clear()
    shown, closed = ClusterFactory(), ClusterFactory(published=False)
    in_both = MemberOrganisationFactory(name="Ceramika Obu Klastrów")
    hidden = MemberOrganisationFactory(name="Ceramika Ukryta")
    MemberOrganisationFactory(name="Ceramika Bez Klastra")  # in no cluster yet: listed
    MembershipFactory(organisation=in_both, cluster=shown)
    MembershipFactory(organisation=in_both, cluster=closed)
    MembershipFactory(organisation=hidden, cluster=closed)
    bump_data_version()  # what the writes' commit does (a test's transaction never commits)

    response = client.get(reverse("clusters:search"), {"q": "ceramika"})

    found = {organisation.name for organisation in response.context["results"].groups[1].items}
    assert found == {"Ceramika Obu Klastrów", "Ceramika Bez Klastra"}
    text = visible_text(response)
    assert "Ceramika Ukryta" not in text
    assert "Organizacje (2)" in text
    cache.clear()


def test_the_small_kinds_statements_are_prepared_once_per_connection_and_still_counted(
    django_assert_num_queries,
):
    # planning them took more than running them: PostgreSQL keeps their plans
    # (pages.search_postgresql._cursor); the organisations' plan depends on the words
    ClusterFactory(name="Klaster Lubelska Medycyna")
    for _time in range(3):
        with django_assert_num_queries(len(KINDS)):
            assert cluster_names("medycyna") == ["Klaster Lubelska Medycyna"]
    prepared = prepared_statements()
    tables = {kind.key: kind.model._meta.db_table for kind in KINDS}
    assert sorted(key for key, table in tables.items() if any(table in s for s in prepared)) == [
        "clusters",
        "ecosystems",
        "specialisations",
    ]
    assert len(prepared) == 3  # one each, however often they ran
