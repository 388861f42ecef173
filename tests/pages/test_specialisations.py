"""/specjalizacje/: the index by sector with counts, the investor's search, one specialisation's page."""

import pytest
from django.urls import reverse

from members.models import OrganisationType, Voivodeship
from pages.views import specialisations
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    SectorFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

URL = reverse("clusters:specialisation-list")


def result_names(response):
    clusters = [c.name for c in response.context["clusters"]]
    organisations = [o.name for o, _roles in response.context["organisation_rows"]]
    return clusters, organisations


@pytest.fixture
def offer():
    medicine_sector = SectorFactory(name="Medycyna i zdrowie", position=1)
    energy_sector = SectorFactory(name="Energia i środowisko", position=2)
    ehealth = SpecialisationFactory(sector=medicine_sector, name="e-zdrowie", slug="e-zdrowie")
    devices = SpecialisationFactory(
        sector=medicine_sector, name="wyroby medyczne", slug="wyroby-medyczne"
    )
    hydrogen = SpecialisationFactory(sector=energy_sector, name="wodór", slug="wodor")
    medical = EcosystemFactory(name="Lubelska Wyżyna Medyczna", slug="medyczna")
    medicine = ClusterFactory(name="Klaster Lubelska Medycyna", ecosystem=medical)
    medicine.specialisations.set([ehealth, devices])
    hydrogen_cluster = ClusterFactory(name="Lubelski Klaster Wodorowy")
    hydrogen_cluster.specialisations.set([hydrogen])
    comarch = MemberOrganisationFactory(
        name="Comarch Healthcare", city="Lublin", voivodeship=Voivodeship.LUBELSKIE, country="PL"
    )
    comarch.specialisations.set([ehealth])
    MembershipFactory(organisation=comarch, cluster=medicine)
    echo = MemberOrganisationFactory(
        name="Echo-Son", city="Puławy", voivodeship="lubelskie", country="PL"
    )
    echo.specialisations.set([devices, ehealth])
    university = MemberOrganisationFactory(
        name="Uniwersytet Medyczny w Lublinie",
        organisation_type=OrganisationType.HIGHER_EDUCATION,
        city="Lublin",
        voivodeship="lubelskie",
        country="PL",
    )
    university.specialisations.set([devices])
    MembershipFactory(organisation=university, cluster=medicine, role="coordinator")
    azoty = MemberOrganisationFactory(name="Grupa Azoty Puławy")
    azoty.specialisations.set([hydrogen])
    MembershipFactory(organisation=azoty, cluster=hydrogen_cluster)
    return {"ehealth": ehealth, "devices": devices, "hydrogen": hydrogen}


def test_index_lists_every_specialisation_by_sector_with_cluster_and_organisation_counts(
    client, offer
):
    response = client.get(URL)
    assert response.status_code == 200
    text = visible_text(response)
    assert text.index("Medycyna i zdrowie") < text.index("Energia i środowisko")
    # each count, with what it counts for a screen reader
    assert "e-zdrowie 1 – klastry: e-zdrowie 2 – organizacje: e-zdrowie" in text
    assert "wyroby medyczne 1 – klastry: wyroby medyczne 2 – organizacje: wyroby medyczne" in text
    assert "wodór 1 – klastry: wodór 1 – organizacje: wodór" in text
    assert "Wyniki" not in text  # nothing asked yet


def test_index_shows_specialisations_checkboxes_in_a_fieldset_per_sector(client, offer):
    html = client.get(URL).content.decode()
    assert "<legend>Medycyna i zdrowie</legend>" in html
    assert (
        '<label><input type="checkbox" name="specialisation" value="e-zdrowie"> e-zdrowie</label>'
        in html
    )


def test_choosing_several_specialisations_gives_clusters_and_organisations_offering_any(
    client, offer
):
    response = client.get(f"{URL}?specialisation=e-zdrowie&specialisation=wodor")
    assert response.status_code == 200
    assert result_names(response) == (
        ["Klaster Lubelska Medycyna", "Lubelski Klaster Wodorowy"],
        ["Comarch Healthcare", "Echo-Son", "Grupa Azoty Puławy"],
    )
    text = visible_text(response)
    assert "Pasujące klastry: 2, pasujące organizacje: 3" in text
    assert "co najmniej jedną z wybranych specjalizacji" in text


def test_match_all_keeps_only_those_offering_every_chosen_specialisation(client, offer):
    response = client.get(
        f"{URL}?specialisation=e-zdrowie&specialisation=wyroby-medyczne&match=all"
    )
    assert result_names(response) == (["Klaster Lubelska Medycyna"], ["Echo-Son"])
    assert "wszystkie wybrane specjalizacje" in visible_text(response)


@pytest.mark.parametrize(
    ("query", "organisations"),
    [
        ("type=higher-education", ["Uniwersytet Medyczny w Lublinie"]),
        ("place=lublin", ["Comarch Healthcare", "Uniwersytet Medyczny w Lublinie"]),
        ("place=region", ["Echo-Son"]),
        ("ecosystem=medyczna", ["Comarch Healthcare", "Uniwersytet Medyczny w Lublinie"]),
    ],
)
def test_type_place_and_ecosystem_narrow_the_organisations(client, offer, query, organisations):
    response = client.get(f"{URL}?specialisation=wyroby-medyczne&specialisation=e-zdrowie&{query}")
    assert result_names(response)[1] == organisations


def test_ecosystem_narrows_the_clusters_too(client, offer):
    response = client.get(f"{URL}?specialisation=wodor&specialisation=e-zdrowie&ecosystem=medyczna")
    assert result_names(response)[0] == ["Klaster Lubelska Medycyna"]


def test_the_form_keeps_the_choice_and_the_results_link_a_csv_with_it(client, offer):
    response = client.get(f"{URL}?specialisation=wodor&type=enterprise")
    html = response.content.decode()
    assert 'name="specialisation" value="wodor" checked' in html
    assert 'name="type" value="enterprise" checked' in html
    assert links(response)["Pobierz wyniki (CSV)"] == (
        reverse("clusters:specialisation-export") + "?specialisation=wodor&type=enterprise"
    )


def test_nothing_matches_says_so(client, offer):
    response = client.get(f"{URL}?specialisation=wodor&type=hospital")
    text = visible_text(response)
    assert "Żadna organizacja nie spełnia tych warunków." in text
    assert result_names(response) == (["Lubelski Klaster Wodorowy"], [])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("specialisation=abc", "abc nie jest żadną z dostępnych opcji"),
        ("ecosystem=99999", "Wybierz poprawną wartość"),
        ("place=mars", "Wybierz poprawną wartość"),
        ("specialisation=wodor&match=most", "Wybierz poprawną wartość"),
        ("match=most", "Wybierz poprawną wartość"),  # nothing chosen yet: the table, and its error
    ],
)
def test_malformed_choice_answers_400_with_the_error(client, offer, query, message):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert message in visible_text(response)
    assert "clusters" not in response.context


def test_detail_lists_the_specialisations_clusters_and_organisations(client, offer):
    response = client.get(offer["devices"].get_absolute_url())
    assert response.status_code == 200
    assert result_names(response) == (
        ["Klaster Lubelska Medycyna"],
        ["Echo-Son", "Uniwersytet Medyczny w Lublinie"],
    )
    text = visible_text(response)
    assert "Sektor: Medycyna i zdrowie" in text
    assert "Klaster Lubelska Medycyna (koordynator)" in text
    page_links = links(response)
    assert page_links["Dodaj inne specjalizacje do wyszukiwania"] == (
        f"{URL}?specialisation=wyroby-medyczne#investor-form"
    )
    assert page_links["Pobierz listę (CSV)"] == (
        reverse("clusters:specialisation-export") + "?specialisation=wyroby-medyczne"
    )


def test_detail_of_an_unknown_specialisation_is_404(client, offer):
    assert client.get(reverse("clusters:specialisation-detail", args=["nie-ma"])).status_code == 404


def test_index_count_links_lead_to_the_detail(client, offer):
    html = client.get(URL).content.decode()
    assert 'href="/specjalizacje/e-zdrowie/#organizacje">2<' in html


def _offer_row(specialisation):
    cluster = ClusterFactory(ecosystem=EcosystemFactory())
    cluster.specialisations.set([specialisation])
    organisation = MemberOrganisationFactory()
    organisation.specialisations.set([specialisation])
    MembershipFactory(organisation=organisation, cluster=cluster)


def test_query_counts_do_not_grow_with_rows(client, django_assert_max_num_queries):
    specialisation = SpecialisationFactory(slug="e-zdrowie")
    for _ in range(3):
        _offer_row(specialisation)
        SpecialisationFactory()
    asked = f"{URL}?specialisation=e-zdrowie&place=lublin&place=unknown"
    detail = specialisation.get_absolute_url()
    with django_assert_max_num_queries(4):
        client.get(URL)
    # + the two totals (clusters, organisations) and the counts of the table, each a fixed query
    with django_assert_max_num_queries(14):
        assert client.get(asked).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(detail).status_code == 200
    for _ in range(20):
        _offer_row(specialisation)
        SpecialisationFactory()
    with django_assert_max_num_queries(4):
        client.get(URL)
    with django_assert_max_num_queries(14):
        response = client.get(asked)
    # the first INVESTOR_CLUSTERS of 23, and a page of organisations
    assert len(response.context["clusters"]) == 10
    assert response.context["cluster_total"] == 23
    with django_assert_max_num_queries(9):
        assert client.get(detail).status_code == 200


def test_error_summary_links_to_the_field_in_error(client, offer):
    response = client.get(f"{URL}?specialisation=abc&ecosystem=zz")
    html = response.content.decode()
    targets = [href for text, href in links(response).items() if "Wybierz poprawną" in text]
    assert sorted(targets) == ["#id_ecosystem", "#id_specialisation"]
    for target in targets:
        assert f'id="{target[1:]}"' in html


@pytest.fixture
def big_result():
    """One specialisation offered by 30 clusters and 60 organisations."""
    specialisation = SpecialisationFactory(name="e-zdrowie", slug="e-zdrowie")
    for n in range(30):
        ClusterFactory(name=f"Klaster {n:02}").specialisations.add(specialisation)
    for n in range(60):
        MemberOrganisationFactory(name=f"Organizacja {n:02}").specialisations.add(specialisation)
    return specialisation


def test_a_big_result_shows_the_first_clusters_and_pages_through_the_organisations(
    client, big_result
):
    response = client.get(f"{URL}?specialisation=e-zdrowie")
    clusters, organisations = result_names(response)
    assert clusters == [f"Klaster {n:02}" for n in range(10)]
    assert organisations == [f"Organizacja {n:02}" for n in range(25)]
    text = visible_text(response)
    assert "Pasujące klastry: 30, pasujące organizacje: 60" in text
    assert "Klastry (30)" in text and "Organizacje (60)" in text
    page_links = links(response)
    more = "Pokazano 10 pierwszych klastrów z 30 – zobacz wszystkie na liście klastrów"
    assert page_links[more] == reverse("clusters:list") + "?specialisation=e-zdrowie"
    assert page_links["Następna ›"] == "?specialisation=e-zdrowie&page=2"

    second = client.get(f"{URL}?specialisation=e-zdrowie&page=2")
    assert result_names(second)[1] == [f"Organizacja {n:02}" for n in range(25, 50)]
    assert "(pokazano 26–50)" in visible_text(second)


@pytest.mark.parametrize(("page", "expected"), [("999999", 3), ("abc", 1), ("-1", 3), ("0", 3)])
def test_a_page_past_the_end_gives_the_last_and_a_malformed_one_the_first(
    client, big_result, page, expected
):
    # as on the listings (Paginator.get_page): past the end → the last page, garbage → the first
    response = client.get(f"{URL}?specialisation=e-zdrowie&page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected


def test_the_csv_of_a_big_result_holds_every_row(client, big_result):
    response = client.get(
        reverse("clusters:specialisation-export") + "?specialisation=e-zdrowie&page=2"
    )
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 30 + 60


def test_a_big_catalogue_of_specialisations_keeps_the_index_small(client):
    sectors = SectorFactory.create_batch(8)
    for n in range(320):
        specialisation = SpecialisationFactory(
            sector=sectors[n % 8], name=f"specjalizacja numer {n}", slug=f"specjalizacja-{n}"
        )
        ClusterFactory().specialisations.add(specialisation)
    response = client.get(URL)
    assert len(response.content) < 100_000
    # the counts are plain numbers at this size (the cards and the search link the pages)
    assert 'href="/specjalizacje/specjalizacja-1/#klastry"' not in response.content.decode()
    asked = client.get(f"{URL}?specialisation=specjalizacja-1&specialisation=specjalizacja-2")
    assert len(asked.content) < 100_000


def test_a_specialisation_page_names_the_first_cards_with_the_totals_and_links_to_the_listings(
    client, django_assert_max_num_queries
):
    specialisation = SpecialisationFactory(slug="e-zdrowie")
    size = specialisations.DETAIL_PREVIEW_SIZE
    for _ in range(size + 3):
        _offer_row(specialisation)
    hidden = ClusterFactory(published=False)  # its organisation is not public: not counted
    organisation = MemberOrganisationFactory()
    organisation.specialisations.set([specialisation])
    MembershipFactory(organisation=organisation, cluster=hidden)
    small = len(client.get(specialisation.get_absolute_url()).content)
    for _ in range(2 * size):
        _offer_row(specialisation)

    with django_assert_max_num_queries(9):
        response = client.get(specialisation.get_absolute_url())

    text = visible_text(response)
    total = 3 * size + 3
    assert f"Klastry: {total}, organizacje: {total}" in text
    assert text.count(f"Pokazano {size} z {total}.") == 2
    assert len(response.context["clusters"]) == size
    page_links = links(response)
    assert (
        page_links["Wszystkie klastry o tej specjalizacji"] == "/klastry/?specialisation=e-zdrowie"
    )
    assert page_links["Wszystkie organizacje o tej specjalizacji"] == (
        "/czlonkowie/?specialisation=e-zdrowie"
    )
    assert "/czlonkowie/eksport.csv?specialisation=e-zdrowie" in response.content.decode()
    # 2 × size more rows change the counts, not the page's size
    assert abs(len(response.content) - small) < 1_000
    assert len(response.content) < 100_000


def test_the_specialisations_and_their_counts_are_built_once_per_data_version(
    client, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    from core.data_version import bump_data_version
    from core.listing import memo

    settings.LISTING_COUNT_SECONDS = 60
    cache.clear()
    memo.clear()
    cluster = ClusterFactory()
    cluster.specialisations.add(SpecialisationFactory(name="Telemedycyna"))
    assert "Telemedycyna" in visible_text(client.get(URL))
    with django_assert_max_num_queries(10) as again:
        assert "Telemedycyna" in visible_text(client.get(URL))
    assert not any("clusters_specialisation" in q["sql"] for q in again.captured_queries)
    cluster.specialisations.add(SpecialisationFactory(name="Biotechnologia morska"))
    assert "Biotechnologia morska" not in visible_text(client.get(URL))  # until the bump
    bump_data_version()  # what the write's commit does
    assert "Biotechnologia morska" in visible_text(client.get(URL))
    cache.clear()
    memo.clear()


def test_a_specialisation_pages_totals_are_kept_until_the_data_changes(
    client, settings, django_assert_max_num_queries, monkeypatch
):
    from django.core.cache import cache

    from core.data_version import bump_data_version

    settings.LISTING_COUNT_SECONDS = 60
    monkeypatch.setattr(specialisations, "DETAIL_PREVIEW_SIZE", 1)  # more rows than cards
    cache.clear()
    specialisation = SpecialisationFactory(slug="e-zdrowie")
    for _ in range(2):
        _offer_row(specialisation)
    hidden = ClusterFactory(published=False)  # its own organisation is not counted
    organisation = MemberOrganisationFactory()
    organisation.specialisations.set([specialisation])
    MembershipFactory(organisation=organisation, cluster=hidden)
    with django_assert_max_num_queries(9) as first:
        assert "Klastry: 2, organizacje: 2" in visible_text(
            client.get(specialisation.get_absolute_url())
        )
    with django_assert_max_num_queries(9) as again:
        client.get(specialisation.get_absolute_url())
    # both totals kept, and the table of specialisations the cards name (core.listing.memo)
    assert len(first.captured_queries) - len(again.captured_queries) == 3
    _offer_row(specialisation)
    response = client.get(specialisation.get_absolute_url())
    assert "Klastry: 2, organizacje: 2" in visible_text(response)  # until the version changes
    bump_data_version()  # what a write's commit does (a test's transaction never commits)
    response = client.get(specialisation.get_absolute_url())
    assert "Klastry: 3, organizacje: 3" in visible_text(response)
    cache.clear()


def test_the_investors_choice_is_checked_against_the_specialisations_kept_per_data_version(
    client, settings, django_assert_max_num_queries
):
    """Choosing specialisations asks the database about them once per data version, not once for
    the clusters and once for the organisations on every request; an unknown slug still gets the
    form's error, and a specialisation added shows once the version moves on."""
    from core.data_version import bump_data_version

    settings.LISTING_COUNT_SECONDS = 60
    chosen = SpecialisationFactory(slug="e-zdrowie", name="E-zdrowie")
    ClusterFactory().specialisations.add(chosen)
    query = f"{URL}?specialisation=e-zdrowie"
    assert client.get(query).status_code == 200
    with django_assert_max_num_queries(10) as again:
        assert client.get(query).status_code == 200
    assert not any(
        'FROM "clusters_specialisation"' in q["sql"] and "e-zdrowie" in str(q["sql"])
        for q in again.captured_queries
    ), [q["sql"][:120] for q in again.captured_queries]

    unknown = client.get(f"{URL}?specialisation=nie-ma-takiej")
    assert unknown.status_code == 400
    assert "nie-ma-takiej" in visible_text(unknown)

    SpecialisationFactory(slug="telemedycyna")
    assert client.get(f"{URL}?specialisation=telemedycyna").status_code == 400  # until the bump
    bump_data_version()  # what the write's commit does
    assert client.get(f"{URL}?specialisation=telemedycyna").status_code == 200
