import pytest
from django.core.management import call_command

from tests import factories


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` (full-text and trigram search) run only on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason=f"needs PostgreSQL; this run uses {connection.vendor}")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def real_data(db):
    """The real Lublin data from fixtures/, as `make run` loads it."""
    call_command("load_real_data", verbosity=0)


@pytest.fixture
def office_user(db):
    """A cluster-office account with the staff group, attached to no cluster yet."""
    return factories.office_user()


@pytest.fixture
def directory_admin(db):
    return factories.directory_admin()
