"""Corrections reach the editors and the office; what visitors send never shows in public; the
admin lists it per office with a count on its index; old personal data is purged."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from inbox.models import Correction, CorrectionStatus, Message, MessageStatus
from tests import factories
from tests.admin_forms import admin_url, change_form_data, changelist_pks
from tests.inbox.conftest import correction_data, started_token
from tests.page_text import links, visible_text


def send_correction(client, url, **overrides):
    return client.post(url, correction_data(started=started_token(client, url), **overrides))


def test_a_cluster_correction_reaches_the_editors_and_the_office(
    client, office, no_wait, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EDITORS_EMAIL = ["redakcja@klastry.example"]
    cluster = office.staffed_clusters.get()
    url = reverse("inbox:correct-cluster", kwargs={"slug": cluster.slug})
    assert links(client.get(cluster.get_absolute_url()))["Zgłoś poprawkę"] == url

    with django_capture_on_commit_callbacks(execute=True):
        response = send_correction(client, url)

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.cluster, correction.organisation) == (cluster, None)
    assert correction.status == CorrectionStatus.NEW
    [mail] = mailoutbox
    assert mail.to == ["biuro@alfa.example", "redakcja@klastry.example"]
    assert mail.reply_to == ["dziennikarz@gazeta.example"]
    assert mail.subject == "[Klastry Lubelskie] Zgłoszona poprawka: Klaster Alfa"
    assert "https://example.com/sprawozdanie-2011" in mail.body
    assert "trafiło do redakcji katalogu" in visible_text(client.get(response["Location"]))
    cluster.refresh_from_db()
    assert cluster.founded_year is None  # nothing changes on the site by itself


def test_an_organisation_correction_reaches_the_offices_of_its_clusters(
    client, office, no_wait, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EDITORS_EMAIL = ["redakcja@klastry.example"]
    membership = factories.MembershipFactory(cluster=office.staffed_clusters.get())
    organisation = membership.organisation
    url = reverse("inbox:correct-organisation", kwargs={"slug": organisation.slug})
    assert links(client.get(organisation.get_absolute_url()))["Zgłoś poprawkę"] == url

    with django_capture_on_commit_callbacks(execute=True):
        send_correction(client, url, email="")

    correction = Correction.objects.get()
    assert (correction.cluster, correction.organisation) == (None, organisation)
    assert mailoutbox[0].to == ["biuro@alfa.example", "redakcja@klastry.example"]
    assert mailoutbox[0].reply_to == []


def test_a_correction_needs_what_is_wrong_the_value_and_a_source_link(client, cluster, no_wait):
    url = reverse("inbox:correct-cluster", kwargs={"slug": cluster.slug})

    response = send_correction(client, url, what_is_wrong="", source_url="nie link")

    assert response.status_code == 400
    summary = links(response)
    assert summary["Co jest nie tak?: To pole jest wymagane."] == "#id_what_is_wrong"
    assert summary["Link do źródła: Wpisz poprawny URL."] == "#id_source_url"
    assert Correction.objects.count() == 0


def test_the_privacy_note_says_who_receives_why_and_for_how_long(client, db, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 6
    response = client.get(reverse("inbox:privacy"))

    text = visible_text(response)
    assert response.status_code == 200
    assert "Ochrona danych" in text
    assert "otrzymuje biuro tego klastra" in text
    assert "otrzymują redakcja katalogu i biuro klastra" in text
    assert "Wiadomości usuwamy po 6 miesiącach od wysłania" in text
    assert links(client.get(reverse("clusters:home")))["Ochrona danych"] == reverse("inbox:privacy")


SECRETS = (
    "Zofia Tajna",
    "zofia@tajna.example",
    "Poufne pytanie",
    "jan@tajny.example",
    "X9Q",
    "Sekretny błąd",
)


def test_what_visitors_send_appears_on_no_public_page_nor_in_any_csv(client, cluster):
    organisation = factories.MembershipFactory(cluster=cluster).organisation
    factories.MessageFactory(
        cluster=cluster, name="Zofia Tajna", email="zofia@tajna.example", body="Poufne pytanie"
    )
    factories.CorrectionFactory(cluster=cluster, email="jan@tajny.example", proposed_value="X9Q")
    factories.CorrectionFactory(
        cluster=None, organisation=organisation, what_is_wrong="Sekretny błąd"
    )
    pages = [
        cluster.get_absolute_url(),
        organisation.get_absolute_url(),
        reverse("clusters:list"),
        reverse("clusters:export"),
        reverse("members:list"),
        reverse("members:export"),
        reverse("clusters:specialisation-export"),
        reverse("clusters:search") + "?q=Zofia",
        reverse("clusters:search") + "?q=Sekretny",
        reverse("inbox:message-sent", kwargs={"slug": cluster.slug}),
        reverse("inbox:correction-sent"),
        reverse("sitemap"),
    ]
    for url in pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        assert response.status_code == 200, url
        for secret in SECRETS:
            assert secret not in text, (url, secret)


def test_nothing_a_visitor_sent_is_public_by_the_queryset(cluster):
    factories.MessageFactory(cluster=cluster)
    factories.CorrectionFactory(cluster=cluster)

    assert list(Message.objects.public()) == []
    assert list(Correction.objects.public()) == []


# -- The back office ------------------------------------------------------------------------------


@pytest.fixture
def two_offices(office):
    alfa = office.staffed_clusters.get()
    beta = factories.ClusterFactory(name="Klaster Beta")
    factories.MessageFactory(cluster=alfa, name="Do Alfy")
    factories.MessageFactory(cluster=alfa, name="Do Alfy, stara", status=MessageStatus.ANSWERED)
    factories.MessageFactory(cluster=beta, name="Do Bety")
    factories.MessageFactory(cluster=beta, name="Do Bety 2")
    factories.CorrectionFactory(cluster=beta)
    return alfa, beta


def test_the_admin_index_counts_the_new_messages_of_the_offices_own_clusters(
    client, office, two_offices
):
    client.force_login(office)
    text = visible_text(client.get(reverse("admin:index")))

    assert "Nowe wiadomości: 1" in text
    assert "Nowe poprawki: 0" in text

    client.force_login(factories.directory_admin())
    text = visible_text(client.get(reverse("admin:index")))
    assert "Nowe wiadomości: 3" in text
    assert "Nowe poprawki: 1" in text


def test_an_office_reads_its_message_and_marks_it_answered(client, office, two_offices):
    alfa, _beta = two_offices
    message = Message.objects.get(name="Do Alfy")
    client.force_login(office)

    changelist = client.get(admin_url(Message, "changelist"))
    page = client.get(admin_url(Message, "change", message.pk))
    data = change_form_data(page)
    data["status"] = MessageStatus.ANSWERED
    data["name"] = "Podmieniony"  # read-only: ignored
    saved = client.post(admin_url(Message, "change", message.pk), data)

    assert changelist_pks(changelist) == set(alfa.messages.values_list("pk", flat=True))
    assert "Szukamy partnera do projektu." in visible_text(page)
    assert saved.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.name) == (MessageStatus.ANSWERED, "Do Alfy")
    assert client.get(admin_url(Message, "add")).status_code == 403


def test_an_office_marks_a_correction_applied_or_rejected(client, office, two_offices):
    alfa, _beta = two_offices
    correction = factories.CorrectionFactory(cluster=alfa)
    client.force_login(office)

    data = change_form_data(client.get(admin_url(Correction, "change", correction.pk)))
    data["status"] = CorrectionStatus.REJECTED
    client.post(admin_url(Correction, "change", correction.pk), data)

    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REJECTED


def test_an_office_sees_corrections_of_organisations_in_its_clusters_only(
    client, office, two_offices
):
    alfa, beta = two_offices
    ours = factories.MembershipFactory(cluster=alfa).organisation
    theirs = factories.MembershipFactory(cluster=beta).organisation
    mine = factories.CorrectionFactory(cluster=None, organisation=ours)
    factories.CorrectionFactory(cluster=None, organisation=theirs)
    client.force_login(office)

    assert changelist_pks(client.get(admin_url(Correction, "changelist"))) == {mine.pk}


# -- Retention ------------------------------------------------------------------------------------


def _age(row, **delta):
    type(row).objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(**delta))


def test_purge_deletes_old_messages_and_anonymises_old_corrections(cluster, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 12
    old_message = factories.MessageFactory(cluster=cluster, client_hash="a" * 64)
    new_message = factories.MessageFactory(cluster=cluster, client_hash="b" * 64)
    old_correction = factories.CorrectionFactory(cluster=cluster, email="stary@example.com")
    new_correction = factories.CorrectionFactory(cluster=cluster, email="nowy@example.com")
    _age(old_message, days=370)
    _age(old_correction, days=370)
    _age(new_message, days=2)

    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert list(Message.objects.all()) == [new_message]
    old_correction.refresh_from_db()
    new_correction.refresh_from_db()
    assert (old_correction.email, old_correction.proposed_value) == ("", "2012")
    assert new_correction.email == "nowy@example.com"
    new_message.refresh_from_db()
    assert new_message.client_hash == ""  # two days old: the rate limit no longer needs it


def test_the_retention_period_comes_from_the_settings(cluster, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 1
    message = factories.MessageFactory(cluster=cluster)
    _age(message, days=40)

    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not Message.objects.exists()


def test_months_ago_keeps_the_day_or_takes_the_months_last():
    from datetime import datetime

    from inbox.management.commands.purge_personal_data import months_ago

    assert months_ago(datetime(2026, 3, 31, 12), 1) == datetime(2026, 2, 28, 12)
    assert months_ago(datetime(2026, 1, 15), 12) == datetime(2025, 1, 15)
    assert months_ago(datetime(2026, 1, 5), 2) == datetime(2025, 11, 5)
