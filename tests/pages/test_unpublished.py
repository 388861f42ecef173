"""An office prepares a cluster before it goes live: unpublished, it and every row that hangs on it
are hidden from every public page, listing, count, search, sitemap and CSV."""

import pytest
from django.urls import reverse

from clusters.models import Cluster, Tie
from members.models import MembershipRole
from tests import factories
from tests.admin_forms import admin_url, change_form_data

pytestmark = pytest.mark.django_db

# What only the unpublished cluster brings; none of it may reach a visitor.
HIDDEN = ("Ukryty Klaster", "ukryty-klaster", "Tajna Spółka", "tajna-spolka", "Islandia")


@pytest.fixture
def directory():
    shown_ecosystem = factories.EcosystemFactory(name="Wyżyna Jawna", slug="wyzyna-jawna")
    hidden_ecosystem = factories.EcosystemFactory(name="Wyżyna Cicha", slug="wyzyna-cicha")
    specialisation = factories.SpecialisationFactory(name="Fotonika", slug="fotonika")
    shown = factories.ClusterFactory(
        name="Jawny Klaster", slug="jawny-klaster", ecosystem=shown_ecosystem
    )
    hidden = factories.ClusterFactory(
        name="Ukryty Klaster",
        slug="ukryty-klaster",
        ecosystem=hidden_ecosystem,
        description="Jawny opis, ukryty klaster.",
        published=False,
    )
    for cluster in (shown, hidden):
        cluster.specialisations.add(specialisation)
    # An organisation in both clusters stays public, but shows only its published cluster.
    both = factories.MemberOrganisationFactory(name="Jawna Firma", slug="jawna-firma")
    both.specialisations.add(specialisation)
    only_hidden = factories.MemberOrganisationFactory(name="Tajna Spółka", slug="tajna-spolka")
    only_hidden.specialisations.add(specialisation)
    factories.MembershipFactory(cluster=shown, organisation=both)
    factories.MembershipFactory(cluster=hidden, organisation=both, role=MembershipRole.COORDINATOR)
    factories.MembershipFactory(cluster=hidden, organisation=only_hidden)
    factories.PartnerCountryFactory(cluster=shown, country="DE", tie=Tie.FORMAL)
    factories.PartnerCountryFactory(cluster=hidden, country="IS", tie=Tie.FORMAL)
    factories.EventFactory(cluster=hidden, name="Tajna Spółka – forum")
    return shown, hidden


PUBLIC_PAGES = [
    ("clusters:home", {}),
    ("clusters:list", {}),
    ("clusters:list", {"q": "ukryty"}),
    ("clusters:export", {}),
    ("members:list", {}),
    ("members:list", {"q": "tajna"}),
    ("members:export", {}),
    ("clusters:country-list", {}),
    ("clusters:specialisation-list", {}),
    ("clusters:specialisation-list", {"specialisation": "fotonika"}),
    ("clusters:specialisation-export", {"specialisation": "fotonika"}),
    ("clusters:specialisation-detail", {"slug": "fotonika"}),
    ("ecosystems:list", {}),
    ("ecosystems:detail", {"slug": "wyzyna-cicha"}),
    ("clusters:search", {"q": "ukryty"}),
    ("clusters:search", {"q": "tajna"}),
    ("clusters:detail", {"slug": "jawny-klaster"}),
    ("members:detail", {"slug": "jawna-firma"}),
    ("sitemap", {}),
    *(
        ("sitemap-section", {"section": section})
        for section in ("listings", "clusters", "organisations", "ecosystems", "specialisations")
    ),
]


def get(client, name, params):
    kwargs = {key: params.pop(key) for key in ("slug", "section") if key in params}
    response = client.get(reverse(name, kwargs=kwargs), params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode()


def test_an_unpublished_cluster_and_what_hangs_on_it_are_on_no_public_page(client, directory):
    leaks = {}
    for name, params in PUBLIC_PAGES:
        response, body = get(client, name, dict(params))
        assert response.status_code == 200, (name, params)
        found = [text for text in HIDDEN if text in body]
        if found:
            leaks[f"{name} {params}"] = found
    assert leaks == {}
    assert "Jawna Firma" in get(client, "members:list", {})[1]  # the page did list what it may


def test_an_unpublished_clusters_profile_and_its_own_organisations_are_not_found(client, directory):
    assert client.get(reverse("clusters:detail", args=["ukryty-klaster"])).status_code == 404
    assert client.get(reverse("members:detail", args=["tajna-spolka"])).status_code == 404


def test_counts_leave_the_unpublished_cluster_out(client, directory):
    home = client.get(reverse("clusters:home")).context
    assert home["cluster_total"] == 1
    assert home["organisation_total"] == 1
    assert home["country_total"] == 1
    assert {e.slug: e.cluster_count for e in home["ecosystems"]}["wyzyna-cicha"] == 0

    members = client.get(reverse("members:list")).context
    ecosystem_counts = {o.value: o.count for o in members["facets"]["ecosystem"].options}
    assert ecosystem_counts == {"wyzyna-jawna": 1, "wyzyna-cicha": 0}
    assert (
        client.get(reverse("members:list"), {"ecosystem": "wyzyna-cicha"}).context["result_count"]
        == 0
    )

    clusters = client.get(reverse("clusters:list")).context
    assert clusters["result_count"] == 1
    assert [o.value for o in clusters["facets"]["country"].options] == ["DE"]
    assert client.get(reverse("clusters:list"), {"country": "IS"}).status_code == 400

    specialisations = client.get(reverse("clusters:specialisation-list")).context
    [(_sector, [fotonika])] = specialisations["sectors"]
    assert (fotonika.cluster_count, fotonika.organisation_count) == (1, 1)
    investor = client.get(
        reverse("clusters:specialisation-list"),
        {"specialisation": "fotonika", "ecosystem": "wyzyna-cicha"},
    ).context
    assert investor["organisation_rows"] == []


def test_an_office_unpublishes_and_publishes_its_own_cluster(client, directory):
    shown, _hidden = directory
    client.force_login(factories.office_user("biuro-jawne", clusters=[shown]))
    url = admin_url(Cluster, "change", shown.pk)
    data = change_form_data(client.get(url))
    data.pop("published")  # an unticked checkbox is not sent

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not Cluster.objects.get(pk=shown.pk).published
    assert client.get(shown.get_absolute_url()).status_code == 404
    data = change_form_data(client.get(url))
    data["published"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert client.get(shown.get_absolute_url()).status_code == 200
