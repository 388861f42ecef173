import datetime

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from django.utils import translation

from clusters.models import Cluster, KeyFigure, PartnerCountry, Source
from core.json_rows import JSONRow, RowQuery, _columns, branch, instance, model_ordering, row_fields
from members.models import Membership
from tests.factories import (
    ClusterFactory,
    KeyFigureFactory,
    MembershipFactory,
    PartnerCountryFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def _build(*, cluster, partners):
    return {
        "cluster": branch(Cluster.objects.filter(pk=cluster), row_fields(Cluster)),
        "partners": branch(
            PartnerCountry.objects.filter(pk__in=partners),
            {**row_fields(PartnerCountry), **row_fields(Source, "source")},
            model_ordering(PartnerCountry.objects.all(), leave_out=("cluster__name",)),
        ),
    }


ROWS = RowQuery(_build, cluster=int, partners=list)


def test_rows_become_the_instances_the_orm_reads():
    source = SourceFactory(date=datetime.date(2024, 3, 18), date_precision="day")
    cluster = ClusterFactory(name="Klaster Zdrowia", name_en="", data_checked=datetime.date.today())
    partners = [
        PartnerCountryFactory(cluster=cluster, country=code, source=source) for code in ("SE", "DE")
    ]

    for language in ("pl", "en"):
        with translation.override(language):
            found = ROWS.rows(cluster=cluster.pk, partners=[p.pk for p in partners])
            read = instance(Cluster, found["cluster"][0])
            orm = Cluster.objects.get(pk=cluster.pk)
            for field in Cluster._meta.concrete_fields:
                assert getattr(read, field.attname) == getattr(orm, field.attname), field.attname
            assert read.name == orm.name == "Klaster Zdrowia"  # the Polish fallback in English
            assert read.get_deferred_fields() == orm.get_deferred_fields()
            # the partners in their model's order (tie, then country code), with their source
            assert [instance(PartnerCountry, row).country.code for row in found["partners"]] == [
                "DE",
                "SE",
            ]
            first = found["partners"][0]
            assert instance(PartnerCountry, first).country.name == partners[1].country.name
            assert instance(Source, first, "source").when == source.when


def test_the_sql_is_compiled_once_per_language_and_list_length():
    cluster = ClusterFactory()
    partner = PartnerCountryFactory(cluster=cluster)
    query = RowQuery(_build, cluster=int, partners=list)
    for _ in range(2):
        with translation.override("pl"):
            query.rows(cluster=cluster.pk, partners=[partner.pk])
    with translation.override("en"):
        query.rows(cluster=cluster.pk, partners=[partner.pk])
    assert len(query._compiled) == 2
    with translation.override("pl"):
        query.rows(cluster=cluster.pk, partners=[partner.pk, partner.pk + 1])
    assert len(query._compiled) == 3
    with pytest.raises(ValueError):
        query.rows(cluster=cluster.pk, partners=[])


@pytest.mark.postgres
def test_postgresql_prepares_the_statement_once_per_connection_and_it_is_still_counted(
    django_assert_num_queries,
):
    # core.prepared: the same SQL with new values each visit
    from tests.prepared_statements import prepared_statements

    before = len(prepared_statements())
    clusters = ClusterFactory.create_batch(2)
    partners = [PartnerCountryFactory(cluster=cluster) for cluster in clusters]
    query = RowQuery(_build, cluster=int, partners=list)
    with translation.override("pl"):
        for cluster, partner in zip(clusters * 2, partners * 2, strict=True):
            with django_assert_num_queries(1):
                found = query.rows(cluster=cluster.pk, partners=[partner.pk])
            assert [row["id"] for row in found["partners"]] == [partner.pk]
        # a missing id (a cluster of no ecosystem) finds nothing, with the same statement
        found = query.rows(cluster=None, partners=[partners[0].pk])
        assert found["cluster"] == [] and len(found["partners"]) == 1
    assert len(prepared_statements()) == before + 1


def test_sql_compiled_while_the_alias_named_another_database_is_not_reused():
    """The compiled SQL is the database's dialect: compiled while "default" named a PostgreSQL
    server (tests/db_outage.py does that), it is not what the test database runs afterwards."""
    from django.db import OperationalError

    from tests.db_outage import CLOSED_PORT, default_database_at

    cluster = ClusterFactory()
    partner = PartnerCountryFactory(cluster=cluster)
    query = RowQuery(_build, cluster=int, partners=list)
    with default_database_at("127.0.0.1", CLOSED_PORT), pytest.raises(OperationalError):
        query.rows(cluster=cluster.pk, partners=[partner.pk])
    found = query.rows(cluster=cluster.pk, partners=[partner.pk])
    assert [row["id"] for row in found["cluster"]] == [cluster.pk]


def test_a_null_foreign_key_reads_as_none():
    cluster = ClusterFactory()
    partner = PartnerCountryFactory(cluster=cluster, source=None)
    found = ROWS.rows(cluster=cluster.pk, partners=[partner.pk])
    assert instance(Source, found["partners"][0], "source") is None


def _ids(queryset):
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def _by_year(*, year, value, values, clusters):
    """Lookups on positive integer columns (``since_year``: PositiveSmallIntegerField, ``value``:
    PositiveIntegerField), whose range Django 6.1 checks against a plain value when it compiles."""
    return {
        "since": branch(Membership.objects.filter(since_year__gte=year), {"id": "pk"}, ["pk"]),
        "before": branch(Membership.objects.filter(since_year__lt=year), {"id": "pk"}, ["pk"]),
        "exactly": branch(
            Membership.objects.filter(since_year=year, cluster__in=clusters), {"id": "pk"}, ["pk"]
        ),
        "figure": branch(KeyFigure.objects.filter(value=value), {"id": "pk"}, ["pk"]),
        "figures": branch(KeyFigure.objects.filter(value__in=values), {"id": "pk"}, ["pk"]),
    }


def test_placeholders_keep_the_lookups_on_positive_integers_the_orm_makes():
    """A stand-in value out of the field's range (a negative one) made Django drop the WHERE of
    ``>=`` and ``<`` and the whole branch of ``=``: the rows must be the ORM's for each value."""
    clusters = [ClusterFactory(), ClusterFactory()]
    for cluster in clusters:
        for since_year in (2010, 2015, 2020, None):
            MembershipFactory(cluster=cluster, since_year=since_year)
    MembershipFactory(since_year=2015)  # a third cluster's
    for value in (5, 100, 70_000):
        KeyFigureFactory(value=value)
    query = RowQuery(_by_year, year=int, value=int, values=list, clusters=list)
    for year, value, values in ((2015, 100, [5, 70_000]), (2021, 5, [100]), (2010, 1, [1])):
        found = query.rows(year=year, value=value, values=values, clusters=[c.pk for c in clusters])
        assert {name: [row["id"] for row in rows] for name, rows in found.items()} == {
            "since": _ids(Membership.objects.filter(since_year__gte=year)),
            "before": _ids(Membership.objects.filter(since_year__lt=year)),
            "exactly": _ids(Membership.objects.filter(since_year=year, cluster__in=clusters)),
            "figure": _ids(KeyFigure.objects.filter(value=value)),
            "figures": _ids(KeyFigure.objects.filter(value__in=values)),
        }
        if year == 2015:  # the ORM's lists neither empty nor everything
            assert 0 < len(found["since"]) < Membership.objects.count() and found["exactly"]
    # every occurrence of a placeholder (a list's: each item) is a slot of the parameters kept
    for key, (_names, _sql, _params, slots) in query._compiled.items():
        lengths = dict(key[-1])
        wanted = [("year", None)] * 3 + [("value", None)]
        wanted += [(name, i) for name in ("values", "clusters") for i in range(lengths[name])]
        assert sorted(slots.values(), key=str) == sorted(wanted, key=str)


def test_a_placeholder_left_out_or_turned_into_text_is_refused():
    def forgets(*, slug, year):
        return {"c": branch(Cluster.objects.filter(slug=slug), {"id": "pk"})}

    def formats(*, slug):
        return {"c": branch(Cluster.objects.filter(slug=slug, name=f"{slug}"), {"id": "pk"})}

    with pytest.raises(ValueError, match="not found"):
        RowQuery(forgets, slug=str, year=int).rows(slug="a", year=2020)
    with pytest.raises(ValueError, match="made from a placeholder"):
        RowQuery(formats, slug=str).rows(slug="a")


def test_rows_takes_exactly_its_placeholders():
    with pytest.raises(TypeError, match="placeholders"):
        ROWS.rows(cluster=1, partners=[1], partner=[2])
    with pytest.raises(TypeError, match="placeholders"):
        ROWS.rows(cluster=1)


def test_a_json_key_is_a_plain_identifier_to_its_end():
    with pytest.raises(ValueError, match="plain key"):
        JSONRow(**{"name\n": "name"})
    assert JSONRow(name_pl="name_pl").keys == ["name_pl"]


def test_every_model_of_the_site_reads_back_from_json_rows():
    for app in ("clusters", "members", "ecosystems"):
        for model in apps.get_app_config(app).get_models():
            assert _columns(model, None)  # no TypeError


@pytest.mark.parametrize(
    "field",
    [
        models.DecimalField(max_digits=6, decimal_places=2),
        models.UUIDField(),
        models.TimeField(),
        models.DurationField(),
        models.JSONField(),
        models.BinaryField(),
        models.FloatField(),
    ],
    ids=lambda field: type(field).__name__,
)
@isolate_apps("core")
def test_a_column_json_would_return_with_another_type_is_refused(field):
    """JSON gives such a value back as text or a float: read silently, it would be wrong."""

    class Priced(models.Model):
        value = field

        class Meta:
            app_label = "core"

        def __str__(self):
            return str(self.value)

    with pytest.raises(TypeError, match=type(field).__name__):
        instance(Priced, {"id": 1, "value": "1.50"})


def test_a_query_of_list_placeholders_cannot_be_compiled_ahead():
    # one statement per list length: there is no one shape a page always asks
    with pytest.raises(TypeError, match="list placeholder"):
        RowQuery(_build, ahead=(), cluster=int, partners=list)
