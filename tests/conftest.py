import pytest
from django.core.management import call_command

from tests import factories


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
