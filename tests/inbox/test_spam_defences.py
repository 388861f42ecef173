"""The honeypot, the minimum fill time and the rate limit of the visitors' forms."""

import time
from datetime import timedelta

from django.core import signing
from django.test import Client
from django.urls import reverse

from inbox import guard
from inbox.models import Correction, Message
from tests import factories
from tests.inbox.conftest import correction_data, message_data, started_token
from tests.page_text import visible_text


def write_url(cluster):
    return reverse("inbox:write", kwargs={"slug": cluster.slug})


def test_a_filled_honeypot_is_thanked_but_nothing_is_stored_or_sent(
    client, cluster, no_wait, mailoutbox, django_capture_on_commit_callbacks
):
    url = write_url(cluster)
    data = message_data(started=started_token(client, url), homepage="http://spam.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"].endswith("/napisz/wyslano/")
    assert Message.objects.count() == 0
    assert mailoutbox == []


def test_the_honeypot_is_in_the_page_but_off_screen(client, cluster):
    page = client.get(write_url(cluster)).content.decode()

    assert 'class="visitor-form__trap"' in page
    assert 'name="homepage"' in page


def test_a_form_sent_faster_than_a_person_types_is_refused_with_a_message(client, cluster):
    url = write_url(cluster)  # INBOX_MIN_FILL_SECONDS is 3 by default

    response = client.post(url, message_data(started=started_token(client, url)))

    assert response.status_code == 400
    assert "Formularz został wysłany zbyt szybko" in visible_text(response)
    assert Message.objects.count() == 0


def test_the_same_form_sent_again_after_the_minimum_time_passes(client, cluster, settings):
    settings.INBOX_MIN_FILL_SECONDS = 1
    url = write_url(cluster)
    token = started_token(client, url)
    too_fast = client.post(url, message_data(started=token))
    time.sleep(1.05)
    in_time = client.post(url, message_data(started=token))

    assert too_fast.status_code == 400
    assert in_time.status_code == 302


def test_a_forged_or_missing_start_time_is_refused(client, cluster, no_wait):
    url = write_url(cluster)
    forged = signing.dumps(0, salt="inbox.form-started", key="not-our-key")

    for started in (forged, "", "abc"):
        response = client.post(url, message_data(started=started))
        assert response.status_code == 400, started
        assert "Formularz dotarł niekompletny" in visible_text(response)
    assert Message.objects.count() == 0


def test_a_form_left_open_too_long_is_refused_and_handed_out_again(
    client, cluster, no_wait, monkeypatch
):
    url = write_url(cluster)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 13 * 3600)  # 13 h ago (limit: 12 h)
    old = started_token(client, url)
    monkeypatch.setattr(time, "time", real_time)

    response = client.post(url, message_data(started=old))

    assert response.status_code == 400
    assert "Formularz był otwarty zbyt długo" in visible_text(response)
    fresh = response.content.decode().split('name="started" value="')[1].split('"')[0]
    assert fresh != old
    assert client.post(url, message_data(started=fresh)).status_code == 302


def _fill_the_limit(cluster, address, count, age=timedelta(0)):
    key = guard.client_hash(_request_from(address))
    for _ in range(count):
        message = factories.MessageFactory(cluster=cluster, client_hash=key)
        Message.objects.filter(pk=message.pk).update(created_at=message.created_at - age)


def _request_from(address):
    from django.test import RequestFactory

    return RequestFactory(REMOTE_ADDR=address).get("/")


def test_the_sixth_message_within_an_hour_gets_a_429_with_the_text_kept(cluster, no_wait):
    _fill_the_limit(cluster, "192.0.2.7", 4)
    factories.CorrectionFactory(
        cluster=cluster, client_hash=guard.client_hash(_request_from("192.0.2.7"))
    )  # corrections count too
    visitor = Client(REMOTE_ADDR="192.0.2.7")
    url = write_url(cluster)

    response = visitor.post(url, message_data(started=started_token(visitor, url)))

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    text = visible_text(response)
    assert "Zbyt wiele wiadomości z tego adresu" in text
    assert "wysłano już 5 wiadomości lub zgłoszeń w ciągu ostatnich 60 minut" in text
    assert "Szukamy partnera w branży medycznej." in response.content.decode()
    assert Message.objects.count() == 4


def test_the_limit_counts_per_address_and_per_window(cluster, no_wait, settings):
    settings.INBOX_RATE_LIMIT = 2
    _fill_the_limit(cluster, "192.0.2.7", 2)
    _fill_the_limit(cluster, "192.0.2.8", 2, age=timedelta(minutes=61))
    url = write_url(cluster)

    def post_from(address):
        visitor = Client(REMOTE_ADDR=address)
        return visitor.post(url, message_data(started=started_token(visitor, url))).status_code

    assert post_from("192.0.2.7") == 429
    assert post_from("192.0.2.8") == 302  # its two are older than the hour
    assert post_from("192.0.2.9") == 302


def test_behind_a_proxy_the_limit_counts_the_address_the_proxy_saw(cluster, no_wait, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.INBOX_RATE_LIMIT = 1
    url = write_url(cluster)

    def post_as(forwarded_for):
        visitor = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
        return visitor.post(url, message_data(started=started_token(visitor, url))).status_code

    assert post_as("203.0.113.5") == 302
    assert post_as("198.51.100.1, 203.0.113.5") == 429  # a forged left-most entry changes nothing
    assert post_as("203.0.113.6") == 302


def test_the_address_is_stored_only_as_a_keyed_hash(client, cluster, no_wait):
    url = write_url(cluster)
    client.post(url, message_data(started=started_token(client, url)))

    stored = Message.objects.get().client_hash
    assert len(stored) == 64
    assert "127.0.0.1" not in stored
    assert stored == guard.client_hash(_request_from("127.0.0.1"))


def test_the_correction_form_has_the_same_defences(client, cluster, no_wait, settings):
    settings.INBOX_RATE_LIMIT = 1
    url = reverse("inbox:correct-cluster", kwargs={"slug": cluster.slug})

    trapped = client.post(url, correction_data(started=started_token(client, url), homepage="x"))
    first = client.post(url, correction_data(started=started_token(client, url)))
    second = client.post(url, correction_data(started=started_token(client, url)))

    assert trapped.status_code == 302
    assert first.status_code == 302
    assert second.status_code == 429
    assert Correction.objects.count() == 1
