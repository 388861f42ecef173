"""History and restore: versions, differences, revert and restore of deleted rows, scoped.

Every new view is walked by an office of cluster A against cluster B's rows (forged ids included);
an office's own records are reverted and restored through the same admin form as an edit.
"""

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from clusters.models import Cluster, Event
from tests import factories
from tests.admin_forms import admin_url, change_form_data
from tests.backoffice.conftest import B_NAME
from tests.backoffice.test_admin_scoping import SCOPED_MODELS
from tests.page_text import visible_text

# The directory's records. Visitors' messages and corrections keep no versions: a copy would outlive
# the personal-data retention period (inbox's purge_personal_data).
VERSIONED_MODELS = [m for m in SCOPED_MODELS if m._meta.app_label != "inbox"]
model_param = pytest.mark.parametrize("model", VERSIONED_MODELS, ids=lambda m: m._meta.model_name)
# What an office may delete, hence restore (never clusters, sources or organisations).
DELETABLE = [
    m
    for m in VERSIONED_MODELS
    if m._meta.model_name not in ("cluster", "source", "memberorganisation")
]


def record(row, user=None, comment="wersja testowa"):
    """Save ``row`` inside a revision (as the admin does) and return the new version."""
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)
        row.save()
    return Version.objects.get_for_object(row).order_by("-pk").first()


def _history_url(model, name, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


@model_param
def test_versions_compare_and_revert_of_another_clusters_row_are_refused(
    office_client, world, model
):
    other = world.b[model]
    version = record(other)
    before = model.objects.filter(pk=other.pk).values().get()

    responses = [
        office_client.get(
            _history_url(model, "compare", other.pk), {"a": version.pk, "b": version.pk}
        ),
        office_client.get(_history_url(model, "version", other.pk, version.pk)),
        office_client.post(_history_url(model, "version", other.pk, version.pk)),
        # forged: our own row's address with B's version
        office_client.get(_history_url(model, "version", world.a[model].pk, version.pk)),
        office_client.post(_history_url(model, "version", world.a[model].pk, version.pk)),
        office_client.get(
            _history_url(model, "compare", world.a[model].pk), {"a": version.pk, "b": version.pk}
        ),
    ]

    assert [response.status_code for response in responses] == [404] * len(responses)
    assert all(B_NAME not in response.content.decode() for response in responses)
    assert model.objects.filter(pk=other.pk).values().get() == before


@model_param
def test_an_office_sees_its_own_rows_versions_with_who_and_when(office_client, world, model):
    own = world.a[model]
    record(own, world.user, comment="Pierwsza wersja biura Alfa")

    response = office_client.get(admin_url(model, "history", own.pk))

    assert response.status_code == 200
    text = visible_text(response)
    assert "Pierwsza wersja biura Alfa" in text and "biuro-alfa" in text


def test_an_office_edits_compares_and_reverts_its_event(office_client, world):
    event = world.a[Event]
    first = record(event, world.user)
    url = admin_url(Event, "change", event.pk)
    data = change_form_data(office_client.get(url))
    data["name_pl"] = "Wydarzenie Alfa po zmianie"
    assert office_client.post(url, data).status_code == 302
    versions = Version.objects.get_for_object(event).order_by("pk")
    assert versions.count() == 2
    second = versions.last()
    assert second.revision.user == world.user  # who; the revision's date says when

    compare = office_client.get(
        _history_url(Event, "compare", event.pk), {"a": first.pk, "b": second.pk}
    )
    assert compare.status_code == 200
    # each language of a translated field is a row of its own
    assert "Nazwa [pl] (zmienione) Wydarzenie Alfa Wydarzenie Alfa po zmianie" in visible_text(
        compare
    )

    preview = office_client.get(_history_url(Event, "version", event.pk, first.pk))
    assert "Przywróć tę wersję" in visible_text(preview)
    event.refresh_from_db()
    assert event.name == "Wydarzenie Alfa po zmianie"  # looking changes nothing

    response = office_client.post(_history_url(Event, "version", event.pk, first.pk))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.name == "Wydarzenie Alfa"
    latest = Version.objects.get_for_object(event).order_by("-pk").first()
    assert latest.pk not in (first.pk, second.pk) and latest.revision.user == world.user
    assert "Przywrócono wersję" in latest.revision.get_comment()
    assert LogEntry.objects.filter(
        object_id=str(event.pk), change_message__contains="Przywrócono"
    ).exists()


@pytest.mark.parametrize("model", DELETABLE, ids=lambda m: m._meta.model_name)
def test_an_office_restores_its_deleted_row_and_never_another_clusters(office_client, world, model):
    own, other = world.a[model], world.b[model]
    own_version, other_version = record(own), record(other)
    own_pk, other_pk = own.pk, other.pk
    own_name = str(own)
    own.delete()
    other.delete()

    listing = office_client.get(_history_url(model, "recoverlist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert own_name in visible_text(listing) and B_NAME not in page
    assert _history_url(model, "recover", own_version.pk) in page
    assert _history_url(model, "recover", other_version.pk) not in page

    for method in (office_client.get, office_client.post):
        assert method(_history_url(model, "recover", other_version.pk)).status_code == 404
        # forged: a version of another model altogether
        assert method(_history_url(model, "recover", 10**9)).status_code == 404
    assert not model.objects.filter(pk=other_pk).exists()

    response = office_client.post(_history_url(model, "recover", own_version.pk))

    assert response.status_code == 302, [m.message for m in response.wsgi_request._messages]
    assert model.objects.filter(pk=own_pk).exists()
    assert (
        "Odtworzono"
        in Version.objects.get_for_object_reference(model, own_pk)
        .order_by("-pk")
        .first()
        .revision.get_comment()
    )


def test_offices_cannot_open_the_deleted_lists_of_what_they_never_delete(office_client, world):
    for model in (Cluster,):
        assert office_client.get(_history_url(model, "recoverlist")).status_code == 403


def test_a_revert_that_would_make_a_second_anchor_is_refused_and_writes_nothing(client, db):
    ecosystem = factories.EcosystemFactory()
    first = factories.ClusterFactory(ecosystem=ecosystem, is_ecosystem_anchor=True)
    anchored = record(first)
    first.is_ecosystem_anchor = False
    record(first)
    second = factories.ClusterFactory(ecosystem=ecosystem, is_ecosystem_anchor=True, description="")
    versions_before = Version.objects.count()
    admin = factories.directory_admin()
    client.force_login(admin)

    response = client.post(_history_url(Cluster, "version", first.pk, anchored.pk), follow=True)

    assert "Ten ekosystem ma już klaster wiodący." in visible_text(response)
    assert "nic nie zapisano" in visible_text(response)
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.is_ecosystem_anchor and second.is_ecosystem_anchor
    assert Version.objects.count() == versions_before


def test_an_offices_revert_keeps_what_only_administrators_decide(office_client, world):
    cluster = world.a[Cluster]
    cluster.description = "Opis sprzed zmiany."
    old = record(cluster)
    cluster.description = "Opis po zmianie."
    cluster.slug = "nowy-adres"
    cluster.published = True
    record(cluster)

    response = office_client.post(_history_url(Cluster, "version", cluster.pk, old.pk))

    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.description == "Opis sprzed zmiany."
    assert cluster.slug == "nowy-adres"  # read-only for an office, so no revert changes it
    assert list(cluster.staff.all()) == [world.user]


def test_the_real_data_loader_leaves_a_first_version_of_each_row(real_data):
    cluster = Cluster.objects.get(slug="lubelski-klaster-biotechnologiczny")
    assert Version.objects.get_for_object(cluster).get().revision.get_comment() == "load_real_data"


def test_visitors_messages_and_corrections_keep_no_versions():
    """Personal data leaves with purge_personal_data; a version would keep a copy of it."""
    from inbox.models import Correction, Message

    assert not any(reversion.is_registered(model) for model in (Message, Correction))
