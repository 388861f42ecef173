"""The cluster page in the back office: what an office may change, what stays the directory's."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from clusters.models import Cluster, Event
from members.models import MemberOrganisation, Membership
from tests import factories
from tests.admin_forms import admin_url, change_form_data, changelist_pks


@pytest.fixture
def alfa(db):
    cluster = factories.ClusterFactory(name="Klaster Alfa", slug="klaster-alfa")
    factories.MembershipFactory(cluster=cluster)
    factories.MemberReportFactory(cluster=cluster)
    factories.PartnerCountryFactory(cluster=cluster)
    factories.EventFactory(cluster=cluster, name="Forum Alfa", year=2019)
    factories.ProjectFactory(cluster=cluster)
    factories.LabelFactory(cluster=cluster)
    factories.KeyFigureFactory(cluster=cluster)
    factories.ActivityEvidenceFactory(cluster=cluster)
    return cluster


@pytest.fixture
def beta(db):
    return factories.ClusterFactory(name="Klaster Beta", slug="klaster-beta")


@pytest.fixture
def office(client, alfa):
    user = factories.office_user("biuro-alfa", clusters=[alfa])
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def admin_client_(client, db):
    user = factories.directory_admin()
    client.force_login(user)
    client.user = user
    return client


def _form(client, cluster):
    response = client.get(admin_url(Cluster, "change", cluster.pk))
    assert response.status_code == 200
    return change_form_data(response)


def test_cluster_page_carries_every_dependent_row_as_an_inline(office, alfa):
    response = office.get(admin_url(Cluster, "change", alfa.pk))

    inline_models = {
        inline.formset.model._meta.model_name
        for inline in response.context["inline_admin_formsets"]
    }
    assert inline_models == {
        "membership",
        "memberreport",
        "partnercountry",
        "event",
        "project",
        "label",
        "keyfigure",
        "activityevidence",
    }
    assert all(len(i.formset.forms) == 1 for i in response.context["inline_admin_formsets"])


def test_admin_pages_are_titled_in_polish(office):
    response = office.get(reverse("admin:index"))

    assert "Klastry Lubelskie – administracja" in response.content.decode()


def test_admin_speaks_polish_even_to_an_english_browser(office):
    response = office.get(admin_url(Cluster, "changelist"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    content = response.content.decode()
    assert "Strona główna" in content
    assert "Home" not in content


def test_titles_put_feminine_and_plural_names_in_the_right_case(office, alfa):
    changelist = office.get(admin_url(MemberOrganisation, "changelist")).content.decode()
    add = office.get(admin_url(MemberOrganisation, "add")).content.decode()

    assert "<h1>Organizacje członkowskie</h1>" in changelist
    assert "Dodaj: organizacja członkowska" in changelist
    assert "<h1>Organizacja członkowska – dodawanie</h1>" in add
    assert "Dodaj organizacja" not in changelist + add


def test_empty_choice_of_a_select_is_labelled_in_polish(office, alfa):
    response = office.get(admin_url(Cluster, "change", alfa.pk))

    content = response.content.decode()
    assert "– wybierz –" in content
    assert "Select an option" not in content


def test_office_edits_its_cluster_and_its_inlines(office, alfa):
    data = _form(office, alfa)
    data["description_pl"] = "Nowy opis klastra."
    data["description_en"] = "The cluster's new description."
    data["events-0-name_pl"] = "Forum Alfa 2019"
    data["events-TOTAL_FORMS"] = "2"
    data.update({"events-1-name_pl": "Nowe wydarzenie", "events-1-scope": "national"})

    response = office.post(admin_url(Cluster, "change", alfa.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    alfa.refresh_from_db()
    assert alfa.description_pl == "Nowy opis klastra."
    assert alfa.description_en == "The cluster's new description."
    assert set(alfa.events.values_list("name", flat=True)) == {"Forum Alfa 2019", "Nowe wydarzenie"}


def test_every_change_is_logged_with_who_and_when(office, alfa):
    data = _form(office, alfa)
    data["phone"] = "+48 81 000 00 00"

    office.post(admin_url(Cluster, "change", alfa.pk), data)

    entry = LogEntry.objects.get(object_id=str(alfa.pk), action_flag=CHANGE)
    assert entry.user == office.user
    assert entry.action_time is not None
    assert entry.get_change_message() == "Zmodyfikowano Telefon kontaktowy."


def test_office_cannot_change_initiator_ecosystem_slug_anchor_or_staff_even_by_posting_them(
    office, alfa
):
    intruder = factories.office_user("intruz")
    other_initiator = factories.InitiatorFactory()
    ecosystem = factories.EcosystemFactory()
    data = _form(office, alfa)
    data.update(
        {
            "initiator": other_initiator.pk,
            "ecosystem": ecosystem.pk,
            "is_ecosystem_anchor": "on",
            "slug": "przejety-adres",
            "staff": [intruder.pk],
        }
    )

    response = office.post(admin_url(Cluster, "change", alfa.pk), data)

    assert response.status_code == 302
    alfa.refresh_from_db()
    assert alfa.initiator != other_initiator
    assert alfa.ecosystem is None
    assert not alfa.is_ecosystem_anchor
    assert alfa.slug == "klaster-alfa"
    assert list(alfa.staff.all()) == [office.user]


def test_office_sees_initiator_ecosystem_and_staff_read_only(office, alfa):
    response = office.get(admin_url(Cluster, "change", alfa.pk))

    form_fields = set(response.context["adminform"].form.fields)
    assert not form_fields & {"initiator", "ecosystem", "is_ecosystem_anchor", "staff", "slug"}
    assert alfa.initiator.name in response.content.decode()


def test_office_cannot_add_or_delete_clusters_even_when_granted_the_permissions(office, alfa):
    # The office group has neither permission; ClusterAdmin refuses even an account given both.
    office.user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_cluster", "delete_cluster"])
    )

    add = office.get(admin_url(Cluster, "add"))
    add_post = office.post(admin_url(Cluster, "add"), {"name": "Nowy", "slug": "nowy"})
    delete = office.get(admin_url(Cluster, "delete", alfa.pk))
    delete_post = office.post(admin_url(Cluster, "delete", alfa.pk), {"post": "yes"})
    changelist = office.get(admin_url(Cluster, "changelist"))
    office.post(
        admin_url(Cluster, "changelist"),
        {"action": "delete_selected", "_selected_action": [alfa.pk], "post": "yes"},
    )

    assert add.status_code == add_post.status_code == 403
    assert delete.status_code == delete_post.status_code == 403
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    assert Cluster.objects.filter(pk=alfa.pk).exists()
    assert not Cluster.objects.filter(slug="nowy").exists()


def test_inline_membership_links_a_listed_organisation_to_own_cluster_only(office, alfa, beta):
    listed = factories.MembershipFactory(cluster=beta).organisation
    data = _form(office, alfa)
    data["memberships-TOTAL_FORMS"] = "2"
    data.update({"memberships-1-organisation": listed.pk, "memberships-1-role": "member"})

    response = office.post(admin_url(Cluster, "change", alfa.pk), data)

    assert response.status_code == 302
    assert Membership.objects.filter(cluster=alfa, organisation=listed).exists()
    assert Membership.objects.filter(cluster=beta, organisation=listed).count() == 1


def test_cluster_page_with_an_organisation_shared_with_another_cluster_still_saves(
    office, alfa, beta
):
    shared = factories.MemberOrganisationFactory(name="Wspólna organizacja")
    factories.MembershipFactory(cluster=alfa, organisation=shared)
    factories.MembershipFactory(cluster=beta, organisation=shared)
    data = _form(office, alfa)
    data["description_pl"] = "Zapisane mimo wspólnego członka."

    response = office.post(admin_url(Cluster, "change", alfa.pk), data)

    assert response.status_code == 302
    alfa.refresh_from_db()
    assert alfa.description == "Zapisane mimo wspólnego członka."


def test_history_of_own_cluster_shows_changes_by_anyone(office, alfa):
    admin = factories.directory_admin()
    LogEntry.objects.log_actions(
        admin.pk, [alfa], action_flag=CHANGE, change_message="Zmiana administratora"
    )

    response = office.get(admin_url(Cluster, "history", alfa.pk))

    assert "Zmiana administratora" in response.content.decode()


def test_directory_admin_changes_what_offices_cannot(admin_client_, alfa):
    ecosystem = factories.EcosystemFactory()
    staff_member = factories.office_user("nowy-pracownik")
    data = _form(admin_client_, alfa)
    data.update(
        {"ecosystem": ecosystem.pk, "is_ecosystem_anchor": "on", "staff": [staff_member.pk]}
    )

    response = admin_client_.post(admin_url(Cluster, "change", alfa.pk), data)

    assert response.status_code == 302
    alfa.refresh_from_db()
    assert alfa.ecosystem == ecosystem
    assert alfa.is_ecosystem_anchor
    assert list(alfa.staff.all()) == [staff_member]


def test_directory_admin_adds_and_deletes_clusters(admin_client_, alfa):
    initiator = factories.InitiatorFactory()
    response = admin_client_.get(admin_url(Cluster, "add"))
    data = change_form_data(response)
    data.update({"name_pl": "Klaster Nowy", "slug": "klaster-nowy", "initiator": initiator.pk})

    added = admin_client_.post(admin_url(Cluster, "add"), data)
    deleted = admin_client_.post(admin_url(Cluster, "delete", alfa.pk), {"post": "yes"})

    assert added.status_code == 302
    assert deleted.status_code == 302
    assert Cluster.objects.filter(slug="klaster-nowy").exists()
    assert not Cluster.objects.filter(pk=alfa.pk).exists()


def test_staff_field_offers_only_back_office_accounts(admin_client_, alfa):
    factories.office_user("pracownik")
    get_user_model().objects.create_user("zwykly-uzytkownik")

    response = admin_client_.get(admin_url(Cluster, "change", alfa.pk))

    usernames = {u.username for u in response.context["adminform"].form.fields["staff"].queryset}
    assert "pracownik" in usernames
    assert "zwykly-uzytkownik" not in usernames


@pytest.mark.parametrize("who", ["office", "admin_client_"])
def test_cluster_changelist_queries_do_not_grow_with_rows(
    request, who, alfa, django_assert_max_num_queries
):
    client = request.getfixturevalue(who)
    url = admin_url(Cluster, "changelist")
    with django_assert_max_num_queries(10):
        first = client.get(url)
    for _ in range(15):
        cluster = factories.ClusterFactory(ecosystem=factories.EcosystemFactory())
        cluster.staff.add(client.user)
        factories.MembershipFactory(cluster=cluster)

    with django_assert_max_num_queries(10):
        second = client.get(url)

    assert len(changelist_pks(second)) == len(changelist_pks(first)) + 15


def test_event_changelist_lists_cluster_names_without_a_query_per_row(
    admin_client_, alfa, django_assert_max_num_queries
):
    for _ in range(20):
        factories.EventFactory()

    with django_assert_max_num_queries(10):
        response = admin_client_.get(admin_url(Event, "changelist"))

    assert len(changelist_pks(response)) == 21
