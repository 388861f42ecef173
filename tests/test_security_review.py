"""The holes a security review found, each pinned by a test that failed before its fix: login
throttling bypassed by interleaving a correct login, an office taking over another office's
organisations, CSV formulas behind a comma, offices reading shared records' history,
administrators promoting themselves, unsafe proxy defaults and the login's unsafe ``next=``."""

import csv
import io
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from backoffice.roles import DIRECTORY_ADMIN_GROUP, OFFICE_STAFF_GROUP
from clusters.models import Cluster
from core.csv_safety import CELL_STARTS, safe_text
from core.listing.export import CSV_DELIMITER
from tests.admin_forms import admin_url, change_form_data, changelist_pks
from tests.factories import (
    PASSWORD,
    ClusterFactory,
    EcosystemFactory,
    InitiatorFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    SectorFactory,
    SpecialisationFactory,
    directory_admin,
    office_user,
)
from tests.test_security import ROOT, run_with_production_settings

User = get_user_model()
REFERENCE_FACTORIES = [InitiatorFactory, SectorFactory, SpecialisationFactory, EcosystemFactory]

# -- CSV: no formula whatever the spreadsheet splits on --------------------------------------------

HOSTILE_NAMES = [
    'Acme,=HYPERLINK("http://zly.example/","Kliknij")',
    "Acme;+1+2",
    "Acme\t@SUM(A1)",
    'Acme, "=1+1"',
    "Acme\n-2+3",
    "Acme|=cmd",
]
FORMULA_STARTS = tuple("=+-@")


def cells_seen_by_a_spreadsheet_splitting_on(text, separator):
    """Every cell a naive spreadsheet would make of ``text``, splitting lines on ``separator``
    (quotes and spaces around a cell dropped, as spreadsheets do)."""
    return [cell.strip(' "') for line in text.splitlines() for cell in line.split(separator)]


def exported_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.django_db
def test_no_cell_of_an_export_starts_a_formula_whatever_the_separator(client):
    specialisation = SpecialisationFactory(slug="e-zdrowie")
    cluster = ClusterFactory(name='Klaster, =HYPERLINK("http://zly.example/")')
    cluster.specialisations.set([specialisation])
    for name in HOSTILE_NAMES:
        organisation = MemberOrganisationFactory(name=name, description="-1+2")
        organisation.specialisations.set([specialisation])
        MembershipFactory(cluster=cluster, organisation=organisation)

    for url in [
        reverse("clusters:export"),
        reverse("members:export"),
        reverse("clusters:specialisation-export") + "?specialisation=e-zdrowie",
    ]:
        text = exported_text(client, url)
        assert "Acme" in text or "Klaster" in text
        for separator in CELL_STARTS:
            for cell in cells_seen_by_a_spreadsheet_splitting_on(text, separator):
                assert not cell.startswith(FORMULA_STARTS), (url, repr(separator), cell)


@pytest.mark.django_db
def test_a_neutralised_name_still_reads_whole_in_the_semicolon_file(client):
    MemberOrganisationFactory(name=HOSTILE_NAMES[0])
    MemberOrganisationFactory(name="Zakłady Azotowe 2020")
    text = exported_text(client, reverse("members:export"))
    lines = text.splitlines()
    # Every text cell is quoted, so a spreadsheet splitting on commas keeps a name in one cell.
    assert lines[1].startswith('"Acme,')
    assert lines[2].startswith('"Zakłady Azotowe 2020";')
    names = [row[0] for row in csv.reader(io.StringIO(text), delimiter=CSV_DELIMITER)][1:]
    assert names == ['Acme,\'=HYPERLINK("http://zly.example/","Kliknij")', "Zakłady Azotowe 2020"]


def test_a_formula_trigger_is_neutralised_only_where_a_cell_could_start():
    assert safe_text("Echo-Son, Lublin") == "Echo-Son, Lublin"
    assert safe_text("=1+1") == "'=1+1"
    assert safe_text('a; "@x') == "a; \"'@x"
    assert safe_text("a\r\n+x") == "a\r\n'+x"


# -- Login throttling: by (user name, address), plus a higher limit per address ----------------------


def attempt_login(username, password, ip="192.0.2.10"):
    return Client(REMOTE_ADDR=ip).post(
        reverse("admin:login"), {"username": username, "password": password}
    )


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", password=PASSWORD)


def test_a_correct_login_to_another_account_buys_no_more_guesses_at_the_superuser(root):
    office = office_user("biuro-atakujacego")
    statuses = []
    for _round in range(3):
        statuses += [attempt_login("root", "zgadywane-haslo").status_code for _ in range(4)]
        assert attempt_login(office.username, PASSWORD).status_code == 302
    # The fifth wrong password for root from this address locks root here, the office's own
    # successful logins in between notwithstanding.
    assert statuses[:5] == [200, 200, 200, 200, 429]
    assert set(statuses[5:]) == {429}
    assert attempt_login("root", PASSWORD).status_code == 429
    assert attempt_login(office.username, PASSWORD).status_code == 302


def test_failures_from_many_addresses_do_not_lock_the_owner_out(root):
    for n in range(5):
        for _ in range(5):
            attempt_login("root", "zgadywane-haslo", ip=f"198.51.100.{n + 1}")
    assert attempt_login("root", PASSWORD, ip="198.51.100.1").status_code == 429
    assert attempt_login("root", PASSWORD, ip="203.0.113.77").status_code == 302


def test_failures_for_several_names_from_one_address_count_up_to_the_address_limit(root, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for n in range(7):
        assert attempt_login(f"nieznany-{n}", "x", ip="192.0.2.50").status_code == 200
    assert attempt_login("root", PASSWORD, ip="192.0.2.50").status_code == 302
    assert attempt_login("nieznany-7", "x", ip="192.0.2.50").status_code == 429
    response = attempt_login("root", PASSWORD, ip="192.0.2.50")
    assert response.status_code == 429
    assert "na wszystkie konta razem (limit 8)" in response.content.decode()


def test_a_success_forgives_only_its_own_failures(root):
    office = office_user("biuro-pomylka")
    for _ in range(4):
        attempt_login(office.username, "literowka")
    assert attempt_login(office.username, PASSWORD).status_code == 302
    assert AccessAttempt.objects.filter(username=office.username).count() == 0
    attempt_login("root", "zgadywane-haslo")
    attempt_login(office.username, PASSWORD)
    assert AccessAttempt.objects.get(username="root").failures_since_start == 1


# -- Offices read shared reference data, but not its history ----------------------------------------


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("factory", REFERENCE_FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_an_office_cannot_read_the_history_of_shared_reference_data(factory):
    record = factory()
    model = record._meta.model
    office = logged_in(office_user("biuro-alfa", clusters=[ClusterFactory()]))
    admin = logged_in(directory_admin())
    LogEntry.objects.log_actions(
        admin.session["_auth_user_id"],
        [record],
        CHANGE,
        change_message="Poprawka administratora katalogu",
        single_object=True,
    )

    assert office.get(admin_url(model, "change", record.pk)).status_code == 200  # read-only view
    history = office.get(admin_url(model, "history", record.pk))
    assert history.status_code == 403
    assert "Poprawka administratora katalogu" not in history.content.decode()
    shown = admin.get(admin_url(model, "history", record.pk))
    assert "Poprawka administratora katalogu" in shown.content.decode()


@pytest.mark.django_db
def test_an_office_still_reads_its_own_clusters_history():
    cluster = ClusterFactory()
    office = logged_in(office_user("biuro-alfa", clusters=[cluster]))
    assert office.get(admin_url(Cluster, "history", cluster.pk)).status_code == 200


# -- Only a superuser grants superuser or account-management rights -------------------------------


@pytest.fixture
def accounts(db):
    return SimpleNamespace(
        admin=directory_admin("administrator"),
        other_admin=directory_admin("administrator-2"),
        office=office_user("biuro-alfa"),
        root=get_user_model().objects.create_superuser("root", password=PASSWORD),
    )


def test_an_administrator_cannot_make_itself_or_anyone_a_superuser(accounts):
    client = logged_in(accounts.admin)
    url = admin_url(User, "change", accounts.office.pk)
    data = change_form_data(client.get(url))
    data.update(
        {
            "is_superuser": "on",
            "groups": [str(Group.objects.get(name=DIRECTORY_ADMIN_GROUP).pk)],
            "user_permissions": [str(Permission.objects.get(codename="change_group").pk)],
        }
    )
    client.post(url, data)

    accounts.office.refresh_from_db()
    assert not accounts.office.is_superuser
    assert list(accounts.office.groups.values_list("name", flat=True)) == [OFFICE_STAFF_GROUP]
    assert not accounts.office.user_permissions.exists()
    # Its own account, superusers and other administrators are out of its reach.
    for target in (accounts.admin, accounts.other_admin, accounts.root):
        assert client.get(admin_url(User, "change", target.pk)).status_code == 302
        assert client.get(admin_url(User, "password_change", target.pk)).status_code in (403, 404)
    changelist = client.get(admin_url(User, "changelist"))
    assert changelist_pks(changelist) == {accounts.office.pk}


def test_an_administrator_manages_office_accounts(accounts):
    client = logged_in(accounts.admin)
    url = admin_url(User, "change", accounts.office.pk)
    data = change_form_data(client.get(url))
    data["is_active"] = ""
    assert client.post(url, data).status_code == 302
    accounts.office.refresh_from_db()
    assert not accounts.office.is_active
    # Nor can it edit the groups themselves (adding rights to the office group).
    group = Group.objects.get(name=OFFICE_STAFF_GROUP)
    add_rights = {
        "name": group.name,
        "permissions": [str(Permission.objects.get(codename="change_group").pk)],
    }
    assert client.post(admin_url(Group, "change", group.pk), add_rights).status_code == 403
    assert not group.permissions.filter(codename="change_group").exists()


def test_a_superuser_grants_the_administrators_group(accounts):
    client = logged_in(accounts.root)
    url = admin_url(User, "change", accounts.office.pk)
    data = change_form_data(client.get(url))
    data["groups"] = [str(Group.objects.get(name=DIRECTORY_ADMIN_GROUP).pk)]
    assert client.post(url, data).status_code == 302
    assert accounts.office.groups.get().name == DIRECTORY_ADMIN_GROUP


# -- Login with an unsafe next= ---------------------------------------------------------------------


@pytest.mark.parametrize("next_url", ["https://zly.example/", "//zly.example/admin/", ""])
def test_a_login_with_an_unsafe_or_no_next_ends_on_the_admin_index(db, next_url):
    user = directory_admin()
    client = Client()
    login = reverse("admin:login") + (f"?next={next_url}" if next_url else "")
    response = client.post(
        login, {"username": user.username, "password": PASSWORD, "next": next_url}, follow=True
    )
    assert response.redirect_chain[0][0] == reverse("admin:index")
    assert response.status_code == 200


# -- Proxy settings: safe defaults, a contradictory set-up stops at start-up ------------------------


def start_with(**env):
    return run_with_production_settings(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **env
    )


def test_a_tls_proxy_whose_forwarded_addresses_are_ignored_stops_the_start():
    result = start_with(BEHIND_TLS_PROXY="1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT=0 ignores the X-Forwarded-For" in result.stderr


@pytest.mark.parametrize("count", ["jeden", "-1"])
def test_a_malformed_proxy_count_stops_the_start_with_its_reason(count):
    result = start_with(TRUSTED_PROXY_COUNT=count)
    assert result.returncode != 0
    assert "ImproperlyConfigured: TRUSTED_PROXY_COUNT" in result.stderr


def test_a_declared_proxy_passes_the_deployment_checks():
    result = start_with(BEHIND_TLS_PROXY="1", TRUSTED_PROXY_COUNT="1")
    assert result.returncode == 0, result.stderr


def test_serve_script_leaves_x_forwarded_proto_to_gunicorns_allow_list():
    """scripts/serve.sh must not make Django believe X-Forwarded-Proto from anyone: the script
    sets no BEHIND_TLS_PROXY default (gunicorn checks FORWARDED_ALLOW_IPS instead)."""
    script = (ROOT / "scripts" / "serve.sh").read_text()
    exported = [line for line in script.splitlines() if line.startswith("export ")]
    assert exported, "serve.sh exports its defaults"
    assert not any("BEHIND_TLS_PROXY" in line for line in exported)
