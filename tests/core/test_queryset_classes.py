"""modeltranslation's multilingual queryset classes are made once per queryset class
(core.queryset_classes), not on every ``Model.objects`` call: each class made was kept in memory
until a full garbage collection (a listing made 30, the clusters' CSV one per cluster)."""

import gc

import pytest

from clusters.models import Cluster
from members.models import MemberOrganisation


def test_a_models_querysets_share_one_class():
    first, again = Cluster.objects.public(), Cluster.objects.public()
    assert type(first) is type(again)
    assert type(MemberOrganisation.objects.all()) is type(MemberOrganisation.objects.all())
    assert type(first).__name__ == "MultilingualClusterQuerySet"  # still modeltranslation's


@pytest.mark.django_db
def test_a_related_manager_makes_no_class_after_the_first():
    cluster = Cluster(pk=1)
    cluster.specialisations.all()  # the first makes the classes it needs
    gc.collect()
    classes = sum(1 for obj in gc.get_objects() if isinstance(obj, type))
    for _ in range(20):
        cluster.specialisations.all()
    assert sum(1 for obj in gc.get_objects() if isinstance(obj, type)) == classes
