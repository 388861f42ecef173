"""A cluster office in a real browser: log in, edit its own cluster, and find no way into another."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusters.models import Cluster
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NEW_PHONE = "+48 81 000 00 00"  # test data only, never shown outside this test's database


def log_in(page, site, username):
    page.goto(site.url + reverse("admin:login"))
    page.get_by_label("Nazwa użytkownika").fill(username)
    page.get_by_label("Hasło").fill(factories.PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()


def test_office_staff_edit_their_cluster_and_cannot_reach_another_clusters_page(page, site):
    medycyna = Cluster.objects.get(slug="klaster-lubelska-medycyna")
    other = Cluster.objects.get(slug="wyzyna-przemyslowa")
    factories.office_user("biuro-medycyna", clusters=[medycyna])

    log_in(page, site, "biuro-medycyna")
    expect(page).to_have_url(site.url + reverse("admin:index"))

    page.goto(site.url + reverse("admin:clusters_cluster_changelist"))
    results = page.locator("#result_list")
    expect(results.get_by_role("link", name="Klaster Lubelska Medycyna")).to_be_visible()
    expect(results).not_to_contain_text("Wyżyna Przemysłowa")

    results.get_by_role("link", name="Klaster Lubelska Medycyna").click()
    expect(page).to_have_url(re.compile(rf"/clusters/cluster/{medycyna.pk}/change/$"))
    page.get_by_label("Telefon kontaktowy").fill(NEW_PHONE)
    page.get_by_role("button", name="Zapisz", exact=True).click()

    expect(page.locator(".messagelist .success")).to_contain_text("Klaster Lubelska Medycyna")
    medycyna.refresh_from_db()
    assert medycyna.phone == NEW_PHONE
    page.goto(site.url + medycyna.get_absolute_url())
    expect(page.locator("main")).to_contain_text(NEW_PHONE)

    other_change_url = reverse("admin:clusters_cluster_change", args=[other.pk])
    response = page.goto(site.url + other_change_url)
    assert not page.url.endswith(other_change_url), f"landed on {page.url} ({response.status})"
    expect(page.locator("#id_name")).to_have_count(0)
    expect(page.locator(".messagelist")).to_contain_text("nie istnieje")
    expect(page.locator("main")).not_to_contain_text("Wyżyna Przemysłowa")
    other.refresh_from_db()
    assert other.phone != NEW_PHONE
