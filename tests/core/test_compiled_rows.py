"""core.compiled_rows: a values query over ids, compiled once, gives what the ORM gives."""

import pytest
from django.db.models import F
from django.utils import translation

from clusters.models import Cluster
from core.compiled_rows import IdsQuery
from tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db


def _names(ids):
    # the language decides the column read: compiled once per language
    return (
        Cluster.objects.filter(pk__in=ids, published=True)
        .annotate(shown=F("name"))
        .order_by("-pk")
        .values_list("pk", "shown", "slug")
    )


def test_rows_are_the_querysets_rows_for_each_call_s_ids():
    first = ClusterFactory(name="Klaster Pierwszy", name_en="First Cluster")
    second = ClusterFactory(name="Klaster Drugi")
    ClusterFactory(name="Klaster Ukryty", published=False)
    hidden = Cluster.objects.get(published=False)
    query = IdsQuery(_names)
    ids = [first.pk, second.pk, hidden.pk]
    assert query.rows(ids) == list(_names(ids))
    assert query.rows([second.pk, first.pk, hidden.pk]) == list(_names(ids))  # same length
    assert query.rows([second.pk]) == [(second.pk, "Klaster Drugi", second.slug)]
    with translation.override("en"):
        assert query.rows([first.pk]) == [(first.pk, "First Cluster", first.slug)]
    assert query.rows([]) == []


def test_the_sql_is_compiled_once_per_language_and_number_of_ids(django_assert_num_queries):
    cluster = ClusterFactory()
    query = IdsQuery(_names)
    for _ in range(2):
        with django_assert_num_queries(1):
            query.rows([cluster.pk, cluster.pk + 1])
    with translation.override("en"):
        query.rows([cluster.pk, cluster.pk + 1])
    query.rows([cluster.pk])
    assert len(query._compiled) == 3


def test_a_value_made_from_the_ids_placeholder_is_refused():
    query = IdsQuery(
        lambda ids: Cluster.objects.filter(pk__in=ids, slug=str(ids)).values_list("pk")
    )
    with pytest.raises(ValueError, match="made from a placeholder"):
        query.rows([1])
    with pytest.raises(ValueError, match="Each id must be a parameter"):
        IdsQuery(lambda ids: Cluster.objects.values_list("pk")).rows([1])


@pytest.mark.postgres
def test_postgresql_prepares_the_statement_once_per_connection_and_it_is_still_counted(
    django_assert_num_queries,
):
    from tests.prepared_statements import prepared_statements

    before = len(prepared_statements())
    clusters = ClusterFactory.create_batch(3)
    query = IdsQuery(_names)
    for cluster in clusters:
        with django_assert_num_queries(1) as captured:
            assert query.rows([cluster.pk]) == [(cluster.pk, cluster.name, cluster.slug)]
        # logged as a client-bound query is, its values in (the benchmark explains it)
        (logged,) = captured.captured_queries
        assert logged["sql"].startswith("SELECT ") and f"IN ({cluster.pk})" in logged["sql"]
    # ids too large for int2 or int4 are sent as the same type: still the one statement
    assert query.rows([40_000]) == query.rows([3_000_000_000]) == []
    assert len(prepared_statements()) == before + 1


@pytest.mark.postgres
@pytest.mark.parametrize("deployment", ["DB_PREPARED_STATEMENTS=0", "CONN_MAX_AGE=0"])
def test_no_statement_is_prepared_when_the_deployment_says_so(settings, monkeypatch, deployment):
    # behind a pooler that drops them, or with a connection per request
    from django.db import connection

    from tests.prepared_statements import prepared_statements

    if deployment == "CONN_MAX_AGE=0":
        monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    else:
        settings.PREPARED_STATEMENTS = False
    before = len(prepared_statements())
    cluster = ClusterFactory()
    assert IdsQuery(_names).rows([cluster.pk]) == [(cluster.pk, cluster.name, cluster.slug)]
    assert len(prepared_statements()) == before
