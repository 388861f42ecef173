import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from tests import factories

#: The Redis server of the tests marked `redis` (each test keeps to keys of its own prefix there).
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "redis: needs the Redis server at REDIS_TEST_URL; skipped without one, an error in CI "
        "(REDIS_TESTS=required)",
    )


def redis_unreachable_reason() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"no Redis at {REDIS_TEST_URL} ({error})"
    return None


def _skip_redis_tests_without_redis(items):
    redis_items = [item for item in items if "redis" in item.keywords]
    if not redis_items or (reason := redis_unreachable_reason()) is None:
        return
    if os.environ.get("REDIS_TESTS") == "required":
        raise pytest.UsageError(f"{reason}: redis-server must run for these tests")
    for item in redis_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(tryfirst=True)  # before pytest-django's stable sort by kind of database access
def pytest_collection_modifyitems(config, items):
    """Tests that read the real data run one after another (it is loaded once for all of them);
    tests marked `postgres` (full-text and trigram search) run only on PostgreSQL; tests marked
    `redis` need a Redis server."""
    from django.db import connection

    _skip_redis_tests_without_redis(items)
    items.sort(key=lambda item: "real_data" not in item.fixturenames)
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason=f"needs PostgreSQL; this run uses {connection.vendor}")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


class RealData:
    """The real Lublin data, loaded inside a transaction that stays open while consecutive tests
    ask for it and is rolled back before the first test that does not.

    Each test still runs in its own savepoint inside it (pytest-django's `db`), so what a test
    writes is gone after it; tests that expect an empty database never see the data, and the
    live-server tests (which commit) never run inside the transaction.
    """

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None

    def load(self):
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            call_command("load_real_data", verbosity=0)

    def roll_back(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_real_data = None


@pytest.fixture(scope="session")
def _real_data_loader(django_db_setup, django_db_blocker):
    # Session-scoped, so it is set up before the test's own `db` savepoint opens.
    global _real_data
    _real_data = RealData(django_db_blocker)
    _real_data.load()
    yield _real_data
    _real_data.roll_back()
    _real_data = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    # Loaded again after a test that did not want it (only if the order above was changed).
    if _real_data is not None and _real_data.atomic is None and "real_data" in item.fixturenames:
        _real_data.load()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)  # the test's savepoint is gone by now
    finally:
        if _real_data is not None and (
            nextitem is None or "real_data" not in nextitem.fixturenames
        ):
            _real_data.roll_back()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist: a worker is done; its axe-core findings join the summary below."""
    found = getattr(node, "workeroutput", {}).get("axe_summary")
    if found:
        from tests.browser.axe_scan import SUMMARY

        SUMMARY.merge_json(found)


def pytest_terminal_summary(terminalreporter):
    """The browser tests' accessibility scans (tests/browser/axe_scan.py), in this process or
    gathered from pytest-xdist's workers."""
    import sys

    axe_scan = sys.modules.get("tests.browser.axe_scan")
    if axe_scan is None or not axe_scan.SUMMARY.pages:
        return
    terminalreporter.section("accessibility (axe-core)")
    for line in axe_scan.SUMMARY.lines():
        terminalreporter.write_line(line)


@pytest.fixture
def real_data(_real_data_loader, db):
    """The real Lublin data from fixtures/, as `make run` loads it (see RealData)."""


@pytest.fixture
def office_user(db):
    """A cluster-office account with the staff group, attached to no cluster yet."""
    return factories.office_user()


@pytest.fixture
def directory_admin(db):
    return factories.directory_admin()


@pytest.fixture(autouse=True)
def _polish_between_tests():
    """A request under /en/ leaves English active in the thread (as LocaleMiddleware would); every
    test starts, as a visitor's request does, in the site's default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def listing_caches_on(settings):
    """The caches of listings on (the tests' default is off): counts, options and pages' SQL kept
    under the test's own data version (core.listing.counts, core.listing.memo,
    core.compiled_pages)."""
    from django.core.cache import cache

    from core.listing import memo

    settings.LISTING_COUNT_SECONDS = 60
    cache.clear()
    memo.clear()
    yield
    cache.clear()
    memo.clear()


@pytest.fixture(autouse=True)
def _a_data_version_of_its_own():
    """Every test starts under a new data version, with nothing kept under an old one. A test's
    writes never commit, so they never bump the version: without this, what one test's requests
    kept in this process for the version (core.listing.memo: a listing's options, the cards'
    table of specialisations) would be found by the next test's, built from rows since rolled
    back, and the outcome would hang on the order the tests run in."""
    from django.core.cache import caches

    from core.listing import memo

    caches[settings.PAGE_CACHE_VERSION_ALIAS].clear()
    memo.clear()
