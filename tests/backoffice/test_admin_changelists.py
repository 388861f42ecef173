"""Every changelist of the back office costs the same number of queries for 1 row as for 16."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_countries import countries

from tests import factories
from tests.admin_forms import admin_url, changelist_pks

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


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model._meta.model_name)
@pytest.mark.parametrize("who", ["directory_admin", "office"])
def test_changelist_queries_do_not_grow_with_rows(client, db, factory, who):
    cluster = factories.ClusterFactory()
    user = (
        factories.directory_admin()
        if who == "directory_admin"
        else factories.office_user("biuro", clusters=[cluster])
    )
    client.force_login(user)
    model = factory._meta.model
    _make(factory, cluster)
    url = admin_url(model, "changelist")
    few, first = _queries(client, url)

    for n in range(1, 16):
        row = _make(factory, cluster, n)
        if factory is factories.ClusterFactory:
            row.staff.add(user)
    many, second = _queries(client, url)

    assert len(changelist_pks(second)) == len(changelist_pks(first)) + 15
    assert many == few
