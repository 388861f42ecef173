"""The master's warm-up before it forks the workers (config/warm_up.py, gunicorn's when_ready)."""

import gc
import runpy
from pathlib import Path

import pytest
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.loaders import filesystem

from config.warm_up import warm_up
from core import json_rows
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cold_templates():
    """No template compiled yet, as in a process that has served nothing; and the collector as it
    was after the test (warm_up freezes what it finds)."""
    for engine in (engines["django"].engine, get_default_renderer().engine.engine):
        engine.template_loaders[0].reset()
    yield
    gc.unfreeze()


@pytest.fixture
def template_reads(monkeypatch):
    """The site's templates read from disk from now on."""
    read = []
    original = filesystem.Loader.get_contents

    def get_contents(self, origin):
        read.append(origin.template_name)
        return original(self, origin)

    monkeypatch.setattr(filesystem.Loader, "get_contents", get_contents)
    return read


@pytest.mark.django_db
def test_after_the_warm_up_no_page_reads_a_template(client, cold_templates, template_reads):
    warm_up()
    template_reads.clear()
    cluster = factories.ClusterFactory()
    factories.MembershipFactory(cluster=cluster)
    for path in ("/", "/klastry/", cluster.get_absolute_url(), "/en/organisations/", "/nie-ma/"):
        assert client.get(path).status_code in (200, 404)
    assert template_reads == []


@pytest.mark.django_db
def test_without_it_the_first_page_reads_its_templates(client, cold_templates, template_reads):
    assert client.get("/klastry/").status_code == 200
    assert "base.html" in template_reads


def test_gunicorn_warms_up_the_master_when_ready(cold_templates, template_reads):
    namespace = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    logged = []

    class Server:
        class log:  # noqa: N801 (gunicorn's server.log)
            @staticmethod
            def info(message, *args):
                logged.append(message % args)

    namespace["when_ready"](Server)
    assert "base.html" in template_reads
    assert logged and logged[0].startswith("Warmed up: ")


@pytest.fixture
def statement_builds(monkeypatch):
    """No page statement compiled yet, as in a process that has served nothing (every RowQuery
    there is, declared ahead or not); the branches composed from now on."""
    built = []
    # type(), not isinstance(): a lazy object asked its class would be evaluated
    for query in (o for o in gc.get_objects() if type(o) is json_rows.RowQuery):
        monkeypatch.setattr(query, "_compiled", {})
    original = json_rows._branch_sql

    def branch_sql(*args, **kwargs):
        built.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(json_rows, "_branch_sql", branch_sql)
    return built


def pages_of_fixed_statements():
    """A page of each RowQuery compiled ahead (an ecosystem's page also reads lists of its
    clusters, a statement per number of them, which cannot be)."""
    ecosystem = factories.EcosystemFactory()
    cluster = factories.ClusterFactory(ecosystem=ecosystem)
    membership = factories.MembershipFactory(cluster=cluster)
    return [
        "/",
        cluster.get_absolute_url(),
        membership.organisation.get_absolute_url(),
        "/ekosystemy/",
        f"/en/clusters/{cluster.slug}/",
        "/en/ecosystems/",
    ]


@pytest.mark.django_db
def test_after_the_warm_up_no_page_composes_its_statements(
    client, cold_templates, statement_builds
):
    warm_up()
    assert statement_builds  # composed ahead
    statement_builds.clear()
    for path in pages_of_fixed_statements():
        assert client.get(path).status_code == 200
    assert statement_builds == []


@pytest.mark.django_db
def test_without_it_the_first_visits_compose_them(client, statement_builds):
    for path in pages_of_fixed_statements():
        assert client.get(path).status_code == 200
    assert statement_builds
