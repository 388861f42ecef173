"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's sync API keeps an event loop running in the main thread from its first use to the end
of the session, and Django refuses database access from a thread with a running loop
(SynchronousOnlyOperation). No async Django code shares that loop, so the guard is lifted, but only
from the first browser test on, and the browser tests run last: the rest of the suite (and any
subprocess it starts, such as `manage.py check --deploy`) keeps the guard and never sees the
variable.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.hookimpl(trylast=True)  # after pytest's and pytest-django's own reordering
def pytest_collection_modifyitems(config, items):
    """Browser tests run after every other test (see the module docstring). Without Chromium a
    developer's `make test` skips them; CI (BROWSER_TESTS=required) fails instead."""
    items.sort(key=lambda item: "browser" in item.keywords)  # stable: each group keeps its order
    if CHROMIUM.exists():
        return
    if os.environ.get("BROWSER_TESTS") == "required":
        raise pytest.UsageError(f"{CHROMIUM} is missing: apt-get install -y chromium")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (apt-get install -y chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _django_beside_playwrights_loop():
    """Lift Django's async guard from the first browser test to the end of the session."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a browser downloaded by `playwright install`."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "pl-PL", "accept_downloads": True}


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the real Lublin data loaded, as `make run` serves it."""
    call_command("load_real_data", verbosity=0)
    return live_server


@pytest.fixture(scope="module")
def _read_only_server(django_db_setup, django_db_blocker):
    """The live server with the real data, loaded once for a module whose tests only read (the
    accessibility scans): `site` loads it again for every test, which cost most of their time.

    The data is committed when the module starts and flushed when it ends, as `site`'s
    transactional_db does after each test; pytest-django's `live_server` is not used, as any test
    asking for it gets transactional_db and its flush.
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        call_command("load_real_data", verbosity=0)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def read_only_site(_read_only_server, db):
    """`site` for tests that only read (see _read_only_server); `db` has pytest-django set up the
    test database even when no other test of the run asks for it."""
    return _read_only_server


@pytest.fixture
def page(page):
    """Fail fast: a test waits at most 10 s for an element, not Playwright's default 30 s."""
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def csp_violations(page):
    """What Chromium refused under the Content-Security-Policy (inline style or script, foreign
    sources), as its console reports it, since the page was opened."""
    refused = []

    def record(message):
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", record)
    return refused


def pytest_sessionfinish(session):
    """Under pytest-xdist each worker hands its axe-core findings to the controller, which prints
    the summary (tests/conftest.py)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        from tests.browser.axe_scan import SUMMARY

        workeroutput["axe_summary"] = SUMMARY.to_json()
