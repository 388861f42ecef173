"""/czlonkowie/: organisations filtered by type, voivodeship, place, cluster, specialisation and text."""

import re

import pytest
from django.urls import reverse

from members.models import MembershipRole, OrganisationType, Voivodeship
from tests.factories import (
    ClusterFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

URL = reverse("members:list")


def names(response):
    return [organisation.name for organisation, _clusters in response.context["rows"]]


@pytest.fixture
def organisations():
    medicine = ClusterFactory(name="Klaster Lubelska Medycyna", slug="klaster-lubelska-medycyna")
    aviation = ClusterFactory(name="Lubelski Klaster Lotniczy", slug="lotniczy")
    ehealth = SpecialisationFactory(name="e-zdrowie", slug="e-zdrowie")
    university = MemberOrganisationFactory(
        name="Uniwersytet Medyczny w Lublinie",
        aliases="UMed Lublin",
        organisation_type=OrganisationType.HIGHER_EDUCATION,
        city="Lublin",
        voivodeship=Voivodeship.LUBELSKIE,
        country="PL",
    )
    university.specialisations.set([ehealth])
    MembershipFactory(organisation=university, cluster=medicine, role=MembershipRole.COORDINATOR)
    MembershipFactory(organisation=university, cluster=medicine, role=MembershipRole.FOUNDER)
    swidnik = MemberOrganisationFactory(
        name="PZL-Świdnik", city="Świdnik", voivodeship=Voivodeship.LUBELSKIE, country="PL"
    )
    MembershipFactory(organisation=swidnik, cluster=aviation, role=MembershipRole.COORDINATOR)
    comarch = MemberOrganisationFactory(
        name="Comarch Healthcare", city="Kraków", voivodeship=Voivodeship.MALOPOLSKIE, country="PL"
    )
    comarch.specialisations.set([ehealth])
    MembershipFactory(organisation=comarch, cluster=medicine)
    MemberOrganisationFactory(name="Echo-Son")  # place unknown, no cluster
    return medicine


def test_every_organisation_is_listed_with_the_count(client, organisations):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == [
        "Comarch Healthcare",
        "Echo-Son",
        "PZL-Świdnik",
        "Uniwersytet Medyczny w Lublinie",
    ]
    assert "Liczba organizacji: 4" in visible_text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=higher-education", ["Uniwersytet Medyczny w Lublinie"]),
        ("voivodeship=malopolskie", ["Comarch Healthcare"]),
        ("place=lublin", ["Uniwersytet Medyczny w Lublinie"]),
        ("place=region", ["PZL-Świdnik"]),
        ("place=elsewhere", ["Comarch Healthcare"]),
        ("place=unknown", ["Echo-Son"]),
        ("place=lublin&place=region", ["PZL-Świdnik", "Uniwersytet Medyczny w Lublinie"]),
        (
            "cluster=klaster-lubelska-medycyna",
            ["Comarch Healthcare", "Uniwersytet Medyczny w Lublinie"],
        ),
        # a typed name: every word starts a word of the cluster's name, diacritics ignored
        ("cluster=lubelska+medycyna", ["Comarch Healthcare", "Uniwersytet Medyczny w Lublinie"]),
        ("cluster=LOTNICZ", ["PZL-Świdnik"]),
        (
            "cluster=klaster",
            ["Comarch Healthcare", "PZL-Świdnik", "Uniwersytet Medyczny w Lublinie"],
        ),
        ("specialisation=e-zdrowie", ["Comarch Healthcare", "Uniwersytet Medyczny w Lublinie"]),
        ("specialisation=e-zdrowie&place=lublin", ["Uniwersytet Medyczny w Lublinie"]),
        ("q=świdnik", ["PZL-Świdnik"]),
        ("q=kraków", ["Comarch Healthcare"]),
        ("q=umed", ["Uniwersytet Medyczny w Lublinie"]),  # an alias
    ],
)
def test_filters_narrow_the_list(client, organisations, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_an_organisation_with_two_roles_in_one_cluster_is_listed_once(client, organisations):
    response = client.get(f"{URL}?cluster=klaster-lubelska-medycyna")
    assert names(response).count("Uniwersytet Medyczny w Lublinie") == 1
    assert "Klaster Lubelska Medycyna (koordynator, założyciel)" in visible_text(response)


def test_place_and_type_options_count_organisations(client, organisations):
    facets = client.get(f"{URL}?specialisation=e-zdrowie").context["facets"]
    place = {option.value: option.count for option in facets["place"].options}
    assert place == {"lublin": 1, "region": 0, "elsewhere": 1, "unknown": 0}
    kinds = {option.value: option.count for option in facets["type"].options}
    assert kinds["higher-education"] == 1
    assert kinds["enterprise"] == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("specialisation=abc", "abc nie jest żadną z dostępnych opcji"),
        ("place=mars", "Wybierz poprawną wartość"),
        ("type=king", "Wybierz poprawną wartość"),
        ("voivodeship=bawaria", "Wybierz poprawną wartość"),
    ],
)
def test_a_malformed_filter_answers_400_with_the_error(client, organisations, query, message):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert message in visible_text(response)


def test_page_past_the_end_and_garbage_page(client):
    MemberOrganisationFactory.create_batch(27)
    assert client.get(f"{URL}?page=999999").context["page_obj"].number == 2
    assert client.get(f"{URL}?page=abc").context["page_obj"].number == 1


def test_chip_removes_one_filter_and_empty_state_resets(client, organisations):
    response = client.get(f"{URL}?place=lublin&type=hospital")
    text = visible_text(response)
    assert "Nic nie spełnia wszystkich wybranych warunków." in text
    page_links = links(response)
    assert page_links["Rodzaj organizacji: szpital × (usuń ten filtr)"] == "?place=lublin"
    assert page_links["wyczyść wszystkie filtry"] == URL


def test_rows_show_type_city_clusters_with_role_and_specialisations(client, organisations):
    text = visible_text(client.get(f"{URL}?type=higher-education"))
    for fact in (
        "Rodzaj szkolnictwo wyższe i nauka",
        "Miejscowość Lublin",
        "Klastry (rola) Klaster Lubelska Medycyna (koordynator, założyciel)",
        "Specjalizacje e-zdrowie",
    ):
        assert fact in text


def _organisation_with_everything():
    organisation = MemberOrganisationFactory(city="Lublin", voivodeship="lubelskie", country="PL")
    organisation.specialisations.set(SpecialisationFactory.create_batch(2))
    MembershipFactory.create_batch(2, organisation=organisation)
    return organisation


def test_query_count_does_not_grow_with_the_number_of_organisations(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        _organisation_with_everything()
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200
    for _ in range(20):
        _organisation_with_everything()
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"{URL}?place=lublin&sort=city").status_code == 200


def test_sort_by_town_puts_organisations_without_a_town_last(client, organisations):
    response = client.get(f"{URL}?sort=city")
    assert names(response) == [
        "Comarch Healthcare",  # Kraków
        "Uniwersytet Medyczny w Lublinie",
        "PZL-Świdnik",
        "Echo-Son",  # no town
    ]
    assert client.get(f"{URL}?sort=city;DROP").status_code == 200


def test_the_any_or_all_switch_is_a_chip_only_when_it_narrows_chosen_specialisations(
    client, organisations
):
    # The form always sends match=any; alone, or with "any", it filters nothing and has no chip.
    untouched = [
        chip.value
        for chip in client.get(f"{URL}?type=enterprise&match=any", follow=True).context["chips"]
    ]
    assert untouched == ["przedsiębiorstwo"]
    alone = client.get(f"{URL}?type=enterprise&match=all").context["chips"]
    assert [chip.value for chip in alone] == ["przedsiębiorstwo"]

    narrowing = client.get(f"{URL}?specialisation=e-zdrowie&match=all").context["chips"]
    assert [chip.value for chip in narrowing] == ["e-zdrowie", "wszystkie wybrane specjalizacje"]


def test_an_organisation_in_the_voivodeship_without_a_town_is_of_unknown_place(client, db):
    # Lublin or elsewhere in the region cannot be told without a town: never guessed.
    MemberOrganisationFactory(name="Województwo Lubelskie", voivodeship="lubelskie", country="PL")
    MemberOrganisationFactory(
        name="PZL-Świdnik", city="Świdnik", voivodeship="lubelskie", country="PL"
    )

    assert names(client.get(f"{URL}?place=unknown")) == ["Województwo Lubelskie"]
    assert names(client.get(f"{URL}?place=region")) == ["PZL-Świdnik"]


def test_empty_fields_of_the_form_are_dropped_from_the_address(client, organisations):
    response = client.get(f"{URL}?q=&type=enterprise&place=&voivodeship=&match=any&sort=name")
    assert (response.status_code, response["Location"]) == (302, f"{URL}?type=enterprise")


def test_an_organisation_card_names_what_it_does_not_know_once(client):
    bare = MemberOrganisationFactory(name="Acrea Engineering", organisation_type="", city="")
    MembershipFactory(organisation=bare, cluster=ClusterFactory(name="Klaster Lubelska Medycyna"))
    known = MemberOrganisationFactory(
        name="Biomed Lublin", organisation_type=OrganisationType.ENTERPRISE, city="Lublin"
    )
    known.specialisations.add(SpecialisationFactory(name="e-zdrowie"))
    MembershipFactory(organisation=known, cluster=ClusterFactory())

    response = client.get(URL)
    text = visible_text(response)
    cards = re.findall(r'<li class="result-card">.*?</li>\n', response.content.decode(), re.S)
    assert [card.count("brak danych") for card in cards] == [1, 0]
    assert (
        "Acrea Engineering Klastry (rola) Klaster Lubelska Medycyna (członek) brak danych " in text
    )
    assert "rodzaj, miejscowość, specjalizacje" in text
    assert "Rodzaj przedsiębiorstwo Miejscowość Lublin" in text


def test_a_clusters_slug_lists_that_clusters_members_alone(client, organisations):
    # the link of a profile: not also the clusters whose names hold the slug's words
    other = ClusterFactory(name="Klaster Lubelska Medycyna Bis", slug="bis")
    MembershipFactory(organisation=MemberOrganisationFactory(name="Bis Sp. z o.o."), cluster=other)

    by_slug = names(client.get(f"{URL}?cluster=klaster-lubelska-medycyna"))
    by_words = names(client.get(f"{URL}?cluster=klaster+lubelska+medycyna"))

    assert by_slug == ["Comarch Healthcare", "Uniwersytet Medyczny w Lublinie"]
    assert by_words == ["Bis Sp. z o.o.", "Comarch Healthcare", "Uniwersytet Medyczny w Lublinie"]


def test_the_members_of_one_cluster_cost_the_same_queries_however_many_it_has(
    client, django_assert_max_num_queries
):
    # a profile's link: the cluster's id looked up once per data version, not per filter applied
    cluster = ClusterFactory(slug="duzy")
    for members in (3, 30):
        while cluster.memberships.count() < members:
            MembershipFactory(cluster=cluster, organisation=_organisation_with_everything())
        with django_assert_max_num_queries(14):
            response = client.get(f"{URL}?cluster=duzy")
        assert response.context["result_count"] == members
