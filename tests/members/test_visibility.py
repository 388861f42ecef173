"""Whom visitors see is kept on the organisation's row (``listed``, members.visibility): every write
it depends on leaves it as the rule says, which the public pages then read."""

import importlib
import threading

import pytest
import reversion
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from clusters.fixture_loading import fingerprint
from members.models import MemberOrganisation, Membership, MembershipRole
from members.visibility import refresh_listed
from tests import factories
from tests.page_text import visible_text

from .importing import HEADER, confirm, upload

pytestmark = pytest.mark.django_db


def by_the_rule():
    """{name: whether visitors should see it}, from the memberships as they stand."""
    return {
        organisation.name: (
            not organisation.memberships.all()
            or any(m.cluster.published for m in organisation.memberships.all())
        )
        for organisation in MemberOrganisation.objects.prefetch_related("memberships__cluster")
    }


def stored():
    return dict(MemberOrganisation.objects.values_list("name", "listed"))


@pytest.fixture
def world(db):
    shown, closed = factories.ClusterFactory(), factories.ClusterFactory(published=False)
    names = ("W obu", "Tylko w ukrytym", "Tylko w widocznym", "Bez klastra")
    both, hidden, visible, alone = (factories.MemberOrganisationFactory(name=n) for n in names)
    factories.MembershipFactory(organisation=both, cluster=shown)
    factories.MembershipFactory(organisation=both, cluster=closed)
    factories.MembershipFactory(organisation=hidden, cluster=closed)
    factories.MembershipFactory(organisation=visible, cluster=shown)
    return shown, closed, both, hidden, visible, alone


def test_memberships_written_one_by_one_set_the_flag(world):
    assert stored() == by_the_rule()
    assert stored() == {
        "W obu": True,
        "Tylko w ukrytym": False,
        "Tylko w widocznym": True,
        "Bez klastra": True,
    }


def test_a_membership_deleted_or_added_changes_its_organisation(world):
    shown, closed, both, hidden, visible, alone = world
    Membership.objects.get(organisation=both, cluster=shown).delete()
    factories.MembershipFactory(organisation=alone, cluster=closed)
    factories.MembershipFactory(organisation=hidden, cluster=shown)
    assert stored() == by_the_rule()
    assert stored() == {
        "W obu": False,
        "Tylko w ukrytym": True,
        "Tylko w widocznym": True,
        "Bez klastra": False,
    }
    Membership.objects.filter(organisation=alone).delete()  # a queryset's delete
    assert stored()["Bez klastra"] is True


def test_a_membership_moved_to_another_organisation_changes_both(world):
    shown, closed, both, hidden, visible, alone = world
    membership = Membership.objects.get(organisation=both, cluster=shown)
    membership.organisation = hidden
    membership.save()
    assert stored() == by_the_rule()
    assert stored()["W obu"] is False  # left in the unpublished cluster only
    assert stored()["Tylko w ukrytym"] is True


def test_a_cluster_unpublished_published_or_deleted_changes_its_members(world):
    shown, closed, both, hidden, visible, alone = world
    shown.published = False
    shown.save()
    assert stored() == by_the_rule()
    assert stored()["W obu"] is False and stored()["Tylko w widocznym"] is False
    closed.published = True
    closed.save(update_fields=["published"])
    assert stored() == by_the_rule()
    assert stored()["Tylko w ukrytym"] is True
    closed.delete()
    assert stored() == by_the_rule()
    assert stored()["Tylko w ukrytym"] is True  # in no cluster now
    assert stored()["W obu"] is False  # left in the unpublished one


def test_a_cluster_saved_without_a_change_of_publication_leaves_its_members_alone(world):
    shown = world[0]
    for fields in (None, ["name"]):
        shown.name = f"{shown.name}!"
        with CaptureQueriesContext(connection) as queries:
            shown.save(update_fields=fields)
        assert not [q for q in queries if "members_memberorganisation" in q["sql"]], fields


def test_a_cluster_loaded_after_its_memberships_lists_them(world):
    """A fixture may load a membership before the cluster it names (raw saves, constraints
    checked at the commit): the cluster's own save writes its members' flags."""
    shown = world[0]
    newcomer = factories.MemberOrganisationFactory(name="Nowa")
    pending = factories.ClusterFactory.build(
        pk=shown.pk + 1000, published=True, initiator=shown.initiator, ecosystem=None
    )
    pending.created_at = pending.updated_at = shown.created_at  # a raw save sets neither
    Membership(organisation=newcomer, cluster_id=pending.pk).save_base(raw=True)
    assert stored()["Nowa"] is False  # its cluster is not there yet
    pending.save_base(raw=True)
    assert stored()["Nowa"] is True


def test_links_written_in_bulk_through_the_many_to_many_fields(world):
    shown, closed, both, hidden, visible, alone = world
    alone.clusters.add(closed, through_defaults={"role": MembershipRole.MEMBER})
    assert stored()["Bez klastra"] is False
    closed.organisations.clear()
    assert stored() == by_the_rule()
    assert stored()["Tylko w ukrytym"] is True and stored()["Bez klastra"] is True
    shown.organisations.remove(visible)
    assert stored() == by_the_rule()


def test_an_organisation_saved_from_a_stale_instance_keeps_the_flag_the_rule_gives(world):
    shown, closed, both, hidden, visible, alone = world
    stale = MemberOrganisation.objects.get(pk=visible.pk)
    Membership.objects.filter(organisation=visible).update(cluster=closed)  # no signal
    refresh_listed([visible.pk])  # as a bulk write does
    stale.description = "Nowy opis"
    stale.save()  # writes listed=True from memory
    assert stored()["Tylko w widocznym"] is False


def test_a_restored_membership_restores_the_organisation(world):
    shown, closed, both, hidden, visible, alone = world
    membership = Membership.objects.get(organisation=visible)
    with reversion.create_revision():
        membership.save()
    pk = membership.pk
    membership.delete()
    factories.MembershipFactory(organisation=visible, cluster=closed)
    assert stored()["Tylko w widocznym"] is False
    Version.objects.get_for_object_reference(Membership, pk).first().revert()  # a raw save
    assert stored()["Tylko w widocznym"] is True


def test_an_organisations_revert_leaves_the_flag_as_its_clusters_make_it(world):
    shown, closed, both, hidden, visible, alone = world
    with reversion.create_revision():
        visible.save()  # recorded while listed
    shown.published = False
    shown.save()
    Version.objects.get_for_object(visible).first().revert()
    assert MemberOrganisation.objects.get(pk=visible.pk).listed is False


def test_the_flag_is_not_part_of_the_loaders_fingerprint(world):
    """The real-data loader tells an admin's edit by the row's fingerprint: a cluster unpublished
    is no edit of its members."""
    shown, closed, both, hidden, visible, alone = world
    before = fingerprint(MemberOrganisation.objects.get(pk=visible.pk), [])
    shown.published = False
    shown.save()
    after = MemberOrganisation.objects.get(pk=visible.pk)
    assert after.listed is False
    assert fingerprint(after, []) == before


def test_an_import_into_an_unpublished_cluster_leaves_its_new_members_unlisted(client, world):
    shown, closed, both, hidden, visible, alone = world
    client.force_login(factories.directory_admin())
    data = HEADER + "Nowa Firma;;;;;;członek;\nTylko w ukrytym;;;;;;członek;\n"
    response = upload(client, shown, data)
    confirm(client, response)
    response = upload(client, closed, HEADER + "Druga Firma;;;;;;członek;\n")
    confirm(client, response)
    assert stored() == by_the_rule()
    assert stored()["Nowa Firma"] is True
    assert stored()["Druga Firma"] is False
    assert stored()["Tylko w ukrytym"] is True  # now in the published one too


def test_the_migration_writes_the_rows_there_are(world):
    MemberOrganisation.objects.update(listed=True)
    migration = importlib.import_module("members.migrations.0020_organisation_listed")
    migration.write_listed(apps, None)
    assert stored() == by_the_rule()
    assert stored()["Tylko w ukrytym"] is False


def test_the_public_pages_read_the_flag(client, world):
    names = {"W obu", "Tylko w ukrytym", "Tylko w widocznym", "Bez klastra"}
    text = visible_text(client.get(reverse("members:list")))
    assert {name for name in names if name in text} == names - {"Tylko w ukrytym"}
    assert "Liczba organizacji: 3" in text
    hidden = world[3]
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_a_migration_mends_every_flag(world):
    """What a write from outside the site left (SQL by hand, a process of the release before
    during a deploy) is written again by the next ``migrate``."""
    MemberOrganisation.objects.update(listed=False)
    call_command("migrate", verbosity=0)
    assert stored() == by_the_rule()
    assert stored()["Bez klastra"] is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_writes_wait_for_each_other():
    """An import adds an organisation to a cluster while an administrator unpublishes it: each
    sees only what the other has committed, so the second refresh waits for the first writer's
    commit (members.derived_rows.LOCK_KEY) and then counts its membership."""
    cluster = factories.ClusterFactory()
    refreshed, finish = threading.Event(), threading.Event()

    def import_a_member():
        try:
            with transaction.atomic():
                factories.MembershipFactory(organisation__name="Nowa Firma", cluster=cluster)
                refreshed.set()  # listed: its cluster is published, as far as it can see
                finish.wait(10)  # ...the import records its history
        finally:
            connection.close()

    importer = threading.Thread(target=import_a_member)
    importer.start()
    try:
        assert refreshed.wait(10)
        threading.Timer(0.5, finish.set).start()
        with transaction.atomic():
            cluster.published = False
            cluster.save()
    finally:
        finish.set()
        importer.join(10)
    assert MemberOrganisation.objects.get(name="Nowa Firma").listed is False
