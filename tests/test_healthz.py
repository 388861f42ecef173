"""GET /healthz: what a load balancer asks each app server before sending it visitors."""

import time

from django.test import override_settings
from django.urls import reverse

from tests.db_outage import CLOSED_PORT, default_database_at


def test_healthz_answers_200_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_quickly_when_the_database_does_not(client, db):
    with default_database_at("127.0.0.1", CLOSED_PORT):
        started = time.monotonic()
        response = client.get(reverse("healthz"))
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert elapsed < 5


def test_healthz_sets_no_cookie_and_accepts_only_get_and_head(client, db):
    assert not client.get("/healthz").cookies
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_is_not_redirected_to_https_but_pages_are(client, db):
    """Load balancers probe the app server over plain HTTP; visitors are sent to HTTPS."""
    assert client.get("/healthz").status_code == 200
    response = client.get("/klastry/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/klastry/"
