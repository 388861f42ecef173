"""The real mail path: a local SMTP server (aiosmtpd on 127.0.0.1) receives what the site sends,
including after a failure (server down, message kept unsent, then retried by the command)."""

import email
import email.policy
import io
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse

from inbox.models import Correction, Message
from tests import factories
from tests.inbox.conftest import correction_data, message_data, started_token


class Inbox:
    """An aiosmtpd handler that keeps every mail it is given."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    """A local SMTP server on a free port, not yet started, and the site's mail pointed at it."""
    server = SmtpServer(free_port())
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    server.stop()


def post_message(client, cluster):
    url = reverse("inbox:write", kwargs={"slug": cluster.slug})
    return client.post(url, message_data(started=started_token(client, url)))


def test_a_message_reaches_the_smtp_server(
    client, office, no_wait, smtp, django_capture_on_commit_callbacks
):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_message(client, office.staffed_clusters.get())

    assert response.status_code == 302
    [(recipients, mail)] = smtp.inbox.received
    assert recipients == ["biuro@alfa.example"]
    assert mail["Subject"] == "[Klastry Lubelskie] Klaster Alfa: inwestycja"
    assert mail["Reply-To"] == "anna@inwestor.example"
    assert mail.get_content_type() == "text/plain"
    assert "Szukamy partnera w branży medycznej." in mail.get_content()
    assert Message.objects.get().sent_at is not None


def test_a_correction_reaches_the_editors_over_smtp(
    client, cluster, no_wait, smtp, settings, django_capture_on_commit_callbacks
):
    settings.EDITORS_EMAIL = ["redakcja@klastry.example"]
    smtp.start()
    url = reverse("inbox:correct-cluster", kwargs={"slug": cluster.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, correction_data(started=started_token(client, url)))

    [(recipients, mail)] = smtp.inbox.received
    assert recipients == ["redakcja@klastry.example"]
    assert "Rok założenia jest inny." in mail.get_content()
    assert Correction.objects.get().sent_at is not None


def test_with_the_server_down_the_message_is_kept_unsent_then_the_command_sends_it(
    client, office, no_wait, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_message(client, office.staffed_clusters.get())  # nobody listens

    assert response.status_code == 302  # the visitor is thanked: the message is safe with us
    message = Message.objects.get()
    assert message.sent_at is None
    assert message.send_attempts == 1
    assert "ConnectionRefusedError" in message.last_send_error

    # The retry leaves a just-sent message to its first try; this one is older than a minute.
    Message.objects.update(created_at=message.created_at.replace(year=message.created_at.year - 1))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("send_unsent_mail", stdout=out)  # still down: exits non-zero
    assert "still unsent: 1" in out.getvalue()

    smtp.start()
    out = io.StringIO()
    call_command("send_unsent_mail", stdout=out)

    assert out.getvalue().strip() == "sent: 1, still unsent: 0"
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.send_attempts == 3
    [(recipients, mail)] = smtp.inbox.received
    assert recipients == ["biuro@alfa.example"]
    call_command("send_unsent_mail", stdout=io.StringIO())
    assert len(smtp.inbox.received) == 1  # sent once, never again


def test_the_retry_leaves_a_message_on_its_first_try_alone(cluster, smtp):
    factories.MessageFactory(cluster=cluster)  # created now, its send may be under way
    smtp.start()

    call_command("send_unsent_mail", stdout=io.StringIO())

    assert smtp.inbox.received == []
