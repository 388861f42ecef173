"""Site search as a visitor uses it, on whichever database the run uses (SQLite or PostgreSQL)."""

import pytest
from django.urls import reverse
from django.utils import translation

import pages.search
from members.models import OrganisationType
from pages.search import GROUP_LIMIT, MAX_QUERY_LENGTH, search
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    MemberOrganisationFactory,
    SectorFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("clusters:search")


@pytest.fixture
def catalogue():
    """A few records named as the real ones are, plus rows that must not match."""
    medical = EcosystemFactory(
        name="Lubelska Wyżyna Medyczna",
        slug="lubelska-wyzyna-medyczna",
        summary="Zdrowe społeczeństwo: od profilaktyki po rehabilitację.",
    )
    return {
        "food": ClusterFactory(
            name="Klaster Dolina Ekologicznej Żywności", slug="klaster-dolina-ekologicznej-zywnosci"
        ),
        "aviation": ClusterFactory(
            name="Lubelski Klaster Zaawansowanych Technologii Lotniczych",
            slug="lubelski-klaster-zaawansowanych-technologii-lotniczych",
        ),
        "medicine": ClusterFactory(
            name="Klaster Lubelska Medycyna",
            slug="klaster-lubelska-medycyna",
            official_name="Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych",
            ecosystem=medical,
        ),
        "ict": ClusterFactory(name="Wschodni Klaster ICT", slug="wschodni-klaster-ict"),
        "medical": medical,
        "lodz_firm": MemberOrganisationFactory(
            name="Przedsiębiorstwo Próbne", slug="przedsiebiorstwo-probne", city="Łódź"
        ),
        "lublin_firm": MemberOrganisationFactory(
            name="Biomed Lublin",
            slug="biomed-lublin",
            city="Lublin",
            organisation_type=OrganisationType.ENTERPRISE,
        ),
        "ehealth": SpecialisationFactory(
            name="e-zdrowie",
            slug="e-zdrowie",
            sector=SectorFactory(name="Medycyna i zdrowie", slug="medycyna-i-zdrowie"),
        ),
        "functional_food": SpecialisationFactory(
            name="żywność funkcjonalna", slug="zywnosc-funkcjonalna"
        ),
    }


def found(query):
    """{group key: [names]} of what `search` finds."""
    return {group.key: [item.name for item in group.items] for group in search(query).groups}


def test_lodz_without_diacritics_finds_an_organisation_in_lodz(catalogue):
    assert found("lodz")["organisations"] == ["Przedsiębiorstwo Próbne"]


def test_zywnosc_finds_the_organic_food_cluster_and_the_food_specialisation(catalogue):
    results = found("zywnosc")
    assert results["clusters"] == ["Klaster Dolina Ekologicznej Żywności"]
    assert results["specialisations"] == ["żywność funkcjonalna"]


def test_part_of_a_word_finds_the_aviation_cluster(catalogue):
    assert found("lotnicz")["clusters"] == [
        "Lubelski Klaster Zaawansowanych Technologii Lotniczych"
    ]


def test_upper_case_query_finds_the_medical_cluster(catalogue):
    assert found("MEDYCYNA")["clusters"] == ["Klaster Lubelska Medycyna"]


def test_ecosystems_and_specialisations_are_found_too(catalogue):
    assert found("wyzyna medyczna")["ecosystems"] == ["Lubelska Wyżyna Medyczna"]
    assert found("E-ZDROWIE")["specialisations"] == ["e-zdrowie"]


def test_every_word_must_match(catalogue):
    assert found("klaster medycyna")["clusters"] == ["Klaster Lubelska Medycyna"]
    assert found("klaster zzzzzz")["clusters"] == []


def test_a_name_match_ranks_above_a_description_match(catalogue):
    ClusterFactory(
        name="Klaster Ogólny", slug="klaster-ogolny", description="Współpracuje z medycyną."
    )
    assert found("medycyn")["clusters"] == ["Klaster Lubelska Medycyna", "Klaster Ogólny"]


def test_the_page_groups_results_with_counts_and_links_to_the_profiles(client, catalogue):
    response = client.get(SEARCH_URL, {"q": "lubelsk"})
    assert response.status_code == 200
    text = visible_text(response)
    assert "Klastry (2)" in text
    assert "Ekosystemy (1)" in text
    assert "Organizacje (0)" in text
    assert "Żadna organizacja nie pasuje do zapytania." in text
    assert "Żadna specjalizacja nie pasuje do zapytania." in text
    assert "Liczba wyników dla „lubelsk”: 3." in text
    page_links = links(response)
    assert page_links["Klaster Lubelska Medycyna"] == catalogue["medicine"].get_absolute_url()
    assert page_links["Lubelska Wyżyna Medyczna"] == catalogue["medical"].get_absolute_url()
    assert page_links["Klastry (2)"] == "#results-clusters"


def test_organisation_results_show_type_and_place(client, catalogue):
    text = visible_text(client.get(SEARCH_URL, {"q": "biomed"}))
    assert "Biomed Lublin przedsiębiorstwo, Lublin" in text


def test_each_kind_of_result_says_what_it_is_under_its_name(client, catalogue):
    text = visible_text(client.get(SEARCH_URL, {"q": "medycyna"}))
    assert (
        "Klaster Lubelska Medycyna "
        "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych "
        "Ekosystem: Lubelska Wyżyna Medyczna"
    ) in text
    text = visible_text(client.get(SEARCH_URL, {"q": "e-zdrowie"}))
    assert "e-zdrowie Sektor: Medycyna i zdrowie" in text
    text = visible_text(client.get(SEARCH_URL, {"q": "medyczna"}))
    assert (
        "Lubelska Wyżyna Medyczna Zdrowe społeczeństwo: od profilaktyki po rehabilitację."
    ) in text


def test_on_the_english_page_a_result_in_polish_only_is_marked_polish(client, catalogue):
    with translation.override("en"):
        response = client.get(reverse("clusters:search"), {"q": "medyczna"})
    html = response.content.decode()
    assert '<span lang="pl">Lubelska Wyżyna Medyczna</span>' in html
    assert (
        '<span lang="pl">Zdrowe społeczeństwo: od profilaktyki po rehabilitację.</span> '
        '<span class="fallback-note">(in Polish)</span>'
    ) in html


def test_a_query_that_matches_nothing_says_so(client, catalogue):
    response = client.get(SEARCH_URL, {"q": "qwertyuiop"})
    assert response.status_code == 200
    text = visible_text(response)
    assert "Nic nie znaleziono dla „qwertyuiop”." in text
    assert "Żaden klaster nie pasuje do zapytania." in text


def test_an_empty_query_shows_the_prompt(client, catalogue):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(SEARCH_URL, params)
        assert response.status_code == 200
        text = visible_text(response)
        assert "Wpisz, czego szukasz, i naciśnij „Szukaj”." in text
        assert "Klastry (" not in text


def test_a_query_of_punctuation_only_finds_nothing_without_an_error(client, catalogue):
    response = client.get(SEARCH_URL, {"q": "'&|!:*()\\"})
    assert response.status_code == 200
    assert "Nic nie znaleziono" in visible_text(response)


def test_a_very_long_query_is_refused_with_a_message_not_a_server_error(client, catalogue):
    response = client.get(SEARCH_URL, {"q": "lotnicz" * 1500})
    assert response.status_code == 400
    assert f"Zapytanie jest za długie: wpisz najwyżej {MAX_QUERY_LENGTH} znaków." in visible_text(
        response
    )


def test_a_query_of_the_maximum_length_is_searched(client, catalogue):
    response = client.get(SEARCH_URL, {"q": ("lotnicz " * 40)[:MAX_QUERY_LENGTH]})
    assert response.status_code == 200
    assert "Lubelski Klaster Zaawansowanych Technologii Lotniczych" in visible_text(response)


def test_control_characters_in_the_query_are_ignored(client, catalogue):
    # config.input_hygiene drops them before the view: what is left is the word typed.
    response = client.get(SEARCH_URL, {"q": "lot\x00nicz\x07"})
    assert response.status_code == 200
    assert response.context["search_query"] == "lotnicz"
    assert "Lubelski Klaster Zaawansowanych Technologii Lotniczych" in visible_text(response)


def test_markup_in_the_query_comes_back_escaped(client, catalogue):
    response = client.get(SEARCH_URL, {"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.content


def test_the_header_search_box_keeps_the_query(client, catalogue):
    response = client.get(SEARCH_URL, {"q": "Żywność"})
    assert 'id="site-search-q" type="search" name="q" value="Żywność"' in response.content.decode()


def test_a_large_group_shows_the_best_matches_and_the_total(client, catalogue):
    for number in range(GROUP_LIMIT + 5):
        MemberOrganisationFactory(name=f"Firma Lotnicza {number:02d}", slug=f"firma-{number}")
    response = client.get(SEARCH_URL, {"q": "lotnicza"})
    text = visible_text(response)
    assert f"Organizacje ({GROUP_LIMIT + 5})" in text
    assert f"Pokazano {GROUP_LIMIT} najlepiej pasujących z {GROUP_LIMIT + 5}." in text
    assert len(response.context["results"].groups[1].items) == GROUP_LIMIT


def test_the_number_of_queries_does_not_grow_with_the_number_of_matches(
    client, catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):  # one per kind of record
        client.get(SEARCH_URL, {"q": "klaster"})
    medical = catalogue["medical"]
    for number in range(20):
        ClusterFactory(name=f"Klaster Dodatkowy {number}", ecosystem=medical)
        MemberOrganisationFactory(name=f"Klaster Firm {number}")
        SpecialisationFactory(name=f"klastrowanie {number}")
    with django_assert_max_num_queries(4):
        response = client.get(SEARCH_URL, {"q": "klast"})
    assert response.context["results"].total > 60


def test_a_word_must_start_a_word_of_the_record_not_sit_inside_one(catalogue):
    ClusterFactory(name="Polski Klaster Rolnictwa Precyzyjnego")
    assert found("ict")["clusters"] == ["Wschodni Klaster ICT"]


# --- on the real data ----------------------------------------------------------------------------


def first_found(query, key):
    return found(query)[key][:1]


def test_real_data_the_issues_examples(real_data):
    assert first_found("zywnosc", "clusters") == ["Klaster Dolina Ekologicznej Żywności"]
    assert first_found("lotnicz", "clusters") == [
        "Lubelski Klaster Zaawansowanych Technologii Lotniczych"
    ]
    assert first_found("MEDYCYNA", "clusters") == ["Klaster Lubelska Medycyna"]


def test_real_data_organisations_ecosystems_and_specialisations_are_found(real_data):
    assert "PZL-Świdnik" in found("swidnik")["organisations"]
    assert found("naleczow")["organisations"] == ["Zakład Leczniczy „Uzdrowisko Nałęczów” S.A."]
    assert first_found("wyzyna lotnicza", "ecosystems") == ["Lubelska Wyżyna Lotnicza"]
    assert first_found("e-zdrowie", "specialisations") == ["e-zdrowie"]
    assert "żywność funkcjonalna" in found("zywnosc")["specialisations"]


def test_real_data_search_page_links_each_result_to_its_profile(client, real_data):
    response = client.get(SEARCH_URL, {"q": "lotnicz"})
    page_links = links(response)
    assert page_links["Lubelski Klaster Zaawansowanych Technologii Lotniczych"] == reverse(
        "clusters:detail", kwargs={"slug": "lubelski-klaster-zaawansowanych-technologii-lotniczych"}
    )
    results = response.context["results"]
    assert results.total == 4  # PZL-Świdnik's description names the aviation cluster
    for group in results.groups:
        for item in group.items:
            assert page_links[item.name] == item.get_absolute_url()
            assert client.get(item.get_absolute_url()).status_code == 200


def test_an_organisation_is_found_by_its_alias(db):
    MemberOrganisationFactory(name="Uniwersytet Marii Curie-Skłodowskiej", aliases="UMCS")
    MemberOrganisationFactory(name="Urząd Miasta Lublin", aliases="Gmina Lublin, UM Lublin")
    MemberOrganisationFactory(name="Politechnika Lubelska")

    assert found("umcs")["organisations"] == ["Uniwersytet Marii Curie-Skłodowskiej"]
    assert found("gmina lublin")["organisations"] == ["Urząd Miasta Lublin"]


def test_a_cluster_is_found_by_its_alias_and_its_english_name(db):
    ClusterFactory(
        name="Wschodni Klaster ICT", aliases="WKICT, ECICT", name_en="Eastern Cluster ICT"
    )
    ClusterFactory(name="Lubelski Klaster Teleinformatyczny", name_en="Lublin ICT Cluster")

    assert found("wkict")["clusters"] == ["Wschodni Klaster ICT"]
    assert found("eastern")["clusters"] == ["Wschodni Klaster ICT"]


def test_real_data_aliases_and_descriptions_find_what_people_call_things(real_data):
    assert first_found("umcs", "organisations") == ["Uniwersytet Marii Curie-Skłodowskiej"]
    assert "Urząd Miasta Lublin" in found("UM Lublin")["organisations"]
    assert first_found("gmina lublin", "organisations") == ["Urząd Miasta Lublin"]
    assert first_found("pcfs", "organisations") == ["Polskie Centrum Fotoniki i Światłowodów"]
    assert first_found("lpnt", "organisations") == ["Lubelski Park Naukowo-Technologiczny"]
    assert first_found("iung-pib", "organisations") == [
        "Instytut Uprawy Nawożenia i Gleboznawstwa – PIB"
    ]
    assert "Klaster Lubelska Medycyna" in found("turystyka")["clusters"]
    assert first_found("lke", "clusters") == ["Lubelski Klaster Ekoenergetyczny"]


def test_a_group_counts_its_matches_up_to_a_cap_and_says_more_than(client, monkeypatch):
    monkeypatch.setattr(pages.search, "COUNT_CAP", 4)
    monkeypatch.setattr(pages.search, "GROUP_LIMIT", 2)
    for number in range(6):
        MemberOrganisationFactory(name=f"Spółdzielnia Rybacka {number}")

    with translation.override("pl"):
        group = pages.search.search("rybacka", limit=2).groups[1]
    assert (len(group.items), group.total, group.is_capped, group.shown_total) == (2, 5, True, 4)

    text = visible_text(client.get(reverse("clusters:search"), {"q": "rybacka"}))
    assert "Liczba wyników dla „rybacka”: ponad 4." in text
    assert "Organizacje (ponad 4)" in text
    assert "Pokazano 2 najlepiej pasujących z ponad 4." in text


def test_a_group_under_the_cap_gives_its_exact_total(monkeypatch):
    monkeypatch.setattr(pages.search, "COUNT_CAP", 4)
    for number in range(3):
        MemberOrganisationFactory(name=f"Spółdzielnia Rybacka {number}")
    group = pages.search.search("rybacka", limit=2).groups[1]
    assert (len(group.items), group.total, group.is_capped) == (2, 3, False)
