"""Two clusters and cluster Alfa's office, logged in: the back-office tests of members."""

import pytest

from tests import factories


@pytest.fixture
def alfa(db):
    return factories.ClusterFactory(name="Klaster Alfa")


@pytest.fixture
def beta(db):
    return factories.ClusterFactory(name="Klaster Beta")


@pytest.fixture
def office(client, alfa):
    user = factories.office_user("biuro-alfa", clusters=[alfa])
    client.force_login(user)
    client.user = user
    return client
