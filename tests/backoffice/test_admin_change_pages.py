"""The cluster page in the back office stays one page of a few queries however many rows it holds.

Its inlines show an organisation and a source per membership, and a country per partner country;
the chosen option of each comes with the rows, not from a query per form.
"""

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from backoffice.select_options import PythonWrittenSelect
from clusters.models import Cluster
from members.admin import MembershipInline
from members.models import MemberOrganisationQuerySet, Membership
from tests import factories
from tests.admin_forms import admin_url, change_form_data, changelist_pks

from .conftest import sign_in

COUNTRIES = ["DE", "FR", "IT", "ES", "UA", "LT", "CZ", "SK", "NL", "BE", "AT", "HU"]


def _rows(cluster, start, count):
    for n in range(start, start + count):
        source = factories.SourceFactory(title=f"Źródło {n}")
        organisation = factories.MemberOrganisationFactory(name=f"Organizacja <{n}> & syn")
        factories.MembershipFactory(cluster=cluster, organisation=organisation, source=source)
        factories.PartnerCountryFactory(cluster=cluster, country=COUNTRIES[n], source=source)
        factories.EventFactory(cluster=cluster, source=source)
        factories.ActivityEvidenceFactory(cluster=cluster, source=source)


def _queries_of_the_page(client, cluster):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(Cluster, "change", cluster.pk))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("who", ["directory_admin", "office"])
def test_the_cluster_page_makes_as_many_queries_for_ten_rows_as_for_one(client, db, who):
    cluster = factories.ClusterFactory()
    sign_in(client, who, cluster)
    _rows(cluster, 0, 1)
    client.get(admin_url(Cluster, "change", cluster.pk))  # the session's first page writes more
    one, _ = _queries_of_the_page(client, cluster)

    _rows(cluster, 1, 9)
    ten, content = _queries_of_the_page(client, cluster)

    assert ten == one
    assert content.count("Organizacja &lt;9&gt; &amp; syn</option>") == 1


def test_each_row_shows_its_own_organisation_and_source_as_chosen(admin_client, db):
    cluster = factories.ClusterFactory()
    _rows(cluster, 0, 3)
    response = admin_client.get(admin_url(Cluster, "change", cluster.pk))
    page = parse_html(response.content.decode())

    for membership in cluster.memberships.select_related("organisation", "source"):
        organisation, source = membership.organisation, membership.source
        chosen_organisation = f'<option value="{organisation.pk}" selected>{escape(organisation)}'
        chosen_source = f'<option value="{source.pk}" selected>{escape(source)}</option>'
        assert page.count(parse_html(chosen_organisation + "</option>")) == 1
        # its membership's, partner country's, event's and piece of evidence's
        assert page.count(parse_html(chosen_source)) == 4


def test_a_form_shown_again_after_an_error_shows_the_organisation_just_chosen(admin_client, db):
    cluster = factories.ClusterFactory()
    _rows(cluster, 0, 1)
    other = factories.MemberOrganisationFactory(name="Organizacja wybrana teraz")
    data = change_form_data(admin_client.get(admin_url(Cluster, "change", cluster.pk)))
    data["memberships-0-organisation"] = str(other.pk)
    data["memberships-0-since_year"] = "1066"  # refused: the form comes back

    response = admin_client.post(admin_url(Cluster, "change", cluster.pk), data)

    assert response.status_code == 200
    page = parse_html(response.content.decode())
    chosen = f'<option value="{other.pk}" selected>Organizacja wybrana teraz</option>'
    assert page.count(parse_html(chosen)) == 1
    assert "Organizacja &lt;0&gt; &amp; syn" not in response.content.decode()


CHOICES = [
    ("", "– wybierz –"),
    ("a", "Pierwsza <b>i</b> & druga"),
    ('Grupa "B"', [("b1", "B jeden"), ("b2", "B dwa")]),
    (3, "Trzy"),
]


@pytest.mark.parametrize("value", ["", "a", "b2", 3, None])
@pytest.mark.parametrize("attrs", [{}, {"disabled": True, "data-x": 'y"z', "hidden": False}])
def test_a_select_written_in_python_is_the_select_django_writes(value, attrs):
    ours = PythonWrittenSelect(attrs=attrs, choices=CHOICES).render("pole", value)
    django = forms.Select(attrs=attrs, choices=CHOICES).render("pole", value)

    assert parse_html(ours) == parse_html(django)
    assert "<b>" not in ours


@pytest.fixture
def three_rows_a_page(monkeypatch):
    monkeypatch.setattr(MembershipInline, "max_rows", 3)


@pytest.mark.parametrize("who", ["directory_admin", "office"])
def test_a_cluster_with_more_members_than_a_page_holds_links_to_their_list(
    client, db, who, three_rows_a_page
):
    cluster = factories.ClusterFactory()
    sign_in(client, who, cluster)
    factories.MembershipFactory.create_batch(3, cluster=cluster)
    url = admin_url(Cluster, "change", cluster.pk)

    within = client.get(url)
    factories.MembershipFactory(cluster=cluster)
    beyond = client.get(url)

    def inlines(response):
        return [i.formset.prefix for i in response.context["inline_admin_formsets"]]

    assert "memberships" in inlines(within)
    assert "za dużo" not in within.content.decode()
    assert "memberships" not in inlines(beyond)
    assert "partner_countries" in inlines(beyond)
    content = beyond.content.decode()
    assert "Jest ich 4: za dużo, by edytować je na tej stronie." in content
    list_url = f"{admin_url(Membership, 'changelist')}?cluster__id__exact={cluster.pk}"
    assert f'href="{escape(list_url)}"' in content
    listed = client.get(list_url)
    assert changelist_pks(listed) == set(cluster.memberships.values_list("pk", flat=True))


def test_the_cluster_page_reads_the_cluster_without_counting_its_members(admin_client, db):
    cluster = factories.ClusterFactory()
    _rows(cluster, 0, 2)

    with CaptureQueriesContext(connection) as queries:
        admin_client.get(admin_url(Cluster, "change", cluster.pk))

    # The changelist's columns (members counted, completeness scored) are the changelist's.
    lookups = [q["sql"] for q in queries if q["sql"].startswith('SELECT "clusters_cluster"."id"')]
    assert lookups
    assert not [sql for sql in lookups if "GROUP BY" in sql or "COUNT(" in sql]


def test_the_admin_scripts_note_on_a_browsers_time_zone_is_in_polish(admin_client, db):
    catalogue = admin_client.get(reverse("admin:jsi18n")).content.decode()

    # (the catalogue is JavaScript: "ł" comes as \u0142)
    assert "zegar jest o %(offset)s godzin do ty\\u0142u)." in catalogue


def test_a_row_pointing_at_what_the_user_may_not_pick_shows_no_chosen_option(
    client, db, monkeypatch
):
    cluster = factories.ClusterFactory()
    sign_in(client, "office", cluster)
    _rows(cluster, 0, 2)
    barred = cluster.memberships.first().organisation
    narrower = MemberOrganisationQuerySet.for_staff_choices
    monkeypatch.setattr(
        MemberOrganisationQuerySet,
        "for_staff_choices",
        lambda rows, user: narrower(rows, user).exclude(pk=barred.pk),
    )

    page = parse_html(client.get(admin_url(Cluster, "change", cluster.pk)).content.decode())

    assert (
        page.count(parse_html(f'<option value="{barred.pk}" selected>{escape(barred)}</option>'))
        == 0
    )
    other = cluster.memberships.exclude(organisation=barred).get().organisation
    assert (
        page.count(parse_html(f'<option value="{other.pk}" selected>{escape(other)}</option>')) == 1
    )


def test_edits_in_the_members_forms_are_saved_though_others_added_members_meanwhile(
    admin_client, db, three_rows_a_page
):
    cluster = factories.ClusterFactory()
    factories.MembershipFactory.create_batch(3, cluster=cluster)
    url = admin_url(Cluster, "change", cluster.pk)
    data = change_form_data(admin_client.get(url))
    data["memberships-0-since_year"] = "2015"
    data["memberships-1-DELETE"] = "on"
    factories.MembershipFactory(cluster=cluster)  # an import, another tab: now over the bound

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Membership.objects.get(pk=data["memberships-0-id"]).since_year == 2015
    assert not Membership.objects.filter(pk=data["memberships-1-id"]).exists()
    assert cluster.memberships.count() == 3


@pytest.mark.parametrize("removed_meanwhile", [0, 1])
def test_a_page_without_the_members_forms_saves_the_cluster_and_keeps_its_members(
    admin_client, db, three_rows_a_page, removed_meanwhile
):
    cluster = factories.ClusterFactory()
    memberships = factories.MembershipFactory.create_batch(4, cluster=cluster)
    url = admin_url(Cluster, "change", cluster.pk)
    data = change_form_data(admin_client.get(url))
    data["address"] = "ul. Nowa 2, Lublin"
    for membership in memberships[:removed_meanwhile]:  # back within the bound
        membership.delete()

    response = admin_client.post(url, data)

    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.address == "ul. Nowa 2, Lublin"
    assert cluster.memberships.count() == 4 - removed_meanwhile
