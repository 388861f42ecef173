"""The two back-office roles, as `setup_roles` (run by `make run`/`make seed`) creates them."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from backoffice.roles import DIRECTORY_ADMIN_GROUP, OFFICE_STAFF_GROUP
from core.permissions import edits_everything
from tests import factories
from tests.admin_forms import change_form_data


def _codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_setup_roles_creates_both_groups_and_can_run_again():
    call_command("setup_roles", verbosity=0)
    first = _codenames(OFFICE_STAFF_GROUP), _codenames(DIRECTORY_ADMIN_GROUP)
    call_command("setup_roles", verbosity=0)

    assert (_codenames(OFFICE_STAFF_GROUP), _codenames(DIRECTORY_ADMIN_GROUP)) == first
    assert Group.objects.filter(name__in=[OFFICE_STAFF_GROUP, DIRECTORY_ADMIN_GROUP]).count() == 2


@pytest.mark.django_db
def test_office_group_may_edit_clusters_but_not_create_delete_them_or_edit_reference_data():
    call_command("setup_roles", verbosity=0)
    office = _codenames(OFFICE_STAFF_GROUP)

    assert {"clusters.change_cluster", "members.add_memberorganisation"} <= office
    assert not office & {
        "clusters.add_cluster",
        "clusters.delete_cluster",
        "clusters.edit_all_clusters",
        "clusters.change_initiator",
        "ecosystems.change_ecosystem",
        "members.delete_memberorganisation",
        "admin.view_logentry",
    }


@pytest.mark.django_db
def test_directory_admin_group_edits_everything_and_reads_the_log():
    call_command("setup_roles", verbosity=0)
    admins = _codenames(DIRECTORY_ADMIN_GROUP)

    assert {
        "clusters.edit_all_clusters",
        "clusters.delete_cluster",
        "admin.view_logentry",
    } <= admins
    assert edits_everything(factories.directory_admin())
    assert not edits_everything(factories.office_user("biuro"))


@pytest.mark.django_db
def test_only_directory_admins_read_the_whole_admin_log(client):
    cluster = factories.ClusterFactory(name="Klaster Beta")
    admin = factories.directory_admin()
    LogEntry.objects.log_actions(admin.pk, [cluster], action_flag=CHANGE, change_message="")
    url = reverse("admin:admin_logentry_changelist")

    client.force_login(factories.office_user("biuro", clusters=[cluster]))
    office_response = client.get(url)
    client.force_login(admin)
    admin_response = client.get(url)

    assert office_response.status_code == 403
    assert admin_response.status_code == 200
    assert "Klaster Beta" in admin_response.content.decode()


@pytest.mark.django_db
def test_directory_admin_attaches_an_office_account_to_a_cluster_on_the_users_page(client):
    cluster = factories.ClusterFactory(name="Klaster Alfa")
    account = factories.office_user("nowe-biuro")
    client.force_login(factories.directory_admin())
    url = reverse("admin:auth_user_change", args=[account.pk])
    data = change_form_data(client.get(url))
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-cluster": cluster.pk})

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(account.staffed_clusters.all()) == [cluster]
