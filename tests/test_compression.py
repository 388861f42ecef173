"""HTML goes out compressed: gzip for every page rendered for the request (with random padding
against BREACH, as some carry a CSRF token), brotli or gzip made once for cached pages."""

import gzip

import pytest
from django.urls import reverse

from config.compression import gzip_padded
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_rendered_page_is_gzipped_when_the_browser_accepts_it(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    factories.ClusterFactory(name="Klaster Skompresowany")
    plain = client.get("/klastry/")
    packed = client.get("/klastry/", headers={"Accept-Encoding": "gzip, deflate, br"})

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    # a third of the page at zlib level 1 (config/compression.py), plus up to 99 bytes of padding
    assert len(packed.content) < len(plain.content) / 3 + 100
    assert gzip.decompress(packed.content) == plain.content


def test_a_form_with_a_csrf_token_is_gzipped_with_random_padding(client):
    cluster = factories.ClusterFactory()
    url = reverse("inbox:write", kwargs={"slug": cluster.slug})
    sizes = set()
    for _ in range(5):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert "csrfmiddlewaretoken" in gzip.decompress(response.content).decode()
        sizes.add(len(response.content))
    assert len(sizes) > 1  # the length says nothing stable about the secret (Heal the Breach)


def test_the_same_body_goes_out_in_lengths_that_vary():
    # the token above changes every request anyway; the padding must vary the length by itself
    body = b"<p>Klaster Skompresowany</p>" * 50
    packed = [gzip_padded(body, 100) for _ in range(20)]
    assert all(gzip.decompress(each) == body for each in packed)
    assert len({len(each) for each in packed}) > 5


def test_without_accept_encoding_the_page_is_plain(client):
    response = client.get("/o-katalogu/")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response.content.lower().startswith(b"<!doctype html>")
