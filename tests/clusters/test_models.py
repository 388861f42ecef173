import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from clusters.models import Cluster, DatePrecision, EvidenceRecency, MemberReport, Source
from tests.factories import (
    ActivityEvidenceFactory,
    ClusterFactory,
    MemberReportFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_database_refuses_a_breakdown_larger_than_the_total():
    cluster = ClusterFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberReport.objects.create(
            cluster=cluster, source=SourceFactory(), total=10, enterprises=8, hospitals=3
        )


def test_database_refuses_more_members_in_lublin_than_in_the_voivodeship():
    cluster = ClusterFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberReport.objects.create(
            cluster=cluster, source=SourceFactory(), total=10, in_voivodeship=5, in_lublin=6
        )


def test_form_validation_names_the_field_of_an_impossible_figure():
    report = MemberReportFactory.build(
        cluster=ClusterFactory(), source=SourceFactory(), total=10, in_voivodeship=5, in_lublin=6
    )
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert list(error.value.message_dict) == ["in_lublin"]
    assert "W Lublinie" in error.value.message_dict["in_lublin"][0]


def test_shares_are_computed_from_counts_not_stored():
    report = MemberReport(total=184, in_voivodeship=153, in_lublin=117, enterprises=150)
    assert (report.share(150), report.share(153), report.share(117)) == (82, 83, 64)


@pytest.mark.parametrize(
    ("date", "group"),
    [
        (datetime.date(2024, 3, 18), EvidenceRecency.RECENT),
        (datetime.date(2023, 1, 1), EvidenceRecency.RECENT),
        (datetime.date(2022, 12, 31), EvidenceRecency.MIDDLE),
        (datetime.date(2019, 1, 1), EvidenceRecency.MIDDLE),
        (datetime.date(2018, 12, 31), EvidenceRecency.OLD),
        (None, EvidenceRecency.NONE),
    ],
)
def test_clusters_are_grouped_by_their_latest_evidence_computed_not_stored(date, group):
    cluster = ClusterFactory()
    ActivityEvidenceFactory(cluster=cluster, date=datetime.date(2010, 5, 1))  # older, ignored
    if date is None:
        cluster.activity_evidence.all().delete()
    else:
        ActivityEvidenceFactory(cluster=cluster, date=date)

    annotated = Cluster.objects.with_latest_evidence().get(pk=cluster.pk)

    assert annotated.evidence_recency == group
    assert annotated.latest_evidence_date == date
    assert Cluster.objects.with_latest_evidence().count_by("evidence_recency") == {group: 1}


def test_a_date_is_stored_only_as_precisely_as_the_source_states_it():
    evidence = ActivityEvidenceFactory.build(
        cluster=ClusterFactory(),
        source=SourceFactory(),
        date=datetime.date(2024, 3, 18),
        date_precision=DatePrecision.MONTH,
    )
    evidence.full_clean()
    assert evidence.date == datetime.date(2024, 3, 1)
    assert evidence.when == "marzec 2024"


@pytest.mark.parametrize(
    ("precision", "polish", "english"),
    [
        (DatePrecision.DAY, "18 marca 2024", "18 March 2024"),
        (DatePrecision.MONTH, "marzec 2024", "March 2024"),
        (DatePrecision.YEAR, "2024", "2024"),
        (DatePrecision.NONE, "bez daty", "undated"),
    ],
)
def test_a_date_is_written_in_the_language_of_each_page_it_is_shown_on(precision, polish, english):
    # the written dates are kept per language (sources.format_partial_date): the same date read
    # on a Polish, an English and a Polish page again
    date = None if precision == DatePrecision.NONE else datetime.date(2024, 3, 18)
    source = Source(slug="s", title="s", date=date, date_precision=precision)
    shown = []
    for language in ("pl", "en", "pl"):
        with translation.override(language):
            shown.append(source.when)
    assert shown == [polish, english, polish]


def test_a_source_either_has_a_date_or_says_it_has_none():
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(slug="x", title="x", date=None, date_precision=DatePrecision.DAY)
    with pytest.raises(ValidationError) as error:
        Source(slug="y", title="y", date_precision=DatePrecision.YEAR).full_clean()
    assert "date" in error.value.message_dict
    undated = Source(slug="z", title="z", date_precision=DatePrecision.NONE)
    undated.full_clean()
    assert undated.when == "bez daty"
