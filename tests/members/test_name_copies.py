"""The organisation's names are copied on its memberships (members.name_copies): every write that
changes either leaves the copies equal to the names, and a cluster's profile orders its first
members by them."""

import importlib
import threading

import pytest
import reversion
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from reversion.models import Version

import core.bounded
from clusters.fixture_loading import fingerprint
from members.models import MemberOrganisation, Membership, MembershipRole
from members.name_copies import refresh_name_copies
from tests import factories
from tests.page_text import visible_text

from .importing import HEADER, confirm, upload

pytestmark = pytest.mark.django_db


def out_of_step():
    """The memberships whose copies are not their organisation's names: (organisation, copies)."""
    return [
        (m.organisation.name, m.organisation_name_pl, m.organisation_name_en)
        for m in Membership.objects.select_related("organisation")
        if (m.organisation_name_pl, m.organisation_name_en)
        != (m.organisation.name_pl or "", m.organisation.name_en or "")
    ]


def first_members(client, cluster):
    text = visible_text(client.get(cluster.get_absolute_url()))
    return text[text.index("W katalogu") :].split("Pokazano")[0]


@pytest.fixture
def cluster(db):
    cluster = factories.ClusterFactory()
    for name in ("Firma Beta", "Firma Delta", "Firma Gamma"):
        factories.MembershipFactory(cluster=cluster, organisation__name=name)
    return cluster


def test_a_new_membership_carries_its_organisations_names(cluster):
    organisation = factories.MemberOrganisationFactory(name="Firma Alfa", name_en="Alpha Company")
    membership = factories.MembershipFactory(cluster=cluster, organisation=organisation)
    membership.refresh_from_db()
    assert (membership.organisation_name_pl, membership.organisation_name_en) == (
        "Firma Alfa",
        "Alpha Company",
    )
    assert out_of_step() == []


def test_an_organisation_renamed_moves_in_its_clusters_profile(client, cluster, monkeypatch):
    monkeypatch.setattr(core.bounded, "PREVIEW_SIZE", 2)
    assert "Firma Beta Firma Delta" in first_members(client, cluster)
    beta = MemberOrganisation.objects.get(name="Firma Beta")
    beta.name = "Firma Zeta"
    beta.save()
    assert out_of_step() == []
    assert "Firma Delta Firma Gamma" in first_members(client, cluster)
    # and in English, by the English name where there is one
    beta.name_en = "Alpha Ltd"
    beta.save()
    english = visible_text(client.get(f"/en/clusters/{cluster.slug}/"))
    assert "Alpha Ltd Firma Delta Showing 2 of 3." in english


def test_a_membership_moved_to_another_organisation_takes_its_names(cluster):
    membership = Membership.objects.get(organisation__name="Firma Beta")
    membership.organisation = factories.MemberOrganisationFactory(name="Firma Omega")
    membership.save()
    membership.refresh_from_db()
    assert membership.organisation_name_pl == "Firma Omega"


def test_links_written_through_the_many_to_many_fields(cluster):
    first = factories.MemberOrganisationFactory(name="Przez organizację")
    first.clusters.add(cluster, through_defaults={"role": MembershipRole.MEMBER})
    second = factories.MemberOrganisationFactory(name="Przez klaster")
    cluster.organisations.add(second, through_defaults={"role": MembershipRole.MEMBER})
    assert Membership.objects.filter(organisation_name_pl__startswith="Przez").count() == 2
    assert out_of_step() == []


def test_an_organisation_loaded_after_its_memberships_names_them(cluster):
    """A fixture may load a membership before the organisation it names (raw saves, constraints
    checked at the commit): the organisation's own save writes the copies."""
    pending = factories.MemberOrganisationFactory.build(pk=10_000, name="Z pliku")
    pending.updated_at = cluster.created_at  # a raw save does not set it
    Membership(organisation_id=pending.pk, cluster=cluster).save_base(raw=True)
    pending.save_base(raw=True)
    assert Membership.objects.get(organisation_id=pending.pk).organisation_name_pl == "Z pliku"


def test_a_restored_membership_and_a_reverted_organisation_keep_the_copies(cluster):
    membership = Membership.objects.get(organisation__name="Firma Beta")
    organisation = membership.organisation
    with reversion.create_revision():
        membership.save()
        organisation.save()
    organisation.name = "Firma Nowa"
    organisation.save()
    Version.objects.get_for_object(membership).first().revert()  # recorded as "Firma Beta"
    assert out_of_step() == []
    Version.objects.get_for_object(organisation).first().revert()
    assert Membership.objects.get(pk=membership.pk).organisation_name_pl == "Firma Beta"
    assert out_of_step() == []


def test_the_copies_are_not_part_of_a_memberships_history(cluster):
    membership = Membership.objects.get(organisation__name="Firma Beta")
    with reversion.create_revision():
        membership.save()
    recorded = Version.objects.get_for_object(membership).first().field_dict
    assert recorded["organisation_id"] == membership.organisation_id
    assert not {"organisation_name_pl", "organisation_name_en"} & set(recorded)


def test_the_copies_are_not_part_of_the_loaders_fingerprint(cluster):
    membership = Membership.objects.get(organisation__name="Firma Beta")
    before = fingerprint(membership, [])
    membership.organisation.name = "Firma Inna"
    membership.organisation.save()
    after = Membership.objects.get(pk=membership.pk)
    assert after.organisation_name_pl == "Firma Inna"
    assert fingerprint(after, []) == before


def test_an_imports_new_members_carry_their_names(client, cluster):
    client.force_login(factories.directory_admin())
    confirm(client, upload(client, cluster, HEADER + "Firma Alfa;;;;;;członek;\n"))
    assert Membership.objects.filter(organisation_name_pl="Firma Alfa", cluster=cluster).exists()
    assert out_of_step() == []


def test_the_migration_writes_the_rows_there_are(cluster):
    Membership.objects.update(organisation_name_pl="", organisation_name_en="x")
    migration = importlib.import_module("members.migrations.0021_membership_organisation_names")
    migration.copy_names(apps, None)
    assert out_of_step() == []


def test_a_migration_mends_every_copy(cluster):
    """What a write from outside the site left (SQL by hand, a process of the release before
    during a deploy) is written again by the next ``migrate``."""
    MemberOrganisation.objects.filter(name="Firma Gamma").update(name_pl="Firma Aaa")  # no signal
    assert len(out_of_step()) == 1
    call_command("migrate", verbosity=0)
    assert out_of_step() == []


def test_a_refresh_writes_only_the_rows_out_of_step(cluster):
    assert refresh_name_copies() == 0
    Membership.objects.filter(organisation__name="Firma Gamma").update(organisation_name_en="x")
    assert refresh_name_copies() == 1
    assert out_of_step() == []


@pytest.mark.django_db(transaction=True)
def test_flush_after_migrating_back_before_the_columns():
    """``flush`` sends post_migrate with today's models whatever the schema: the refresh reads
    the table as it is, and a database migrated back before the columns is flushed whole."""
    factories.MembershipFactory()
    try:
        call_command("migrate", "members", "0020", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM members_membership")
            assert cursor.fetchone() == (0,)
    finally:
        call_command("migrate", verbosity=0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_import_overlapping_a_rename_copies_the_new_name():
    """An administrator renames an organisation while an import adds it to another cluster (bulk
    inserts, then ``refresh_name_copies``): each sees only what the other has committed, so the
    import's refresh waits for the rename's commit (members.derived_rows.wait_for_other_writers)
    and then copies the new name."""
    membership = factories.MembershipFactory(organisation__name="Stara Nazwa")
    organisation, other = membership.organisation, factories.ClusterFactory()
    renamed, finish = threading.Event(), threading.Event()

    def rename():
        try:
            with transaction.atomic():
                fresh = MemberOrganisation.objects.get(pk=organisation.pk)
                fresh.name = "Nowa Nazwa"
                fresh.save()
                renamed.set()
                finish.wait(10)  # ...the back office records its history
        finally:
            connection.close()

    administrator = threading.Thread(target=rename)
    administrator.start()
    try:
        assert renamed.wait(10)
        threading.Timer(0.5, finish.set).start()
        with transaction.atomic():
            Membership.objects.bulk_create([Membership(organisation=organisation, cluster=other)])
            refresh_name_copies([organisation.pk])
    finally:
        finish.set()
        administrator.join(10)
    assert Membership.objects.get(cluster=other).organisation_name_pl == "Nowa Nazwa"
    assert out_of_step() == []
