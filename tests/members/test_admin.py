"""Member organisations in the back office: an office adds them into its clusters and edits only
the ones that belong to its clusters and no other."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry

from members.models import MemberOrganisation, Membership, MembershipRole
from tests import factories
from tests.admin_forms import admin_url, change_form_data, changelist_pks


def _new_organisation(**extra):
    return {
        "name_pl": "Nowa Firma sp. z o.o.",
        "slug": "nowa-firma",
        "organisation_type": "enterprise",
        "role": "member",
        **extra,
    }


def test_office_adds_an_organisation_into_its_cluster(office, alfa):
    response = office.post(
        admin_url(MemberOrganisation, "add"),
        _new_organisation(cluster=alfa.pk, role=MembershipRole.FOUNDER),
    )

    assert response.status_code == 302
    organisation = MemberOrganisation.objects.get(slug="nowa-firma")
    membership = organisation.memberships.get()
    assert (membership.cluster, membership.role) == (alfa, MembershipRole.FOUNDER)
    logged = LogEntry.objects.filter(user=office.user, action_flag=ADDITION)
    assert {e.object_repr for e in logged} == {str(organisation), str(membership)}


def test_office_sees_the_organisation_it_added(office, alfa):
    office.post(admin_url(MemberOrganisation, "add"), _new_organisation(cluster=alfa.pk))

    response = office.get(admin_url(MemberOrganisation, "changelist"))

    assert "Nowa Firma sp. z o.o." in response.content.decode()


def test_office_must_choose_one_of_its_clusters_for_a_new_organisation(office, alfa):
    response = office.post(admin_url(MemberOrganisation, "add"), _new_organisation())

    assert response.status_code == 200
    assert "cluster" in response.context["adminform"].form.errors
    assert not MemberOrganisation.objects.filter(slug="nowa-firma").exists()


def test_office_cannot_add_an_organisation_into_another_cluster(office, alfa, beta):
    response = office.post(admin_url(MemberOrganisation, "add"), _new_organisation(cluster=beta.pk))

    assert "cluster" in response.context["adminform"].form.errors
    assert not MemberOrganisation.objects.filter(slug="nowa-firma").exists()


def test_add_form_offers_only_the_offices_clusters(office, alfa, beta):
    response = office.get(admin_url(MemberOrganisation, "add"))

    assert list(response.context["adminform"].form.fields["cluster"].queryset) == [alfa]


def test_add_form_chooses_the_cluster_of_a_single_cluster_office(office, alfa):
    response = office.get(admin_url(MemberOrganisation, "add"))

    assert response.context["adminform"].form["cluster"].value() == alfa.pk


def test_office_edits_an_organisation_of_its_own_cluster(office, alfa):
    organisation = factories.MembershipFactory(cluster=alfa).organisation
    response = office.get(admin_url(MemberOrganisation, "change", organisation.pk))
    data = change_form_data(response)
    data["city"] = "Lublin"

    saved = office.post(admin_url(MemberOrganisation, "change", organisation.pk), data)

    assert saved.status_code == 302
    organisation.refresh_from_db()
    assert organisation.city == "Lublin"
    assert "slug" not in response.context["adminform"].form.fields


def test_organisation_shared_with_another_cluster_is_not_editable_by_the_office(office, alfa, beta):
    shared = factories.MemberOrganisationFactory(name="Wspólna sp. z o.o.")
    factories.MembershipFactory(cluster=alfa, organisation=shared)
    factories.MembershipFactory(cluster=beta, organisation=shared)

    changelist = office.get(admin_url(MemberOrganisation, "changelist"))
    change = office.get(admin_url(MemberOrganisation, "change", shared.pk))
    post = office.post(
        admin_url(MemberOrganisation, "change", shared.pk),
        {"name": "Przejęta", "slug": shared.slug, "organisation_type": "enterprise"},
    )

    assert shared.pk not in changelist_pks(changelist)
    assert change.status_code in (302, 404)
    assert post.status_code in (302, 404)
    shared.refresh_from_db()
    assert shared.name == "Wspólna sp. z o.o."


def test_office_cannot_drop_the_last_membership_from_the_organisation_page(office, alfa):
    membership = factories.MembershipFactory(cluster=alfa)
    organisation = membership.organisation
    data = change_form_data(office.get(admin_url(MemberOrganisation, "change", organisation.pk)))
    data["memberships-0-DELETE"] = "on"

    response = office.post(admin_url(MemberOrganisation, "change", organisation.pk), data)

    assert response.status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_office_cannot_delete_organisations(office, alfa):
    organisation = factories.MembershipFactory(cluster=alfa).organisation

    response = office.post(
        admin_url(MemberOrganisation, "delete", organisation.pk), {"post": "yes"}
    )

    assert response.status_code == 403
    assert MemberOrganisation.objects.filter(pk=organisation.pk).exists()


def test_directory_admin_may_add_an_organisation_outside_any_cluster(client, db):
    client.force_login(factories.directory_admin())

    response = client.post(admin_url(MemberOrganisation, "add"), _new_organisation())

    assert response.status_code == 302
    assert not MemberOrganisation.objects.get(slug="nowa-firma").memberships.exists()


@pytest.mark.parametrize("who", ["office", "directory_admin"])
def test_organisation_changelist_queries_do_not_grow_with_rows(
    client, alfa, who, django_assert_max_num_queries
):
    user = (
        factories.office_user("biuro", clusters=[alfa])
        if who == "office"
        else factories.directory_admin()
    )
    client.force_login(user)
    url = admin_url(MemberOrganisation, "changelist")
    factories.MembershipFactory(cluster=alfa)
    with django_assert_max_num_queries(10):
        client.get(url)
    for _ in range(15):
        organisation = factories.MembershipFactory(cluster=alfa).organisation
        organisation.specialisations.add(factories.SpecialisationFactory())

    with django_assert_max_num_queries(10):
        response = client.get(url)

    assert len(changelist_pks(response)) == 16
    assert "Klaster Alfa" in response.content.decode()
