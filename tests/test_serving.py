"""Serving as in production: a database outage answers 503 quickly and heals by itself; static files;
gunicorn's settings. (scripts/db_outage_check.sh drills the same against a stopped PostgreSQL.)"""

import os
import runpy
import socket
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path
from types import ModuleType
from urllib.request import urlopen
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import OperationalError, connection
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import reverse
from gunicorn.config import Config as GunicornConfig

from config.views import server_error
from tests import factories
from tests.db_outage import CLOSED_PORT, TcpRelay, default_database_at

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = [
    "clusters:home",
    "clusters:list",
    "clusters:specialisation-list",
    "clusters:country-list",
    "ecosystems:list",
    "members:list",
]


def assert_is_the_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "<h1>Serwis chwilowo niedostępny</h1>" in text
    assert "wróci sam" in text
    assert "Traceback" not in text
    # Security headers are on this page too.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.slow
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_a_page_answers_the_503_page_quickly_when_the_database_is_unreachable(client, db, name):
    factories.ClusterFactory(name="Klaster Widoczny Przed Awarią")
    url = reverse(name)
    with default_database_at("127.0.0.1", CLOSED_PORT):
        started = time.monotonic()
        response = client.get(url)
        elapsed = time.monotonic() - started
    assert_is_the_503_page(response)
    assert elapsed < 5


@pytest.mark.slow
def test_a_cluster_profile_answers_the_503_page_when_the_database_is_unreachable(client, db):
    cluster = factories.ClusterFactory()
    with default_database_at("127.0.0.1", CLOSED_PORT):
        response = client.get(reverse("clusters:detail", args=[cluster.slug]))
    assert_is_the_503_page(response)


@pytest.mark.slow
def test_an_unanswered_connection_gives_up_after_the_connect_timeout(client, db):
    # 10.255.255.1 is not routed: packets vanish, as when a firewall drops them. libpq's
    # connect_timeout (minimum 2 s) bounds the wait instead of the kernel's ~2 minutes.
    with default_database_at("10.255.255.1", 5432, OPTIONS={"connect_timeout": 2}):
        started = time.monotonic()
        response = client.get(reverse("clusters:list"))
        elapsed = time.monotonic() - started
    assert_is_the_503_page(response)
    assert elapsed < 5


def served(path):
    """(status, text) of one request through Django's WSGI handler, as gunicorn sends it.

    Unlike the test client, this keeps Django's per-request connection housekeeping (the health
    check and recycling of a broken connection at each request's start and end).
    """
    environ = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    status = []
    response = WSGIHandler()(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        body = b"".join(response)
    finally:
        response.close()
    return int(status[0].split()[0]), body.decode()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_process_recovers_by_itself_when_the_database_comes_back():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    real = connection.settings_dict
    relay = TcpRelay(real["HOST"] or "127.0.0.1", real["PORT"] or 5432)
    relay.open()
    url = reverse("clusters:list")
    try:
        with default_database_at(
            "127.0.0.1", relay.port, NAME=real["NAME"], USER=real["USER"], PASSWORD=real["PASSWORD"]
        ) as worker_connection:
            assert served(url)[0] == 200
            assert served("/healthz") == (200, "ok\n")
            kept = worker_connection.connection
            assert kept is not None  # a persistent connection, as in a gunicorn worker

            relay.close()  # the database goes away: the kept connection breaks, the port refuses
            started = time.monotonic()
            status, text = served(url)
            assert status == 503
            assert "<h1>Serwis chwilowo niedostępny</h1>" in text
            assert served("/healthz")[0] == 503
            assert served(url)[0] == 503
            assert time.monotonic() - started < 5

            relay.open()  # the database is back on the same address; nothing is restarted
            assert served("/healthz") == (200, "ok\n")
            assert served(url)[0] == 200
            assert worker_connection.connection is not kept  # reconnected on its own
    finally:
        relay.close()


def test_a_database_outage_outside_a_view_still_answers_503_and_other_errors_500():
    """handler500 sees errors raised outside views, e.g. while the session is saved."""
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "<h1>Serwis chwilowo niedostępny</h1>" in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


@pytest.mark.slow
def test_production_settings_connect_to_postgresql_with_a_timeout_and_health_checks():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['OPTIONS']['connect_timeout'], d['CONN_HEALTH_CHECKS'], "
        "d['CONN_MAX_AGE'])"
    )
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://klastry@db.example:5432/klastry",
        DB_CONNECT_TIMEOUT="4",
    )
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert output[-4:] == ["django.db.backends.postgresql", "4", "True", "60"]


@pytest.mark.slow  # compresses every static file twice
def test_collectstatic_with_the_production_storage_writes_hashed_compressed_copies(tmp_path):
    # The storage production configures (config.settings), not one restated here: the test
    # settings serve from the finders instead, so without this nothing checks production's choice.
    from config import settings as production

    storages = {**settings.STORAGES, "staticfiles": production.STORAGES["staticfiles"]}
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
        page = render_to_string("base.html", request=RequestFactory().get("/"))
    css = [p.name for p in (tmp_path / "css").iterdir() if p.name.startswith("site.")]
    hashed = [name for name in css if name.endswith(".css") and name != "site.css"]
    assert len(hashed) == 1  # site.<hash>.css
    assert f"{hashed[0]}.gz" in css
    assert f"{hashed[0]}.br" in css
    assert f"/static/css/{hashed[0]}" in page  # what pages link to: the name that can be cached


def test_gunicorn_reads_every_setting_of_ours_and_takes_them_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "12")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("GUNICORN_GRACEFUL_TIMEOUT", "90")
    namespace = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    ours = {
        name: value
        for name, value in namespace.items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    config = GunicornConfig()
    # gunicorn silently skips a name it does not know: a misspelt setting would do nothing.
    assert set(ours) - set(config.settings) == set()
    for name, value in ours.items():
        config.set(name, value)  # gunicorn's own validation of each value
    assert (config.bind, config.workers, config.timeout) == (["0.0.0.0:9000"], 3, 12)
    assert (config.worker_class_str, config.threads, config.graceful_timeout) == ("gthread", 4, 90)
    module, _, attribute = config.wsgi_app.partition(":")
    assert isinstance(getattr(import_module(module), attribute), WSGIHandler)


def test_gunicorn_defaults_are_threaded_workers_that_let_a_long_import_finish(monkeypatch):
    for name in ("GUNICORN_THREADS", "GUNICORN_TIMEOUT", "GUNICORN_GRACEFUL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    namespace = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (namespace["worker_class"], namespace["threads"]) == ("gthread", 2)
    assert (namespace["timeout"], namespace["graceful_timeout"]) == (30, 300)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow  # starts gunicorn
def test_a_response_longer_than_gunicorns_timeout_is_sent_whole(tmp_path):
    """With our gunicorn.conf.py a response streaming for 7 s is not cut by a 2-s timeout (a sync
    worker was killed after 2-3 s, mid-stream), so long imports and exports finish. (A gthread
    worker reports about once a second, so a timeout of 1 s would catch even a healthy one.)"""
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_TIMEOUT": "2",
        "SLOW_STREAM_CHUNKS": "10",
        "SLOW_STREAM_PAUSE": "0.7",
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    with log.open("w") as output:
        server = subprocess.Popen(
            [*command, "tests.slow_stream_app:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        with urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:  # noqa: S310 - local
            body = response.read().decode()
        assert body == "".join(f"line {number}\n" for number in range(10))
        assert "WORKER TIMEOUT" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize(("given", "served_with"), [(None, "2"), ("4", "4")])
def test_serve_script_gives_the_workers_two_malloc_arenas_unless_told(given, served_with):
    """glibc's malloc keeps an arena per thread that allocates, and what is freed in it: with two
    arenas a worker held 15-30 MB less after the cached benchmark. serve.sh's own exports, run by
    bash, decide what gunicorn inherits."""
    exports = "\n".join(
        line
        for line in (ROOT / "scripts" / "serve.sh").read_text().splitlines()
        if line.startswith("export MALLOC_ARENA_MAX")
    )
    env = {"PATH": os.environ["PATH"], **({"MALLOC_ARENA_MAX": given} if given else {})}
    result = subprocess.run(
        ["bash", "-c", f'{exports}\necho "$MALLOC_ARENA_MAX"'],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == served_with
