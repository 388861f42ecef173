"""Whose record an organisation is: an office links another office's organisation only as a
member, and the organisation's own office keeps editing it (members/ownership.py). Every door is
tried from both offices' side, with forged POSTs."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from clusters.models import Cluster
from members.models import MemberOrganisation, Membership, MembershipRole
from tests import factories
from tests.admin_forms import admin_url, change_form_data, changelist_pks

REFUSAL = "możesz ją dołączyć do swojego klastra tylko jako członka"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db):
    alfa = factories.ClusterFactory(name="Klaster Alfa")
    beta = factories.ClusterFactory(name="Klaster Beta")
    # Beta's own member, edited by Beta's office.
    theirs = factories.MembershipFactory(
        cluster=beta, organisation__name="Politechnika Beta", role=MembershipRole.COORDINATOR
    ).organisation
    return SimpleNamespace(
        alfa=alfa,
        beta=beta,
        theirs=theirs,
        office_alfa=logged_in(factories.office_user("biuro-alfa", clusters=[alfa])),
        office_beta=logged_in(factories.office_user("biuro-beta", clusters=[beta])),
    )


def link(client, organisation, cluster, role):
    return client.post(
        admin_url(Membership, "add"),
        {"organisation": organisation.pk, "cluster": cluster.pk, "role": role},
    )


def link_on_the_cluster_page(client, cluster, organisation, role):
    data = change_form_data(client.get(admin_url(Cluster, "change", cluster.pk)))
    index = int(data["memberships-TOTAL_FORMS"])
    data["memberships-TOTAL_FORMS"] = str(index + 1)
    data.update(
        {
            f"memberships-{index}-organisation": organisation.pk,
            f"memberships-{index}-role": role,
            f"memberships-{index}-cluster": cluster.pk,
        }
    )
    return client.post(admin_url(Cluster, "change", cluster.pk), data)


@pytest.mark.parametrize("role", [MembershipRole.COORDINATOR, MembershipRole.FOUNDER])
def test_an_office_cannot_make_another_offices_organisation_its_coordinator(world, role):
    response = link(world.office_alfa, world.theirs, world.alfa, role)

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not Membership.objects.filter(cluster=world.alfa).exists()


@pytest.mark.parametrize("role", [MembershipRole.COORDINATOR, MembershipRole.FOUNDER])
def test_nor_through_the_inline_of_its_cluster_page(world, role):
    response = link_on_the_cluster_page(world.office_alfa, world.alfa, world.theirs, role)

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not Membership.objects.filter(cluster=world.alfa).exists()


def test_linked_as_a_member_the_organisation_stays_its_own_offices(world):
    response = link_on_the_cluster_page(
        world.office_alfa, world.alfa, world.theirs, MembershipRole.MEMBER
    )
    assert response.status_code == 302
    link_row = Membership.objects.get(cluster=world.alfa, organisation=world.theirs)
    assert link_row.role == MembershipRole.MEMBER
    assert link_row.linked_by_office

    # Beta's side: the organisation is still in its list, and its edits are saved.
    beta = world.office_beta
    changelist = beta.get(admin_url(MemberOrganisation, "changelist"))
    assert world.theirs.pk in changelist_pks(changelist)
    url = admin_url(MemberOrganisation, "change", world.theirs.pk)
    data = change_form_data(beta.get(url))
    data["description_pl"] = "Opis wpisany przez biuro klastra Beta."
    assert beta.post(url, data).status_code == 302
    world.theirs.refresh_from_db()
    assert world.theirs.description == "Opis wpisany przez biuro klastra Beta."

    # Alfa's side: the organisation is on its cluster page, but its record is not Alfa's.
    alfa = world.office_alfa
    assert world.theirs.pk not in changelist_pks(
        alfa.get(admin_url(MemberOrganisation, "changelist"))
    )
    assert alfa.get(url).status_code == 302  # the admin's "no such object" redirect
    alfa.post(url, {**data, "name": "Przejęta przez Alfę", "description": "podrobione"})
    world.theirs.refresh_from_db()
    assert world.theirs.name == "Politechnika Beta"

    # The public page names Beta as the coordinator and Alfa as a cluster it is a member of.
    page = Client().get(reverse("members:detail", args=[world.theirs.slug])).content.decode()
    assert "Klaster Alfa" in page
    coordinators = Membership.objects.coordinators().filter(organisation=world.theirs)
    assert list(coordinators.values_list("cluster__name", flat=True)) == ["Klaster Beta"]


def test_a_forged_edit_cannot_promote_a_linked_membership(world):
    link(world.office_alfa, world.theirs, world.alfa, MembershipRole.MEMBER)
    membership = Membership.objects.get(cluster=world.alfa)
    url = admin_url(Membership, "change", membership.pk)

    response = world.office_alfa.post(
        url,
        {"organisation": world.theirs.pk, "cluster": world.alfa.pk, "role": "coordinator"},
    )

    assert REFUSAL in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == MembershipRole.MEMBER
    # Nor can the forged POST lift the mark: offices never get that field.
    world.office_alfa.post(
        url,
        {
            "organisation": world.theirs.pk,
            "cluster": world.alfa.pk,
            "role": "member",
            "linked_by_office": "",
        },
    )
    membership.refresh_from_db()
    assert membership.linked_by_office


def test_an_office_gives_its_own_organisation_any_role_in_its_clusters(world):
    second = factories.ClusterFactory(name="Klaster Alfa Bis")
    own = factories.MembershipFactory(cluster=world.alfa, organisation__name="Firma Alfy")
    user = factories.office_user("biuro-alfa-2", clusters=[world.alfa, second])
    office = logged_in(user)

    response = link(office, own.organisation, second, MembershipRole.COORDINATOR)

    assert response.status_code == 302
    membership = Membership.objects.get(cluster=second)
    assert (membership.role, membership.linked_by_office) == (MembershipRole.COORDINATOR, False)
    assert own.organisation in MemberOrganisation.objects.for_staff(user)


def test_an_organisation_shared_by_two_offices_clusters_is_the_administrators(world):
    factories.MembershipFactory(
        cluster=world.alfa, organisation=world.theirs
    )  # set by the directory

    for office in (world.office_alfa, world.office_beta):
        changelist = office.get(admin_url(MemberOrganisation, "changelist"))
        assert world.theirs.pk not in changelist_pks(changelist)
    admin = logged_in(factories.directory_admin())
    assert admin.get(admin_url(MemberOrganisation, "change", world.theirs.pk)).status_code == 200


def test_an_administrator_sets_any_role_on_any_organisation(world):
    admin = logged_in(factories.directory_admin())

    response = link(admin, world.theirs, world.alfa, MembershipRole.COORDINATOR)

    assert response.status_code == 302
    assert Membership.objects.get(cluster=world.alfa).role == MembershipRole.COORDINATOR


def test_an_office_saves_its_cluster_page_with_a_coordinator_set_by_the_directory(world):
    # The directory made Beta's organisation Alfa's coordinator too: a shared record.
    factories.MembershipFactory(
        cluster=world.alfa, organisation=world.theirs, role=MembershipRole.COORDINATOR
    )
    url = admin_url(Cluster, "change", world.alfa.pk)
    data = change_form_data(world.office_alfa.get(url))
    data["description"] = "Zapisane z koordynatorem wspólnym z Betą."

    assert world.office_alfa.post(url, data).status_code == 302
    assert Membership.objects.get(cluster=world.alfa).role == MembershipRole.COORDINATOR
