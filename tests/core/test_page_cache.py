"""The full-page cache, seen from the visitor's side: a page comes from the cache with no query, and
every write in the back office (edit, delete, revert, import, the "data checked" action, fixtures)
shows on the next request, on any app server. Run on the in-process cache and on a real Redis."""

import gzip
import uuid

import brotli
import pytest
import redis
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from clusters.models import Cluster, Event
from config.page_cache import PageCacheMiddleware
from core.data_version import current_version
from tests import factories
from tests.admin_forms import admin_url, change_form_data
from tests.backoffice.test_history import record
from tests.conftest import REDIS_TEST_URL
from tests.page_text import visible_text

REDIS = "django.core.cache.backends.redis.RedisCache"
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def _page_cache_on(settings, kind):
    """The page cache on, in memory or in Redis (under a key prefix of this test's own)."""
    prefix = f"test-{uuid.uuid4().hex}"
    if kind == "redis":
        redis_cache = {"BACKEND": REDIS, "LOCATION": REDIS_TEST_URL, "KEY_PREFIX": prefix}
        # "server_b" is the same Redis through a client of its own: a second app server.
        settings.CACHES = {"default": redis_cache, "server_b": dict(redis_cache)}
        settings.PAGE_CACHE_VERSION_ALIAS = "default"
    else:
        settings.CACHES = {
            "default": {"BACKEND": LOCMEM, "LOCATION": prefix},
            "versions": {"BACKEND": LOCMEM, "LOCATION": f"{prefix}-versions"},
        }
        settings.PAGE_CACHE_VERSION_ALIAS = "versions"
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_SHARED_SECONDS = 60
    yield kind
    if kind == "redis":
        server = redis.Redis.from_url(REDIS_TEST_URL)
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def page_cache(request, settings):
    yield from _page_cache_on(settings, request.param)


@pytest.fixture
def redis_page_cache(settings):
    """Only Redis: what several app servers share (local memory is one process's own)."""
    yield from _page_cache_on(settings, "redis")


@pytest.fixture
def cluster(db):
    return factories.ClusterFactory(name="Klaster Przed Zmianą", slug="klaster-cache")


@pytest.fixture
def editor(db):
    client = Client()
    client.force_login(factories.directory_admin())
    return client


def on_server_b(client, url, **extra):
    """``url`` as a second app server answers it: its own cache clients, the same Redis."""
    with override_settings(PAGE_CACHE_ALIAS="server_b", PAGE_CACHE_VERSION_ALIAS="server_b"):
        return client.get(url, **extra)


def test_a_second_visit_comes_from_the_cache_without_a_query(
    page_cache, cluster, client, django_assert_num_queries
):
    first = client.get(cluster.get_absolute_url())
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert "Klaster Przed Zmianą" in visible_text(first)

    with django_assert_num_queries(0):
        second = client.get(cluster.get_absolute_url())

    assert second.status_code == 200 and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["Content-Length"] == str(len(second.content))
    assert second["Content-Language"] == "pl"


def test_public_pages_say_a_cdn_may_hold_them_briefly_and_browsers_must_ask(
    page_cache, cluster, client
):
    for response in (client.get("/klastry/"), client.get("/klastry/")):
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=60"
        assert response["ETag"].startswith('W/"')
        assert response["Last-Modified"].endswith(" GMT")
        assert response["Vary"] == "Accept-Encoding"
        assert not response.cookies


def test_a_revalidation_with_the_etag_is_a_304_until_the_data_changes(
    page_cache, cluster, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    etag = client.get(cluster.get_absolute_url())["ETag"]

    with django_assert_num_queries(0):
        again = client.get(cluster.get_absolute_url(), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag

    # another page's ETag, or none, is no match
    other = client.get("/klastry/", headers={"If-None-Match": etag})
    assert other.status_code == 200

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Cluster.objects.filter(pk=cluster.pk).get().save()
    changed = client.get(cluster.get_absolute_url(), headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_head_request_is_answered_as_the_get_would_be(page_cache, cluster, client):
    head = client.head("/klastry/")
    assert head.status_code == 200 and head["X-Page-Cache"] == "miss"
    assert head["Cache-Control"].startswith("public")
    get = client.get("/klastry/")
    assert get["X-Page-Cache"] == "hit" and get["ETag"] == head["ETag"]
    assert "Klaster Przed Zmianą" in get.content.decode()


def test_the_two_languages_are_cached_apart(page_cache, cluster, client):
    polish = client.get("/o-katalogu/")
    english = client.get("/en/about/")
    assert polish["X-Page-Cache"] == english["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en" and polish["Content-Language"] == "pl"
    assert client.get("/en/about/")["X-Page-Cache"] == "hit"
    assert client.get("/en/about/").content == english.content != polish.content
    assert client.get("/o-katalogu/").content == polish.content


def test_the_query_string_is_part_of_the_key_in_any_order(page_cache, cluster, client):
    first = client.get("/klastry/?sort=-name&q=przed")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/klastry/?q=przed&sort=-name")["X-Page-Cache"] == "hit"
    assert client.get("/klastry/?q=inny&sort=-name")["X-Page-Cache"] == "miss"


def test_an_edit_in_the_admin_shows_at_once_on_the_next_request(
    page_cache, cluster, client, editor, django_capture_on_commit_callbacks
):
    url = cluster.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    change = admin_url(Cluster, "change", cluster.pk)
    data = change_form_data(editor.get(change))
    data["name_pl"] = "Klaster Po Zmianie"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert editor.post(change, data).status_code == 302
    assert len(callbacks) == 1  # one bump for the whole save, inlines included

    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert "Klaster Po Zmianie" in visible_text(after)
    assert "Klaster Po Zmianie" in visible_text(client.get("/klastry/"))


@pytest.mark.redis
def test_an_edit_on_one_app_server_shows_at_once_on_another(
    redis_page_cache, cluster, editor, django_capture_on_commit_callbacks
):
    visitor = Client()
    url = cluster.get_absolute_url()
    on_server_b(visitor, url)
    cached = on_server_b(visitor, url)
    assert cached["X-Page-Cache"] == "hit" and "Klaster Przed Zmianą" in visible_text(cached)

    change = admin_url(Cluster, "change", cluster.pk)  # the editor is on server A
    data = change_form_data(editor.get(change))
    data["name_pl"] = "Klaster Po Zmianie"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(change, data).status_code == 302

    after = on_server_b(visitor, url)
    assert after["X-Page-Cache"] == "miss"
    assert "Klaster Po Zmianie" in visible_text(after)
    # and server A, which made the edit, agrees
    assert "Klaster Po Zmianie" in visible_text(visitor.get(url))


def test_a_delete_in_the_admin_shows_at_once(
    page_cache, cluster, client, editor, django_capture_on_commit_callbacks
):
    event = factories.EventFactory(cluster=cluster, name="Forum Testowe Klastra")
    url = cluster.get_absolute_url()
    assert "Forum Testowe Klastra" in visible_text(client.get(url))
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(admin_url(Event, "delete", event.pk), {"post": "yes"})
    assert response.status_code == 302

    assert "Forum Testowe Klastra" not in visible_text(client.get(url))


def test_a_revert_in_the_history_shows_at_once(
    page_cache, cluster, client, editor, django_capture_on_commit_callbacks
):
    event = factories.EventFactory(cluster=cluster, name="Forum Pierwsze")
    first = record(event)
    event.name = "Forum Drugie"
    record(event)
    url = cluster.get_absolute_url()
    client.get(url)
    assert "Forum Drugie" in visible_text(client.get(url))

    revert = reverse("admin:clusters_event_version", args=[event.pk, first.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(revert).status_code == 302

    page = visible_text(client.get(url))
    assert "Forum Pierwsze" in page and "Forum Drugie" not in page


def test_an_import_of_members_shows_at_once(
    page_cache, cluster, client, editor, django_capture_on_commit_callbacks
):
    url = reverse("members:list")
    assert "Nowa Firma Importowana" not in visible_text(client.get(url))
    assert client.get(url)["X-Page-Cache"] == "hit"

    text = (
        "nazwa organizacji;rodzaj;miejscowość;województwo;państwo;strona internetowa;rola;"
        "rok przystąpienia\n"
        "Nowa Firma Importowana;przedsiębiorstwo;Lublin;lubelskie;Polska;;członek;2021\n"
    )
    preview = editor.post(
        reverse("admin:members_membership_import"),
        {"cluster": cluster.pk, "file": SimpleUploadedFile("lista.csv", text.encode())},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            reverse("admin:members_membership_import"), {"signed": preview.context["signed"]}
        )
    assert response.status_code == 302

    assert "Nowa Firma Importowana" in visible_text(client.get(url))


def test_the_data_checked_action_shows_at_once(
    page_cache, cluster, client, editor, django_capture_on_commit_callbacks
):
    url = cluster.get_absolute_url()
    assert "nie zostały jeszcze sprawdzone" in visible_text(client.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            admin_url(Cluster, "changelist"),
            {"action": "confirm_data_checked", "_selected_action": [cluster.pk]},
        )
    assert response.status_code == 302

    assert "Dane sprawdzone:" in visible_text(client.get(url))


def test_loading_the_real_data_retires_the_cached_pages(
    page_cache, client, db, django_capture_on_commit_callbacks
):
    assert "Klastry" in visible_text(client.get("/klastry/"))
    assert client.get("/klastry/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_real_data", verbosity=0)

    after = client.get("/klastry/")
    assert after["X-Page-Cache"] == "miss"
    assert Cluster.objects.first().name in visible_text(after)


def test_the_version_changes_on_commit_only_and_once_per_transaction(
    page_cache, cluster, django_capture_on_commit_callbacks
):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        cluster.name = "Klaster Zmieniony"
        cluster.save()
        factories.EventFactory(cluster=cluster)
        assert current_version() == before  # a request now would read the old rows
    assert len(callbacks) == 1
    callbacks[0]()
    assert current_version() != before


def test_a_signed_in_editor_neither_gets_nor_leaves_cached_pages(page_cache, cluster, editor):
    url = cluster.get_absolute_url()
    for _ in range(2):
        response = editor.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response and "ETag" not in response
        assert response["Cache-Control"] == "private, no-cache"
    assert Client().get(url)["X-Page-Cache"] == "miss"  # nothing was stored for the editor


def test_pages_with_a_visitors_form_are_never_shared(page_cache, cluster, client):
    url = reverse("inbox:write", kwargs={"slug": cluster.slug})
    first, second = client.get(url), Client().get(url)
    for response in (first, second):
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]  # the form's view says never_cache
        assert "csrftoken" in response.cookies
    token = 'name="csrfmiddlewaretoken" value="'
    assert (
        first.content.decode().split(token)[1][:64] != second.content.decode().split(token)[1][:64]
    )


def test_the_admin_and_the_health_probe_are_never_cached(page_cache, client, db):
    for url in (reverse("admin:login"), "/healthz"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url


def test_a_page_with_a_csp_nonce_is_not_stored(page_cache, db):
    """A stored nonce would not be the one in the next response's header: such pages stay out."""
    from django.http import HttpResponse
    from django.middleware.csp import ContentSecurityPolicyMiddleware

    def view(request):
        return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')

    middleware = ContentSecurityPolicyMiddleware(PageCacheMiddleware(view))
    request = RequestFactory().get("/nonce/")
    first = middleware(request)
    second = middleware(RequestFactory().get("/nonce/"))
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert first.content != second.content


def test_a_hit_comes_compressed_in_what_the_browser_accepts(page_cache, cluster, client):
    url = "/klastry/"
    plain = client.get(url).content
    brotli_hit = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    gzip_hit = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert brotli_hit["X-Page-Cache"] == gzip_hit["X-Page-Cache"] == "hit"
    assert brotli_hit["Content-Encoding"] == "br" and gzip_hit["Content-Encoding"] == "gzip"
    assert brotli.decompress(brotli_hit.content) == plain
    assert gzip.decompress(gzip_hit.content) == plain
    assert len(brotli_hit.content) < len(plain) / 3


def test_the_site_still_answers_when_the_cache_server_is_down(settings, cluster, client):
    down = {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:1/0"}  # nothing listens there
    settings.CACHES = {"default": down}
    settings.PAGE_CACHE_VERSION_ALIAS = "default"
    settings.PAGE_CACHE_SECONDS = 300
    response = client.get(cluster.get_absolute_url())
    assert response.status_code == 200 and "Klaster Przed Zmianą" in visible_text(response)
    with pytest.raises(redis.ConnectionError):
        caches["default"].get("anything")


def test_with_the_cache_off_pages_are_rendered_every_time(settings, cluster, client):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get(cluster.get_absolute_url())
    assert response.status_code == 200
    assert "X-Page-Cache" not in response and "ETag" not in response


def test_a_page_with_a_csrf_token_is_not_stored_even_without_never_cache(page_cache, db):
    from django.http import HttpResponse
    from django.middleware.csrf import CsrfViewMiddleware, get_token

    def view(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    middleware = PageCacheMiddleware(CsrfViewMiddleware(view))
    first = middleware(RequestFactory().get("/form/"))
    second = middleware(RequestFactory().get("/form/"))
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert first.content != second.content
    assert first["Cache-Control"] == "private, no-cache"


def test_generating_and_deleting_scale_data_retires_the_cached_pages(
    page_cache, cluster, client, django_capture_on_commit_callbacks
):
    from tests.pages.test_scale_data import generate

    url = reverse("members:list")
    before = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    # (each command is a transaction of its own outside the test's)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        generate()  # bulk inserts: no signal

    with_generated = client.get(url)
    assert with_generated["X-Page-Cache"] == "miss"
    assert with_generated.content != before.content
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        call_command("generate_scale_data", delete=True, verbosity=0)

    assert client.get(url)["X-Page-Cache"] == "miss"
