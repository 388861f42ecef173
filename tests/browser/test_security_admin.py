"""The admin under the Content-Security-Policy and the login lockout, in a real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusters.models import Cluster
from members.models import MemberOrganisation
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def submit_login(page, site, username, password):
    page.goto(site.url + reverse("admin:login"))
    page.get_by_label("Nazwa użytkownika").fill(username)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()


def test_admin_pages_and_their_scripts_run_without_a_csp_violation(page, site, csp_violations):
    admin = factories.directory_admin("administrator-csp")
    submit_login(page, site, admin.username, factories.PASSWORD)
    expect(page).to_have_url(
        site.url + reverse("admin:index")
    )  # Secure cookies work on http://localhost

    cluster = Cluster.objects.get(slug="klaster-lubelska-medycyna")
    organisation = MemberOrganisation.objects.first()
    for url in [
        reverse("admin:index"),
        reverse("admin:clusters_cluster_changelist") + "?q=lub",
        reverse("admin:clusters_cluster_change", args=[cluster.pk]),
        reverse("admin:clusters_cluster_add"),
        reverse("admin:members_memberorganisation_change", args=[organisation.pk]),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[admin.pk]),
        reverse("admin:password_change"),
    ]:
        response = page.goto(site.url + url)  # after the load event: every script has run
        assert response.status == 200, url
    # The scripts really run: the inline "add another" link (inlines.js) adds a row.
    page.goto(site.url + reverse("admin:clusters_cluster_change", args=[cluster.pk]))
    rows = page.locator(".inline-related .dynamic-form, .inline-related tr.form-row")
    rows_before = rows.count()
    page.locator(".add-row a").first.click()
    expect(rows).to_have_count(rows_before + 1)
    assert not csp_violations, "\n".join(csp_violations)


def test_the_lockout_page_appears_after_five_failed_logins(page, site):
    admin = factories.directory_admin("administrator-lock")
    for _ in range(5):
        submit_login(page, site, admin.username, "zle-haslo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logowanie tymczasowo zablokowane")
    submit_login_page = page.goto(site.url + reverse("admin:login"))
    assert submit_login_page.status == 200  # the form itself stays reachable
    page.get_by_label("Nazwa użytkownika").fill(admin.username)
    page.get_by_label("Hasło").fill(factories.PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logowanie tymczasowo zablokowane")
    expect(page.locator("main")).to_contain_text("nawet z poprawnym hasłem")
