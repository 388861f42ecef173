"""Writing to a cluster: the form, its errors, the thank-you page and the mail to the office."""

import pytest
from django.urls import reverse

from inbox.models import Message, MessageStatus
from tests import factories
from tests.inbox.conftest import message_data, started_token
from tests.page_text import links, visible_text


def write_url(cluster):
    return reverse("inbox:write", kwargs={"slug": cluster.slug})


def send(client, cluster, **overrides):
    url = write_url(cluster)
    return client.post(url, message_data(started=started_token(client, url), **overrides))


def test_the_profile_and_the_listing_link_to_the_form(client, cluster):
    profile = links(client.get(cluster.get_absolute_url()))
    listing = links(client.get(reverse("clusters:list")))

    assert profile["Napisz do klastra"] == write_url(cluster)
    assert listing["Napisz do klastra Klaster Alfa"] == write_url(cluster)


def test_the_form_asks_for_what_the_office_needs_and_links_the_privacy_note(
    client, cluster, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get(write_url(cluster))

    text = visible_text(response)
    assert response.status_code == 200
    assert "Napisz do klastra Klaster Alfa" in text
    for label in ("Imię i nazwisko", "E-mail", "Organizacja", "Temat", "Wiadomość"):
        assert label in text
    for topic in ("współpraca i partnerstwo", "inwestycja", "przystąpienie do klastra"):
        assert topic in text
    assert links(response)["Jak chronimy dane"] == reverse("inbox:privacy")
    assert response["Cache-Control"].startswith("max-age=0")  # never_cache: a fresh start time


def test_a_valid_message_is_stored_mailed_to_the_office_and_thanked_for(
    client, office, no_wait, mailoutbox, django_capture_on_commit_callbacks
):
    cluster = office.staffed_clusters.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, cluster)

    assert response.status_code == 302
    assert response["Location"] == reverse("inbox:message-sent", kwargs={"slug": cluster.slug})
    message = Message.objects.get()
    assert (message.cluster, message.name, message.status) == (
        cluster,
        "Anna Inwestorka",
        MessageStatus.NEW,
    )
    assert message.sent_at is not None
    [mail] = mailoutbox
    assert mail.to == ["biuro@alfa.example"]
    assert mail.reply_to == ["anna@inwestor.example"]
    assert mail.subject == "[Klastry Lubelskie] Klaster Alfa: inwestycja"
    assert "Szukamy partnera w branży medycznej." in mail.body
    assert "Anna Inwestorka <anna@inwestor.example>" in mail.body
    assert mail.content_subtype == "plain"

    thanks = visible_text(client.get(response["Location"]))
    assert "trafiła do biura klastra Klaster Alfa" in thanks
    assert "w ciągu 10 dni roboczych" in thanks
    assert "anna@inwestor.example" not in thanks


def test_markup_in_a_message_reaches_the_mail_as_written(
    client, office, no_wait, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, office.staffed_clusters.get(), body='Cena < 5 mln & "pilne" <b>')

    assert 'Cena < 5 mln & "pilne" <b>' in mailoutbox[0].body


def test_a_cluster_without_an_office_address_writes_to_the_editors(
    client, cluster, no_wait, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EDITORS_EMAIL = ["redakcja@klastry.example"]
    factories.office_user("biuro-bez-adresu", clusters=[cluster])  # no e-mail address

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, cluster)

    assert mailoutbox[0].to == ["redakcja@klastry.example"]
    thanks = visible_text(client.get(response["Location"]))
    assert "otrzyma redakcja katalogu" in thanks


def test_an_inactive_office_account_gets_no_mail(
    client, office, no_wait, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EDITORS_EMAIL = ["redakcja@klastry.example"]
    office.is_active = False
    office.save()

    with django_capture_on_commit_callbacks(execute=True):
        send(client, office.staffed_clusters.get())

    assert mailoutbox[0].to == ["redakcja@klastry.example"]


def test_invalid_input_comes_back_with_errors_by_the_fields_and_a_summary(client, cluster, no_wait):
    response = send(client, cluster, email="to-nie-adres", body="", topic="lapowka", consent="")

    assert response.status_code == 400
    text = visible_text(response)
    assert "Nie wysłano formularza" in text
    summary = links(response)
    assert summary["E-mail: Wprowadź poprawny adres email."] == "#id_email"
    assert summary["Wiadomość: To pole jest wymagane."] == "#id_body"
    assert "#id_topic_0" in summary.values()
    assert "Bez tej zgody nie możemy przekazać wiadomości biuru klastra." in text
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'value="Anna Inwestorka"' in page  # what was typed is kept
    assert Message.objects.count() == 0


def test_an_unknown_cluster_is_a_404(client, db):
    assert client.get("/klastry/nie-ma-takiego/napisz/").status_code == 404
    assert client.post("/klastry/nie-ma-takiego/napisz/", message_data()).status_code == 404


def test_the_form_needs_a_csrf_token(cluster, no_wait):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    url = write_url(cluster)
    page = browser.get(url).content.decode()
    token = browser.cookies["csrftoken"].value

    forged = browser.post(url, message_data(started=started_token(browser, url)))
    honest = browser.post(
        url,
        message_data(started=started_token(browser, url), csrfmiddlewaretoken=token),
    )

    assert 'name="csrfmiddlewaretoken"' in page
    assert forged.status_code == 403
    assert honest.status_code == 302
    assert Message.objects.count() == 1


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_form_takes_only_get_and_post(client, cluster, method):
    assert getattr(client, method)(write_url(cluster)).status_code == 405


def test_an_unpublished_cluster_cannot_be_written_to_nor_corrected(client, cluster, no_wait):
    cluster.published = False
    cluster.save()
    urls = [
        write_url(cluster),
        reverse("inbox:correct-cluster", kwargs={"slug": cluster.slug}),
        reverse("inbox:message-sent", kwargs={"slug": cluster.slug}),
    ]

    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(write_url(cluster), message_data()).status_code == 404
    assert Message.objects.count() == 0
