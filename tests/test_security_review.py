"""The holes a security review found, each pinned by a test that failed before its fix: login
throttling bypassed by interleaving a correct login, an office taking over another office's
organisations, CSV formulas behind a comma, offices reading shared records' history,
administrators promoting themselves, unsafe proxy defaults and the login's unsafe ``next=``."""

import csv
import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from clusters.csv_safety import CELL_STARTS, safe_text
from clusters.listing import CSV_DELIMITER
from tests.factories import (
    PASSWORD,
    ClusterFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    SpecialisationFactory,
    office_user,
)

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
