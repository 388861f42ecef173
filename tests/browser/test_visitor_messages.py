"""A visitor writes to a cluster's office in a real browser, with JavaScript and without it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inbox.models import Message
from tests.browser.axe_scan import scan

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MEDYCYNA = "klaster-lubelska-medycyna"


@pytest.fixture
def quick_visitor(settings):
    # A person needs seconds; the test waits just over the (lowered) minimum before sending.
    settings.INBOX_MIN_FILL_SECONDS = 1
    # The real data's clusters have no office accounts yet: their mail goes to the editors.
    settings.EDITORS_EMAIL = ["redakcja@klastry.example"]


def write_to_the_cluster(page, site, name):
    page.goto(site.url + reverse("clusters:detail", kwargs={"slug": MEDYCYNA}))
    page.get_by_role("link", name="Napisz do klastra").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Napisz do klastra Klaster Lubelska Medycyna"
    )
    page.get_by_label("Imię i nazwisko").fill(name)
    page.get_by_label("E-mail").fill("inwestor@example.com")
    page.get_by_label("inwestycja").check()
    page.get_by_label("Wiadomość").fill("Szukamy partnera do badań klinicznych.")
    page.get_by_label("Zgadzam się").check()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Wyślij wiadomość").click()


def test_a_visitor_sends_a_message_with_javascript(
    page, site, quick_visitor, mailoutbox, csp_violations
):
    write_to_the_cluster(page, site, "Jan z JavaScriptem")

    expect(page.get_by_role("heading", level=1)).to_have_text("Wiadomość wysłana")
    expect(page.locator("main")).to_contain_text("dni roboczych")
    assert Message.objects.get().name == "Jan z JavaScriptem"
    assert [mail.to for mail in mailoutbox] == [["redakcja@klastry.example"]]
    assert not csp_violations


def test_a_visitor_sends_a_message_without_javascript(browser, site, quick_visitor, mailoutbox):
    context = browser.new_context(java_script_enabled=False, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        # First without a required field: the errors come back, what was typed stays.
        page.goto(site.url + reverse("inbox:write", kwargs={"slug": MEDYCYNA}))
        page.get_by_label("Imię i nazwisko").fill("Ewa bez JavaScriptu")
        page.wait_for_timeout(1100)
        page.get_by_role("button", name="Wyślij wiadomość").click()
        expect(page.get_by_role("alert")).to_contain_text("Nie wysłano formularza")
        expect(page.get_by_label("Imię i nazwisko")).to_have_value("Ewa bez JavaScriptu")
        assert not Message.objects.exists()

        write_to_the_cluster(page, site, "Ewa bez JavaScriptu")
        expect(page.get_by_role("heading", level=1)).to_have_text("Wiadomość wysłana")
        assert Message.objects.get().name == "Ewa bez JavaScriptu"
        assert [mail.to for mail in mailoutbox] == [["redakcja@klastry.example"]]
    finally:
        context.close()


def test_the_form_with_errors_has_no_serious_accessibility_violation(page, site):
    problems = []
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site.url + reverse("inbox:write", kwargs={"slug": MEDYCYNA}))
        page.get_by_role("button", name="Wyślij wiadomość").click()
        expect(page.get_by_role("alert")).to_contain_text("Nie wysłano formularza")
        problems += [f"{width}px {line}" for line in scan(page, f"message-form-errors@{width}")]
    assert not problems, "\n".join(problems)
