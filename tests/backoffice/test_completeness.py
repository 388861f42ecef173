"""What is missing, what is stale: the admin home page's table, the confirm action, the reminder."""

import datetime
from io import StringIO

import html5lib
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clusters.admin.cluster import ClusterAdmin
from clusters.models import Cluster
from tests import factories
from tests.page_text import visible_text

XHTML = "{http://www.w3.org/1999/xhtml}"


def dashboard_rows(response):
    """[(cluster name, "a/b (p%)", what is missing, checked)] as the admin home page shows them."""
    assert response.status_code == 200
    tree = html5lib.parse(response.content.decode())
    rows = []
    for section in tree.iter(f"{XHTML}section"):
        if "completeness-dashboard" not in section.get("class", ""):
            continue
        for tr in section.iter(f"{XHTML}tr"):
            cells = ["".join(cell.itertext()).strip() for cell in tr]
            if tr.find(f"{XHTML}th[@scope='row']") is not None:
                rows.append(tuple(" ".join(cell.split()) for cell in cells[:4]))
    return rows


def plain_reading(cluster):
    """What a profile lacks, read field by field (independent of the SQL annotations)."""
    lacks = []
    if not cluster.description:
        lacks.append("opis")
    if not cluster.website:
        lacks.append("strona internetowa")
    if not (cluster.email or cluster.phone):
        lacks.append("e-mail lub telefon")
    if not cluster.address:
        lacks.append("adres biura")
    if cluster.founded_year is None:
        lacks.append("rok założenia")
    if not cluster.member_reports.exists():
        lacks.append("liczba członków")
    if not cluster.memberships.exists():
        lacks.append("lista członków")
    if not cluster.specialisations.exists():
        lacks.append("specjalizacje")
    if not cluster.description_sources.exists():
        lacks.append("źródła opisu")
    return lacks


def test_administrators_see_every_real_cluster_with_what_it_lacks(real_data, client):
    client.force_login(factories.directory_admin())
    rows = dashboard_rows(client.get(reverse("admin:index")))
    clusters = {cluster.name: cluster for cluster in Cluster.objects.all()}
    assert len(rows) == len(clusters) == 23
    for name, score, lacks, checked in rows:
        expected = plain_reading(clusters[name])
        met = 9 - len(expected)
        assert score == f"{met}/9 ({round(100 * met / 9)}%)", name
        assert lacks == (", ".join(expected) or "nic"), name
        assert checked.startswith(clusters[name].data_checked.strftime("%d.%m.%Y")), name


def test_the_table_sorts_by_completeness_and_by_age_of_the_check(db, client):
    empty = factories.ClusterFactory(name="Pusty", data_checked=datetime.date(2025, 1, 2))
    factories.ClusterFactory(
        name="Pełniejszy", description="Opis.", website="https://example.org", data_checked=None
    )
    fresh = factories.ClusterFactory(
        name="Świeży", description="Opis.", data_checked=timezone.localdate()
    )
    client.force_login(factories.directory_admin())
    url = reverse("admin:index")

    by_score = [row[0] for row in dashboard_rows(client.get(url, {"sort": "completeness"}))]
    assert by_score == ["Pusty", "Świeży", "Pełniejszy"]
    by_score_desc = [row[0] for row in dashboard_rows(client.get(url, {"sort": "-completeness"}))]
    assert by_score_desc == ["Pełniejszy", "Świeży", "Pusty"]
    unsorted = [row[0] for row in dashboard_rows(client.get(url, {"sort": "nonsense"}))]
    assert sorted(unsorted) == sorted([empty.name, "Pełniejszy", fresh.name])
    oldest_first = dashboard_rows(client.get(url, {"sort": "checked"}))
    assert [row[0] for row in oldest_first] == ["Pełniejszy", "Pusty", "Świeży"]
    assert oldest_first[0][3] == "nigdy – do sprawdzenia"
    assert oldest_first[1][3] == "02.01.2025 – ponad rok temu"
    assert oldest_first[2][3] == fresh.data_checked.strftime("%d.%m.%Y")


def test_an_office_sees_only_its_own_clusters_on_the_home_page(db, client):
    own = factories.ClusterFactory(name="Klaster Alfa")
    factories.ClusterFactory(name="Klaster Beta")
    client.force_login(factories.office_user("biuro-alfa", clusters=[own]))
    assert [row[0] for row in dashboard_rows(client.get(reverse("admin:index")))] == [
        "Klaster Alfa"
    ]


def _confirm(client, cluster, **extra):
    return client.post(
        reverse("admin:clusters_cluster_changelist"),
        {"action": "confirm_data_checked", "_selected_action": [cluster.pk], "index": 0, **extra},
    )


def test_an_office_confirms_its_data_today_without_an_edit(db, client):
    own = factories.ClusterFactory(name="Klaster Alfa", data_checked=datetime.date(2024, 5, 6))
    saved = own.updated_at
    client.force_login(factories.office_user("biuro-alfa", clusters=[own]))

    response = _confirm(client, own, next="index")

    assert response.status_code == 302 and response.url == reverse("admin:index")
    own.refresh_from_db()
    assert own.data_checked == timezone.localdate()
    assert own.updated_at == saved
    page = client.get(reverse("admin:index")).content.decode()
    assert "Dane sprawdzone " + timezone.localdate().strftime("%d.%m.%Y") in page


def test_an_office_cannot_confirm_another_clusters_data_even_with_a_forged_id(db, client):
    own = factories.ClusterFactory(name="Klaster Alfa")
    other = factories.ClusterFactory(name="Klaster Beta", data_checked=datetime.date(2024, 5, 6))
    client.force_login(factories.office_user("biuro-alfa", clusters=[own]))

    _confirm(client, other)

    other.refresh_from_db()
    assert other.data_checked == datetime.date(2024, 5, 6)


def test_the_reminder_lists_stale_clusters_and_mails_their_offices(db, settings):
    today = timezone.localdate()
    stale = factories.ClusterFactory(name="Stary", data_checked=today.replace(year=today.year - 2))
    never = factories.ClusterFactory(name="Nigdy", data_checked=None)
    factories.ClusterFactory(name="Świeży", data_checked=today)
    office = factories.office_user("biuro-stary", clusters=[stale])
    office.email = "biuro@stary.example"
    office.save()
    factories.office_user("biuro-nigdy", clusters=[never])  # no address: listed, not mailed

    out = StringIO()
    call_command("remind_stale_clusters", "--dry-run", stdout=out)
    assert mail.outbox == []
    listed = out.getvalue()
    assert "Stary" in listed and "Nigdy" in listed and "Świeży" not in listed
    assert "biuro@stary.example" in listed

    call_command("remind_stale_clusters", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [["biuro@stary.example"]]
    assert "Stary" in mail.outbox[0].subject
    assert "Potwierdzam aktualność danych" in mail.outbox[0].body


def test_the_cluster_list_sorts_by_completeness_and_by_the_check(db, client):
    factories.ClusterFactory(name="Pełny", description="Opis.", website="https://example.org")
    factories.ClusterFactory(name="Goły")
    client.force_login(factories.directory_admin())
    url = reverse("admin:clusters_cluster_changelist")
    columns = ClusterAdmin.list_display
    completeness = columns.index("completeness_column") + 1

    def order(o):
        response = client.get(url, {"o": o})
        assert response.status_code == 200
        return [cluster.name for cluster in response.context["cl"].result_list]

    assert order(completeness) == ["Goły", "Pełny"]
    assert order(-completeness) == ["Pełny", "Goły"]
    cells = visible_text(client.get(url))
    assert "Pełny" in cells and "2/9" in cells and "0/9" in cells
