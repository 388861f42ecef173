import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clusters.models import MemberReport
from tests.factories import ClusterFactory, MemberReportFactory, SourceFactory

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
