import pytest
from django.urls import reverse
from django.utils import translation

import core.bounded
from members.models import MembershipRole, OrganisationType, Voivodeship
from members.views import ORGANISATION_ROWS
from tests.factories import (
    ClusterFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

ORGANISATION_QUERIES = (
    1  # the organisation, its memberships with clusters, its specialisations (core.json_rows)
)


def test_organisation_shows_what_and_where_it_is(client):
    organisation = MemberOrganisationFactory(
        name="Uniwersytet Medyczny w Lublinie",
        organisation_type=OrganisationType.HIGHER_EDUCATION,
        city="Lublin",
        voivodeship=Voivodeship.LUBELSKIE,
        country="PL",
        website="https://umlub.example.org",
        description="Uczelnia medyczna.",
    )

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 200
    text = visible_text(response)
    assert "Rodzaj organizacji szkolnictwo wyższe i nauka" in text
    assert "Miejscowość Lublin" in text
    assert "Województwo lubelskie" in text
    assert "Państwo Polska" in text
    assert "Uczelnia medyczna." in text
    assert links(response)["https://umlub.example.org"] == "https://umlub.example.org"
    assert response.context["page_title"] == "Uniwersytet Medyczny w Lublinie"


def test_organisation_lists_its_clusters_with_its_roles(client):
    organisation = MemberOrganisationFactory()
    lm = ClusterFactory(name="Klaster Lubelska Medycyna")
    bio = ClusterFactory(name="Lubelski Klaster Biotechnologiczny")
    MembershipFactory(organisation=organisation, cluster=lm, role=MembershipRole.COORDINATOR)
    MembershipFactory(organisation=organisation, cluster=lm, role=MembershipRole.FOUNDER)
    MembershipFactory(organisation=organisation, cluster=bio)
    ClusterFactory(name="Klaster Obcy")

    response = client.get(organisation.get_absolute_url())

    text = visible_text(response)
    assert "Klastry (2)" in text
    assert "Klaster Lubelska Medycyna koordynator, założyciel" in text
    assert "Lubelski Klaster Biotechnologiczny członek" in text
    assert "Klaster Obcy" not in text
    assert links(response)["Klaster Lubelska Medycyna"] == lm.get_absolute_url()


def test_organisation_specialisations_link_to_their_pages_and_unknowns_say_no_data(client):
    specialisation = SpecialisationFactory(name="wyroby medyczne")
    with_one = MemberOrganisationFactory()
    with_one.specialisations.add(specialisation)
    bare = MemberOrganisationFactory()

    assert links(client.get(with_one.get_absolute_url()))["wyroby medyczne"] == (
        specialisation.get_absolute_url()
    )
    text = visible_text(client.get(bare.get_absolute_url()))
    assert "Miejscowość brak danych" in text
    assert "Strona internetowa brak danych" in text
    assert "Specjalizacje brak danych" in text
    assert "Katalog nie wiąże tej organizacji z żadnym klastrem." in text


def test_an_unknown_organisation_is_a_404(client):
    response = client.get(reverse("members:detail", kwargs={"slug": "nie-ma-takiej"}))
    assert response.status_code == 404


def test_organisation_queries_stay_bounded(client, django_assert_max_num_queries):
    organisation = MemberOrganisationFactory()
    for round_size in (1, 20):
        for _ in range(round_size):
            MembershipFactory(organisation=organisation)
            organisation.specialisations.add(SpecialisationFactory())
        with django_assert_max_num_queries(ORGANISATION_QUERIES):
            response = client.get(organisation.get_absolute_url())
    assert "Klastry (21)" in visible_text(response)


def test_real_university_coordinates_and_founded_lubelska_medycyna(client, real_data):
    response = client.get(
        reverse("members:detail", kwargs={"slug": "uniwersytet-medyczny-w-lublinie"})
    )

    text = visible_text(response)
    assert "Uniwersytet Medyczny w Lublinie" in text
    assert "Rodzaj organizacji szkolnictwo wyższe i nauka" in text
    assert "Klaster Lubelska Medycyna koordynator, założyciel" in text
    assert links(response)["Klaster Lubelska Medycyna"] == "/klastry/klaster-lubelska-medycyna/"


def test_real_organisation_in_several_clusters_lists_each_once(client, real_data):
    response = client.get(reverse("members:detail", kwargs={"slug": "wojewodztwo-lubelskie"}))

    text = visible_text(response)
    assert "Lubelski Klaster Wodorowy założyciel" in text
    assert "Lubelski Klaster Gospodarki Obiegu Zamkniętego założyciel" in text
    assert "Lubelski Klaster Biotechnologiczny założyciel" in text
    assert text.count("Lubelski Klaster Wodorowy") == 1


def test_an_organisation_whose_type_no_source_states_reads_no_data(client):
    organisation = MemberOrganisationFactory(name="CoMin", organisation_type="")

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 200
    assert "Rodzaj organizacji brak danych" in visible_text(response)


def test_organisation_table_escapes_what_names_hold(client):
    organisation = MemberOrganisationFactory()
    cluster = ClusterFactory(name='Klaster "A&B" <Test>')
    MembershipFactory(organisation=organisation, cluster=cluster)

    response = client.get(organisation.get_absolute_url())

    assert 'Klaster "A&B" <Test> członek' in visible_text(response)
    assert "Klaster &quot;A&amp;B&quot; &lt;Test&gt;</a>" in response.content.decode()
    assert links(response)['Klaster "A&B" <Test>'] == cluster.get_absolute_url()


def test_the_clusters_table_in_english_names_and_orders_each_cluster_as_the_page_shows_it(client):
    # the table is made from the query's rows, not from Cluster instances: the English name where
    # there is one, else the Polish one marked as Polish, in the Polish alphabet of what is shown
    organisation = MemberOrganisationFactory()
    clusters = {
        "lodz": ClusterFactory(name="Łódzki Klaster", name_en="Lodz Cluster"),
        "luk": ClusterFactory(name="Łukowski Klaster", name_en=""),
        "lub": ClusterFactory(name="Zielony Klaster", name_en="Lublin Cluster"),
        "alfa": ClusterFactory(name="Alfa Klaster", name_en="Zulu Cluster"),
    }
    MembershipFactory(organisation=organisation, cluster=clusters["luk"])
    MembershipFactory(
        organisation=organisation, cluster=clusters["lub"], role=MembershipRole.COORDINATOR
    )
    MembershipFactory(
        organisation=organisation, cluster=clusters["lub"], role=MembershipRole.FOUNDER
    )
    MembershipFactory(organisation=organisation, cluster=clusters["lodz"])
    MembershipFactory(organisation=organisation, cluster=clusters["alfa"])

    polish = client.get(organisation.get_absolute_url())
    with translation.override("en"):
        english = client.get(organisation.get_absolute_url())

    assert (
        "Alfa Klaster członek Łódzki Klaster członek Łukowski Klaster członek "
        "Zielony Klaster koordynator, założyciel"
    ) in visible_text(polish)
    assert (
        "Lodz Cluster member Lublin Cluster coordinator, founder Łukowski Klaster member "
        "Zulu Cluster member"
    ) in visible_text(english)
    html = english.content.decode()
    assert '<a href="/en/clusters/' + clusters["luk"].slug + '/"><span lang="pl">Łukowski' in html
    assert '">Lodz Cluster</a>' in html
    assert links(english)["Zulu Cluster"] == f"/en/clusters/{clusters['alfa'].slug}/"


def test_an_organisation_in_more_clusters_than_a_page_shows_names_the_first_and_links_to_all(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(core.bounded, "PREVIEW_SIZE", 3)
    organisation = MemberOrganisationFactory(slug="politechnika")
    # created out of order: the first three by name are neither the first nor the last made
    for name in ("Dzeta", "Alfa", "Jota", "Beta", "Eta", "Delta", "Gamma"):
        MembershipFactory(organisation=organisation, cluster=ClusterFactory(name=f"Klaster {name}"))
    alfa = organisation.memberships.get(cluster__name="Klaster Alfa").cluster
    MembershipFactory(organisation=organisation, cluster=alfa, role=MembershipRole.FOUNDER)

    with django_assert_max_num_queries(ORGANISATION_QUERIES + 1):  # + counting the clusters
        response = client.get(organisation.get_absolute_url())

    text = visible_text(response)
    assert "Klastry (7)" in text
    assert (
        "Klaster Alfa założyciel, członek Klaster Beta członek Klaster Delta członek Pokazano 3 z 7."
    ) in text
    assert "Klaster Dzeta" not in text
    assert links(response)["Wszystkie klastry tej organizacji"] == "/klastry/?member=politechnika"
    assert links(response)["pełna lista (CSV)"] == "/klastry/eksport.csv?member=politechnika"
    # and it reads no more than it shows, and one more to know the list goes on
    found = ORGANISATION_ROWS.rows(shape=(3,), slug="politechnika")
    assert len({row["cluster__id"] for row in found["memberships"]}) == 4


def test_an_organisation_whose_clusters_all_fit_says_no_more(client, monkeypatch):
    monkeypatch.setattr(core.bounded, "PREVIEW_SIZE", 3)
    organisation = MemberOrganisationFactory()
    for name in ("Alfa", "Beta", "Gamma"):
        MembershipFactory(organisation=organisation, cluster=ClusterFactory(name=f"Klaster {name}"))

    text = visible_text(client.get(organisation.get_absolute_url()))

    assert "Klastry (3)" in text
    assert "Klaster Gamma członek" in text
    assert "Pokazano" not in text
