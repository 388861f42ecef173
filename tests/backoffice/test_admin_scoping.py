"""An office user of cluster A walks every admin view against cluster B's rows and finds nothing.

Each test names the door it tries: changelist, change form (GET and POST), delete (GET and POST),
history, bulk action, autocomplete, foreign-key choices (forged POST values) and list filters.
"""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.options import IS_POPUP_VAR
from django.urls import reverse

from clusters.models import (
    ActivityEvidence,
    Cluster,
    Event,
    KeyFigure,
    Label,
    MemberReport,
    PartnerCountry,
    Project,
    Source,
)
from members.models import MemberOrganisation, Membership
from tests import factories
from tests.admin_forms import admin_url, changelist_pks
from tests.backoffice.conftest import B_NAME
from tests.page_text import visible_text

# `world` and `office_client` (cluster A's office against cluster B) are in conftest.py.


SCOPED_MODELS = [
    Cluster,
    Source,
    MemberReport,
    ActivityEvidence,
    PartnerCountry,
    Event,
    Project,
    KeyFigure,
    Label,
    MemberOrganisation,
    Membership,
]
model_param = pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.model_name)


def _refused(response):
    """Django answers an object outside the queryset with a redirect to the index (or a 404)."""
    return response.status_code in (302, 404) and B_NAME not in response.content.decode()


@model_param
def test_changelist_lists_only_own_clusters_rows(office_client, world, model):
    response = office_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert changelist_pks(response) == {world.a[model].pk}
    assert B_NAME not in response.content.decode()


@model_param
def test_changelist_search_does_not_reach_another_cluster(client, office_client, world, model):
    own = office_client.get(admin_url(model, "changelist"), {"q": "Alfa"})
    other = office_client.get(admin_url(model, "changelist"), {"q": "Beta"})
    client.force_login(factories.directory_admin())
    by_administrator = client.get(admin_url(model, "changelist"), {"q": "Beta"})

    assert changelist_pks(own) == {world.a[model].pk}
    assert changelist_pks(other) == set()
    assert world.b[model].pk in changelist_pks(by_administrator)  # the term does find B's row


@model_param
def test_change_form_of_another_clusters_row_is_refused(office_client, world, model):
    response = office_client.get(admin_url(model, "change", world.b[model].pk))

    assert _refused(response)


@model_param
def test_change_form_post_to_another_clusters_row_changes_nothing(office_client, world, model):
    row = world.b[model]
    before = model.objects.filter(pk=row.pk).values().get()

    response = office_client.post(admin_url(model, "change", row.pk), {"name": "Przejęte"})

    assert _refused(response)
    assert model.objects.filter(pk=row.pk).values().get() == before


@model_param
def test_delete_page_of_another_clusters_row_is_refused(office_client, world, model):
    row = world.b[model]

    get = office_client.get(admin_url(model, "delete", row.pk))
    post = office_client.post(admin_url(model, "delete", row.pk), {"post": "yes"})

    assert get.status_code in (302, 403, 404)
    assert post.status_code in (302, 403, 404)
    assert B_NAME not in get.content.decode()
    assert model.objects.filter(pk=row.pk).exists()


@model_param
def test_history_of_another_clusters_row_is_refused(office_client, world, model):
    response = office_client.get(admin_url(model, "history", world.b[model].pk))

    assert _refused(response)


@model_param
def test_history_of_own_row_is_shown(office_client, world, model):
    row = world.a[model]
    LogEntry.objects.log_actions(
        world.user.pk, [row], action_flag=CHANGE, change_message="Poprawiono opis biura Alfa."
    )

    response = office_client.get(admin_url(model, "history", row.pk))

    assert response.status_code == 200
    assert "Poprawiono opis biura Alfa." in visible_text(response)
    assert "biuro-alfa" in visible_text(response)


@pytest.mark.parametrize(
    # Offices never delete clusters or sources, and organisations only through memberships.
    "model",
    [m for m in SCOPED_MODELS if m not in (Cluster, Source, MemberOrganisation)],
)
def test_bulk_delete_action_skips_another_clusters_rows(office_client, world, model):
    own, other = world.a[model], world.b[model]

    office_client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, other.pk], "post": "yes"},
    )

    assert model.objects.filter(pk=other.pk).exists()
    assert not model.objects.filter(pk=own.pk).exists()


def test_bulk_delete_action_with_only_another_clusters_row_deletes_nothing(office_client, world):
    other = world.b[Event]

    office_client.post(
        admin_url(Event, "changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )

    assert Event.objects.filter(pk=other.pk).exists()


def _autocomplete(client, app_label, model_name, field_name, term=""):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("members", "membership", "cluster"),
        ("clusters", "event", "cluster"),
        ("clusters", "memberreport", "cluster"),
        ("members", "memberorganisation", "clusters"),
    ],
)
def test_cluster_autocomplete_offers_only_own_clusters(
    office_client, world, app_label, model_name, field_name
):
    response = _autocomplete(office_client, app_label, model_name, field_name, term="Klaster")

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Klaster Alfa"]


def test_organisation_autocomplete_offers_every_listed_organisation_to_link(office_client, world):
    # Organisations are the directory's public entries, not a cluster's rows: an office links any
    # of them to its own cluster (a university already in another cluster, say).
    response = _autocomplete(office_client, "members", "membership", "organisation", "Organizacja")

    assert [r["text"] for r in response.json()["results"]] == [
        "Organizacja Alfa",
        "Organizacja Beta",
    ]


def test_autocomplete_through_the_staff_field_is_forbidden(office_client, world):
    # The source field points at users; office accounts have no view permission on them.
    response = _autocomplete(office_client, "clusters", "cluster", "staff")

    assert response.status_code == 403


def test_changelist_to_field_trick_is_refused(office_client, world):
    response = office_client.get(
        admin_url(Cluster, "changelist"), {IS_POPUP_VAR: "1", "_to_field": "staff"}
    )

    assert response.status_code == 400
    assert B_NAME not in response.content.decode()


def test_report_pointing_to_another_cluster_is_rejected(office_client, world):
    response = office_client.post(
        admin_url(MemberReport, "add"),
        {"cluster": world.b[Cluster].pk, "source": world.a[Source].pk, "total": "5"},
    )

    assert response.status_code == 200
    assert "cluster" in response.context["adminform"].form.errors
    assert MemberReport.objects.count() == 2


def test_report_cannot_be_moved_to_another_cluster(office_client, world):
    report = world.a[MemberReport]

    office_client.post(
        admin_url(MemberReport, "change", report.pk),
        {"cluster": world.b[Cluster].pk, "source": report.source_id, "total": "5"},
    )

    report.refresh_from_db()
    assert report.cluster == world.a[Cluster]


def test_office_links_an_organisation_of_another_cluster_but_may_not_edit_it(office_client, world):
    shared = world.b[MemberOrganisation]
    response = office_client.post(
        admin_url(Membership, "add"),
        {"organisation": shared.pk, "cluster": world.a[Cluster].pk, "role": "member"},
    )

    assert response.status_code == 302
    assert set(shared.memberships.values_list("cluster__name", flat=True)) == {
        "Klaster Alfa",
        B_NAME,
    }
    # Now in two clusters, its record is the directory administrators' to edit.
    assert _refused(office_client.get(admin_url(MemberOrganisation, "change", shared.pk)))


def test_membership_pointing_to_another_cluster_is_rejected(office_client, world):
    response = office_client.post(
        admin_url(Membership, "add"),
        {
            "organisation": world.a[MemberOrganisation].pk,
            "cluster": world.b[Cluster].pk,
            "role": "coordinator",
        },
    )

    assert "cluster" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(cluster=world.b[Cluster], role="coordinator").exists()


def test_foreign_key_choices_hold_only_own_cluster(office_client, world):
    response = office_client.get(admin_url(Event, "add"))

    choices = response.context["adminform"].form.fields["cluster"].queryset
    assert list(choices) == [world.a[Cluster]]


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        (Membership, "cluster__id__exact"),
        (Event, "cluster__id__exact"),
        (MemberReport, "cluster__id__exact"),
        (MemberOrganisation, "clusters__id__exact"),
    ],
)
def test_list_filter_offers_only_own_clusters(office_client, world, model, lookup):
    # A filter with a single choice is hidden, so this office runs two clusters.
    world.user.staffed_clusters.add(factories.ClusterFactory(name="Klaster Gamma"))

    response = office_client.get(admin_url(model, "changelist"))

    spec = next(s for s in response.context["cl"].filter_specs if s.lookup_kwarg == lookup)
    assert [name for _, name in spec.lookup_choices] == ["Klaster Alfa", "Klaster Gamma"]
    assert B_NAME not in response.content.decode()


def test_list_filter_forged_to_another_cluster_shows_nothing(office_client, world):
    world.user.staffed_clusters.add(factories.ClusterFactory(name="Klaster Gamma"))

    response = office_client.get(
        admin_url(Event, "changelist"), {"cluster__id__exact": world.b[Cluster].pk}
    )

    assert changelist_pks(response) == set()
    assert B_NAME not in response.content.decode()


def test_user_with_no_cluster_sees_no_rows(client, world):
    client.force_login(factories.office_user("biuro-bez-klastra"))

    response = client.get(admin_url(Cluster, "changelist"))

    assert changelist_pks(response) == set()


def test_directory_admin_sees_and_reaches_every_cluster(client, world):
    client.force_login(factories.directory_admin())

    changelist = client.get(admin_url(Cluster, "changelist"))
    change = client.get(admin_url(Cluster, "change", world.b[Cluster].pk))
    autocomplete = _autocomplete(client, "members", "membership", "cluster", "Klaster")

    assert changelist_pks(changelist) == {world.a[Cluster].pk, world.b[Cluster].pk}
    assert change.status_code == 200
    assert len(autocomplete.json()["results"]) == 2


def test_every_model_of_the_directory_is_in_the_admin_scoped_by_the_one_mixin():
    from django.apps import apps
    from django.contrib import admin

    from backoffice.scoping import StaffScopedAdminMixin

    for app_label in ("ecosystems", "clusters", "members"):
        for model in apps.get_app_config(app_label).get_models():
            model_admin = admin.site.get_model_admin(model)
            assert isinstance(model_admin, StaffScopedAdminMixin), model
            for inline in model_admin.inlines:
                assert issubclass(inline, StaffScopedAdminMixin), inline


def test_filter_counts_count_only_own_rows(office_client, world):
    world.user.staffed_clusters.add(factories.ClusterFactory(name="Klaster Gamma"))

    response = office_client.get(admin_url(Event, "changelist"), {"_facets": "1"})

    content = response.content.decode()
    assert "Klaster Alfa (1)" in content
    assert B_NAME not in content
