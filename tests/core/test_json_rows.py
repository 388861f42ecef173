import datetime

import pytest
from django.utils import translation

from clusters.models import Cluster, PartnerCountry, Source
from core.json_rows import RowQuery, branch, instance, model_ordering, row_fields
from tests.factories import ClusterFactory, PartnerCountryFactory, SourceFactory

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


def test_a_null_foreign_key_reads_as_none():
    cluster = ClusterFactory()
    partner = PartnerCountryFactory(cluster=cluster, source=None)
    found = ROWS.rows(cluster=cluster.pk, partners=[partner.pk])
    assert instance(Source, found["partners"][0], "source") is None
