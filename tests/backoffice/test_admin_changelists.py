"""Every changelist of the back office stays within the same number of queries for 1 row as for 16."""

import pytest
from django_countries import countries

from tests import factories
from tests.admin_forms import admin_url, changelist_pks

from .conftest import sign_in

FACTORIES = [
    factories.ClusterFactory,
    factories.MemberReportFactory,
    factories.PartnerCountryFactory,
    factories.EventFactory,
    factories.ProjectFactory,
    factories.KeyFigureFactory,
    factories.LabelFactory,
    factories.MemberOrganisationFactory,
    factories.MembershipFactory,
    factories.InitiatorFactory,
    factories.SectorFactory,
    factories.SpecialisationFactory,
    factories.EcosystemFactory,
]


COUNTRIES = [country.code for country in countries][:16]
# Rows unique per cluster need a distinct value each.
DISTINCT = {
    factories.PartnerCountryFactory: lambda n: {"country": COUNTRIES[n]},
    factories.LabelFactory: lambda n: {"year": 2000 + n},
}


def _make(factory, cluster, n=0):
    if "cluster" in factory._meta.declarations:
        extra = DISTINCT.get(factory, lambda n: {})(n)
        return factory(cluster=cluster, **extra)
    if factory is factories.MemberOrganisationFactory:
        return factories.MembershipFactory(cluster=cluster).organisation
    if factory is factories.ClusterFactory:
        return factory(ecosystem=factories.EcosystemFactory(), initiator=cluster.initiator)
    return factory()


# Session, user, count, rows and filter choices: an N+1 over 16 rows would pass it by far.
CHANGELIST_QUERIES = 10


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model._meta.model_name)
@pytest.mark.parametrize("who", ["directory_admin", "office"])
def test_changelist_queries_do_not_grow_with_rows(
    client, db, factory, who, django_assert_max_num_queries
):
    cluster = factories.ClusterFactory()
    user = sign_in(client, who, cluster)
    model = factory._meta.model
    _make(factory, cluster)
    url = admin_url(model, "changelist")
    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        first = client.get(url)

    for n in range(1, 16):
        row = _make(factory, cluster, n)
        if factory is factories.ClusterFactory:
            row.staff.add(user)
    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert len(changelist_pks(second)) == len(changelist_pks(first)) + 15
