"""The data version is read from the shared cache once per request, however many parts of the page
ask for it (the page cache, each filter's options, each count); a write still shows at once."""

import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

from core.data_version import VERSION_KEY
from tests import factories


class CountingCache(LocMemCache):
    """A local-memory cache that counts reads of the data version."""

    version_reads = 0

    def get(self, key, default=None, version=None):
        if key == VERSION_KEY:
            type(self).version_reads += 1
        return super().get(key, default, version)


@pytest.fixture
def counted(settings):
    prefix = uuid.uuid4().hex
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix},
        "versions": {"BACKEND": f"{__name__}.CountingCache", "LOCATION": f"{prefix}-v"},
    }
    settings.PAGE_CACHE_VERSION_ALIAS = "versions"
    settings.PAGE_CACHE_SECONDS = 300
    settings.LISTING_COUNT_SECONDS = 60
    CountingCache.version_reads = 0
    return CountingCache


@pytest.mark.parametrize(
    "path", ["/klastry/?status=active&sort=-members", "/czlonkowie/?type=enterprise", "/"]
)
def test_a_page_reads_the_version_once(client, db, counted, path):
    factories.ClusterFactory.create_batch(3)
    client.get(path)  # the version created
    counted.version_reads = 0
    response = client.get(path + ("&" if "?" in path else "?") + "page=1")
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert counted.version_reads == 1


def test_the_next_request_reads_it_again_and_sees_an_edit(
    client, db, counted, django_capture_on_commit_callbacks
):
    cluster = factories.ClusterFactory(name="Klaster Przed")
    url = cluster.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():  # as the admin
        cluster.name = "Klaster Po"
        cluster.save()
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss" and "Klaster Po" in after.content.decode()
