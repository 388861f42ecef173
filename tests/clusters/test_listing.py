"""/klastry/: filters narrow the list, facet counts, bad input answers 400, sort, pagination, chips."""

import datetime
import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from clusters.models import ClusterForm, ClusterStatus, InitiatorKind
from members.models import MembershipRole
from tests.factories import (
    ActivityEvidenceFactory,
    ClusterFactory,
    EcosystemFactory,
    InitiatorFactory,
    MemberOrganisationFactory,
    MemberReportFactory,
    MembershipFactory,
    PartnerCountryFactory,
    SpecialisationFactory,
)
from tests.page_text import links, visible_text

pytestmark = pytest.mark.django_db

URL = reverse("clusters:list")


def part(response, start, end):
    """The piece of the page from ``start`` to ``end``, readable by ``links`` and ``visible_text``."""
    html = response.content.decode()
    return SimpleNamespace(content=html.split(start)[1].split(end)[0].encode())


def names(response):
    """Cluster names in the order the result cards show them."""
    return [c.name for c in response.context["object_list"]]


def option_label(response, facet, value):
    """The label of one filter option, with its count, as the page renders it."""
    html = response.content.decode()
    box = rf'<input type="checkbox" name="{facet}" value="{re.escape(value)}"[^>]*>'
    match = re.search(rf"<label[^>]*>{box}(.*?)</label>", html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", unescape(match.group(1))).split() if match else None


@pytest.fixture
def catalogue():
    """Three clusters that differ in every filtered field."""
    city = InitiatorFactory(kind=InitiatorKind.CITY, name="Gmina Lublin")
    marshal = InitiatorFactory(kind=InitiatorKind.MARSHAL, name="Urząd Marszałkowski")
    medical = EcosystemFactory(name="Lubelska Wyżyna Medyczna", slug="lubelska-wyzyna-medyczna")
    ehealth = SpecialisationFactory(name="e-zdrowie", slug="e-zdrowie")
    hydrogen = SpecialisationFactory(name="wodór", slug="wodor")
    medicine = ClusterFactory(
        name="Klaster Lubelska Medycyna",
        initiator=city,
        ecosystem=medical,
        founded_year=2014,
        status=ClusterStatus.ACTIVE,
        form=ClusterForm.AGREEMENT,
    )
    medicine.specialisations.set([ehealth])
    PartnerCountryFactory(cluster=medicine, country="NO")
    MemberReportFactory(cluster=medicine, as_of_year=2019, total=139)
    MemberReportFactory(cluster=medicine, as_of_year=None, total=184, source__title="prezentacja")
    hydrogen_cluster = ClusterFactory(
        name="Lubelski Klaster Wodorowy", initiator=marshal, founded_year=2023
    )
    hydrogen_cluster.specialisations.set([hydrogen])
    MemberReportFactory(cluster=hydrogen_cluster, total=12)
    wood = ClusterFactory(
        name="Stowarzyszenie Lubelskie Drewno",
        initiator=marshal,
        founded_year=2007,
        form=ClusterForm.ASSOCIATION,
    )
    wood.specialisations.set([ehealth, hydrogen])
    return {"medicine": medicine, "hydrogen": hydrogen_cluster, "wood": wood}


def test_every_cluster_is_listed_without_filters_and_the_count_is_stated(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == [
        "Klaster Lubelska Medycyna",
        "Lubelski Klaster Wodorowy",
        "Stowarzyszenie Lubelskie Drewno",
    ]
    assert "Liczba klastrów: 3" in visible_text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "initiator_kind=marshal",
            ["Lubelski Klaster Wodorowy", "Stowarzyszenie Lubelskie Drewno"],
        ),
        ("ecosystem=lubelska-wyzyna-medyczna", ["Klaster Lubelska Medycyna"]),
        ("status=active", ["Klaster Lubelska Medycyna"]),
        ("form=association", ["Stowarzyszenie Lubelskie Drewno"]),
        ("country=NO", ["Klaster Lubelska Medycyna"]),
        ("founded_min=2010", ["Klaster Lubelska Medycyna", "Lubelski Klaster Wodorowy"]),
        ("founded_max=2014", ["Klaster Lubelska Medycyna", "Stowarzyszenie Lubelskie Drewno"]),
        ("founded_min=2010&founded_max=2020", ["Klaster Lubelska Medycyna"]),
        ("specialisation=wodor", ["Lubelski Klaster Wodorowy", "Stowarzyszenie Lubelskie Drewno"]),
        (
            "specialisation=wodor&specialisation=e-zdrowie&match=all",
            ["Stowarzyszenie Lubelskie Drewno"],
        ),
        ("q=drewno", ["Stowarzyszenie Lubelskie Drewno"]),
        ("q=WODOROWY", ["Lubelski Klaster Wodorowy"]),
        ("initiator_kind=marshal&specialisation=e-zdrowie", ["Stowarzyszenie Lubelskie Drewno"]),
    ],
)
def test_filters_narrow_the_list(client, catalogue, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert names(response) == expected
    assert f"Liczba klastrów: {len(expected)}" in visible_text(response)


@pytest.mark.parametrize(
    "query",
    [
        "initiator_kind=city&initiator_kind=marshal",
        "specialisation=wodor&specialisation=e-zdrowie",
    ],
)
def test_values_of_one_filter_add_up(client, catalogue, query):
    # Matches neither value: listed only if the filter were ignored.
    outside = ClusterFactory(name="Klaster Poza Wyborem", initiator__kind=InitiatorKind.OTHER)
    outside.specialisations.set([SpecialisationFactory(name="drewno", slug="drewno")])
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert names(response) == sorted(c.name for c in catalogue.values())
    assert "Liczba klastrów: 3" in visible_text(response)


def test_each_option_shows_how_many_clusters_it_would_give(client, catalogue):
    response = client.get(URL)
    assert option_label(response, "initiator_kind", "city") == ["Gmina", "Lublin", "(1)"]
    assert option_label(response, "initiator_kind", "marshal") == ["Urząd", "Marszałkowski", "(2)"]
    assert option_label(response, "initiator_kind", "other") == ["inne", "podmioty", "(0)"]
    assert option_label(response, "specialisation", "e-zdrowie") == ["e-zdrowie", "(2)"]
    assert "Lubelska Wyżyna Medyczna (1)" in response.content.decode()
    assert "Norwegia (1)" in response.content.decode()


def test_facet_counts_keep_the_other_filters_but_not_their_own(client, catalogue):
    response = client.get(f"{URL}?initiator_kind=marshal&specialisation=wodor")
    # other initiator kinds are counted as if chosen instead (with the specialisation kept) ...
    assert option_label(response, "initiator_kind", "city") == ["Gmina", "Lublin", "(0)"]
    assert option_label(response, "initiator_kind", "marshal") == ["Urząd", "Marszałkowski", "(2)"]
    # ... and the specialisations count within the marshal's clusters
    assert option_label(response, "specialisation", "e-zdrowie") == ["e-zdrowie", "(1)"]
    assert option_label(response, "specialisation", "wodor") == ["wodór", "(2)"]
    # every cluster left is "not yet assessed": a status filter would not narrow, so it is left out
    assert option_label(response, "status", "unassessed") is None


def test_specialisations_are_grouped_by_sector_in_fieldsets(client, catalogue):
    sector = catalogue["wood"].specialisations.first().sector
    html = client.get(URL).content.decode()
    assert '<fieldset class="filter-group" id="id_specialisation">' in html
    assert f"<summary>{sector.name}" in html
    assert f'<legend class="visually-hidden">Specjalizacja: {sector.name}</legend>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("specialisation=abc", "abc nie jest żadną z dostępnych opcji"),
        ("founded_min=xyz", "Wpisz liczbę całkowitą"),
        ("founded_max=1800", "Upewnij się, że ta wartość jest większa lub równa 1900"),
        ("ecosystem=99999", "Wybierz poprawną wartość"),
        ("initiator_kind=king", "Wybierz poprawną wartość"),
        ("country=XX", "Wybierz poprawną wartość"),
        ("founded_min=2020&founded_max=2010", "Rok „do” nie może być wcześniejszy niż rok „od”"),
    ],
)
def test_a_malformed_filter_shows_the_forms_error_with_status_400(
    client, catalogue, query, message
):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    text = visible_text(response)
    assert message in text
    assert "Nie można zastosować filtrów" in text
    assert response.context["object_list"] == []


def test_a_page_past_the_end_shows_the_last_page(client):
    ClusterFactory.create_batch(30)
    response = client.get(f"{URL}?page=999999")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(names(response)) == 5


@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("1.5", 1), ("", 1), ("-1", 2), ("0", 2)])
def test_a_malformed_page_number_shows_the_first_page_and_one_below_1_the_last(client, page, shown):
    # Below 1 is out of range, like a page past the end: both give the last page.
    ClusterFactory.create_batch(30)
    pages = {1: names(client.get(URL)), 2: names(client.get(f"{URL}?page=2"))}
    response = client.get(f"{URL}?page={page}", follow=True)  # an empty one is dropped first
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert names(response) == pages[shown]
    assert (len(pages[1]), len(pages[2])) == (25, 5)


def test_pagination_links_keep_the_filters_and_mark_the_current_page(client):
    marshal = InitiatorFactory(kind=InitiatorKind.MARSHAL)
    ClusterFactory.create_batch(30, initiator=marshal)
    ClusterFactory.create_batch(3)
    response = client.get(f"{URL}?initiator_kind=marshal&sort=-name&page=2")
    html = response.content.decode()
    assert "Liczba klastrów: 30" in visible_text(response)
    assert 'href="?initiator_kind=marshal&amp;sort=-name&amp;page=1" rel="prev"' in html
    assert re.search(
        r'href="\?initiator_kind=marshal&amp;sort=-name&amp;page=2" aria-current="page"', html
    )


def test_sorting_by_founding_year_puts_unknown_years_last(client, catalogue):
    ClusterFactory(name="Klaster Ekoinnowacje", founded_year=None)
    oldest_first = names(client.get(f"{URL}?sort=founded"))
    newest_first = names(client.get(f"{URL}?sort=-founded"))
    assert oldest_first == [
        "Stowarzyszenie Lubelskie Drewno",
        "Klaster Lubelska Medycyna",
        "Lubelski Klaster Wodorowy",
        "Klaster Ekoinnowacje",
    ]
    assert newest_first[:3] == oldest_first[2::-1]
    assert newest_first[-1] == "Klaster Ekoinnowacje"


def test_sorting_by_member_count_uses_the_latest_report_and_puts_unknown_last(client, catalogue):
    response = client.get(f"{URL}?sort=-members")
    assert names(response) == [
        "Klaster Lubelska Medycyna",  # the undated report (184) is newer than 2019's 139
        "Lubelski Klaster Wodorowy",
        "Stowarzyszenie Lubelskie Drewno",
    ]
    text = visible_text(response)
    assert "Członków 184 (bez daty)" in text
    assert "Członków 12 (bez daty)" in text
    assert "139" not in text
    # The counts compared come from different years, and the sort says so.
    assert "liczba członków (najwięcej; dane z różnych lat)" in text
    assert names(client.get(f"{URL}?sort=members"))[0] == "Lubelski Klaster Wodorowy"


def test_a_card_shows_the_member_count_with_the_year_it_describes(client):
    ict = ClusterFactory(name="Wschodni Klaster ICT")
    MemberReportFactory(cluster=ict, as_of_year=2019, total=103)
    MemberReportFactory(cluster=ict, as_of_year=2021, total=150, is_lower_bound=True)
    wood = ClusterFactory(name="Stowarzyszenie Lubelskie Drewno")
    MemberReportFactory(cluster=wood, as_of_year=2019, total=70)

    text = visible_text(client.get(URL))

    assert "Wschodni Klaster ICT" in text
    assert "Członków ponad 150 (2021)" in text
    assert "Członków 70 (2019)" in text


@pytest.mark.parametrize("sort", ["password", "initiator__staff__password", "-pk;DROP", ""])
def test_an_unknown_sort_key_is_ignored(client, catalogue, sort):
    response = client.get(f"{URL}?sort={sort}", follow=True)  # an empty one is dropped first
    assert response.status_code == 200
    assert names(response) == sorted(c.name for c in catalogue.values())


def test_each_active_filter_is_a_chip_whose_link_removes_just_that_filter(client, catalogue):
    response = client.get(
        f"{URL}?initiator_kind=marshal&specialisation=wodor&specialisation=e-zdrowie&page=1"
    )
    chips = {chip.value: chip for chip in response.context["chips"]}
    assert set(chips) == {"Urząd Marszałkowski", "wodór", "e-zdrowie"}
    page_links = links(response)
    removal = page_links["Specjalizacja: wodór × (usuń ten filtr)"]
    assert removal == "?initiator_kind=marshal&specialisation=e-zdrowie"
    assert page_links["Inicjator: Urząd Marszałkowski × (usuń ten filtr)"] == (
        "?specialisation=wodor&specialisation=e-zdrowie"
    )
    assert (
        'class="chip" href="?initiator_kind=marshal&amp;specialisation=e-zdrowie" aria-current="true"'
        in (response.content.decode())
    )
    after = client.get(URL + removal)
    assert names(after) == ["Stowarzyszenie Lubelskie Drewno"]


def test_a_value_sent_many_times_is_one_chip(client, catalogue):
    response = client.get(f"{URL}?{'&'.join(['initiator_kind=marshal'] * 40)}")
    assert [chip.value for chip in response.context["chips"]] == ["Urząd Marszałkowski"]
    assert links(response)["Inicjator: Urząd Marszałkowski × (usuń ten filtr)"] == "?"


def test_empty_result_offers_a_reset(client, catalogue):
    response = client.get(f"{URL}?initiator_kind=city&form=association")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Liczba klastrów: 0" in text
    assert "Nic nie spełnia wszystkich wybranych warunków." in text
    assert links(response)["wyczyść wszystkie filtry"] == URL


def test_rows_show_initiator_ecosystem_status_year_members_and_specialisations(client, catalogue):
    text = visible_text(client.get(f"{URL}?ecosystem=lubelska-wyzyna-medyczna"))
    for fact in (
        "Klaster Lubelska Medycyna",
        "Inicjator Gmina Lublin",
        "Ekosystem Lubelska Wyżyna Medyczna",
        "Aktywność według źródła aktywny",
        "Założony 2014",
        "Członków 184 (bez daty)",
        "Specjalizacje e-zdrowie",
    ):
        assert fact in text


def test_unknown_facts_show_as_no_data(client):
    ClusterFactory(name="ESTA Klaster")
    text = visible_text(client.get(URL))
    assert (
        "brak danych rok założenia, liczba członków, udokumentowana aktywność, specjalizacje"
        in text
    )
    assert text.count("brak danych") == 1


def test_export_link_sits_beside_the_count_and_keeps_the_filters(client, catalogue):
    response = client.get(f"{URL}?initiator_kind=marshal&page=1")
    export = links(response)["Pobierz wyniki (CSV)"]
    assert export == reverse("clusters:export") + "?initiator_kind=marshal"


def test_every_control_has_a_label_and_checkbox_groups_a_legend(client, catalogue):
    html = client.get(URL).content.decode()
    start = html.index('<form method="get" action="/klastry/"')
    form = html[start : html.index("</form>", start)]
    ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', form)
    assert len(ids) > 5
    for control_id in ids:
        assert f'for="{control_id}"' in form, control_id
    # a checkbox without an id is labelled by the <label> around it
    boxes = re.findall(r"<input type=\"checkbox\"[^>]*>", form)
    assert len(boxes) > 10
    assert all(" id=" in box for box in boxes) or len(
        re.findall(r"<label[^>]*><input type=\"checkbox\"", form)
    ) == len(boxes)
    for name in ("initiator_kind", "status", "form", "specialisation"):
        assert re.search(rf'id="id_{name}"[^>]*><legend>', form), name


def _cluster_with_everything():
    cluster = ClusterFactory(ecosystem=EcosystemFactory())
    cluster.specialisations.set(SpecialisationFactory.create_batch(2))
    PartnerCountryFactory(cluster=cluster)
    MemberReportFactory(cluster=cluster)
    return cluster


def test_query_count_does_not_grow_with_the_number_of_clusters(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        _cluster_with_everything()
    query = f"{URL}?sort=-members&initiator_kind=other&specialisation=" + (
        SpecialisationFactory().slug
    )
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(query).status_code == 200
    for _ in range(20):
        _cluster_with_everything()
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(query).status_code == 200


def test_error_summary_links_to_each_field_in_error(client, catalogue):
    response = client.get(f"{URL}?specialisation=abc&founded_min=x&ecosystem=zz&status=no")
    html = response.content.decode()
    targets = [href for text, href in links(response).items() if href and href.startswith("#id_")]
    assert sorted(targets) == [
        "#id_ecosystem",
        "#id_founded_min",
        "#id_specialisation",
        "#id_status",
    ]
    for target in targets:
        assert f'id="{target[1:]}"' in html


def test_the_filter_form_opens_by_itself_only_to_show_its_errors(client):
    valid = client.get(reverse("clusters:list"))
    invalid = client.get(reverse("clusters:list"), {"founded_min": "xyz"})

    assert b'<details class="filter-disclosure" data-open-when-wide>' in valid.content
    assert b'<details class="filter-disclosure" data-open-when-wide open>' in invalid.content


# -- Short shared links, sort beside the results, no option that leads nowhere ---------------------


def test_a_form_sent_without_javascript_is_redirected_to_the_chosen_filters_only(client, catalogue):
    response = client.get(
        f"{URL}?q=&initiator_kind=marshal&ecosystem=&country=&founded_min=&founded_max="
        "&specialisation=wodor&specialisation=&match=any&sort=name&page="
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?initiator_kind=marshal&specialisation=wodor"
    assert names(client.get(response["Location"])) == [
        "Lubelski Klaster Wodorowy",
        "Stowarzyszenie Lubelskie Drewno",
    ]


def test_a_form_with_nothing_chosen_is_redirected_to_the_bare_listing(client):
    response = client.get(f"{URL}?q=&ecosystem=&match=any&sort=name")
    assert (response.status_code, response["Location"]) == (302, URL)


def test_chosen_values_and_a_switch_away_from_its_default_are_kept_without_a_redirect(
    client, catalogue
):
    response = client.get(
        f"{URL}?specialisation=wodor&specialisation=e-zdrowie&match=all&sort=-name"
    )
    assert response.status_code == 200
    assert names(response) == ["Stowarzyszenie Lubelskie Drewno"]


def input_tag(response, facet, value):
    html = response.content.decode()
    return re.search(rf'<input [^>]*name="{facet}" value="{re.escape(value)}"[^>]*>', html).group(0)


def test_an_option_that_would_give_no_cluster_is_disabled_unless_it_is_chosen(client, catalogue):
    response = client.get(f"{URL}?initiator_kind=marshal&specialisation=wodor")
    assert option_label(response, "initiator_kind", "city") == ["Gmina", "Lublin", "(0)"]
    assert "disabled" in input_tag(response, "initiator_kind", "city")
    assert "disabled" not in input_tag(response, "initiator_kind", "marshal")
    assert "disabled" in input_tag(response, "form", "agreement")
    # A chosen option that now leads nowhere can still be unticked.
    response = client.get(f"{URL}?initiator_kind=city&specialisation=wodor")
    assert option_label(response, "initiator_kind", "city") == ["Gmina", "Lublin", "(0)"]
    chosen = input_tag(response, "initiator_kind", "city")
    assert "checked" in chosen and "disabled" not in chosen


def test_a_select_offers_no_choice_that_would_give_no_cluster(client, catalogue):
    html = client.get(f"{URL}?initiator_kind=marshal").content.decode()
    assert '<option value="NO" disabled>Norwegia (0)</option>' in html
    assert '<option value="lubelska-wyzyna-medyczna" disabled>' in html
    html = client.get(URL).content.decode()
    assert '<option value="NO">Norwegia (1)</option>' in html


def test_the_sort_form_sits_with_the_results_and_sends_the_chosen_filters_again(client, catalogue):
    response = client.get(f"{URL}?initiator_kind=marshal&specialisation=wodor&sort=-founded")
    html = response.content.decode()
    results = html[html.index('id="results-title"') :]
    sort_form = results[results.index('<form method="get"') : results.index("</form>")]
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', sort_form)
    assert sorted(hidden) == [("initiator_kind", "marshal"), ("specialisation", "wodor")]
    assert '<option value="-founded" selected>' in sort_form
    # ... and the filter form keeps the chosen order when it is sent.
    filters = html[html.index('class="filter-form"') : html.index('id="results-title"')]
    assert '<input type="hidden" name="sort" value="-founded">' in filters
    assert 'name="sort"' not in client.get(URL).content.decode().split('id="results-title"')[0]


def test_a_card_names_what_it_does_not_know_once(client, catalogue):
    response = client.get(URL)
    cards = re.findall(r'<li class="result-card">.*?</li>\n', response.content.decode(), re.S)
    assert len(cards) == 3
    wood = next(card for card in cards if "Stowarzyszenie Lubelskie Drewno" in card)
    assert wood.count("brak danych") == 1
    assert "brak danych</dt><dd>liczba członków, udokumentowana aktywność</dd>" in wood
    medicine = next(card for card in cards if "Klaster Lubelska Medycyna" in card)
    assert "brak danych" in medicine  # nothing documents its activity yet ...
    ActivityEvidenceFactory(cluster=catalogue["medicine"], date=datetime.date(2024, 3, 18))
    cards = re.findall(
        r'<li class="result-card">.*?</li>\n', client.get(URL).content.decode(), re.S
    )
    medicine = next(card for card in cards if "Klaster Lubelska Medycyna" in card)
    assert "brak danych" not in medicine  # ... and once something does, it knows everything
    assert "Ostatnia udokumentowana aktywność</dt><dd>2024</dd>" in medicine


def test_the_seeds_activity_wording_is_no_filter_while_no_source_states_it(client, catalogue):
    catalogue["medicine"].status = ClusterStatus.UNASSESSED
    catalogue["medicine"].save()
    assert 'id="id_status"' not in client.get(URL).content.decode()
    catalogue["medicine"].status = ClusterStatus.ACTIVE
    catalogue["medicine"].save()
    assert option_label(client.get(URL), "status", "active") == ["aktywny", "(1)"]


def test_clusters_are_filtered_and_counted_by_how_recent_their_documented_activity_is(
    client, catalogue
):
    ActivityEvidenceFactory(cluster=catalogue["medicine"], date=datetime.date(2024, 3, 18))
    ActivityEvidenceFactory(cluster=catalogue["medicine"], date=datetime.date(2015, 2, 24))
    ActivityEvidenceFactory(cluster=catalogue["wood"], date=datetime.date(2017, 1, 1))

    response = client.get(URL)
    assert option_label(response, "activity", "recent") == ["2023", "lub", "później", "(1)"]
    assert option_label(response, "activity", "middle") == ["2019–2022", "(0)"]
    assert option_label(response, "activity", "old") == ["2018", "lub", "wcześniej", "(1)"]
    assert option_label(response, "activity", "none")[-1] == "(1)"
    assert "disabled" in input_tag(response, "activity", "middle")
    assert "Sama obecność na liście klastrów nie jest takim śladem." in visible_text(response)

    assert names(client.get(f"{URL}?activity=recent")) == ["Klaster Lubelska Medycyna"]
    assert names(client.get(f"{URL}?activity=old&activity=none")) == [
        "Lubelski Klaster Wodorowy",
        "Stowarzyszenie Lubelskie Drewno",
    ]
    chips = client.get(f"{URL}?activity=recent").context["chips"]
    assert [(c.label, c.value) for c in chips] == [
        ("Ostatnia udokumentowana aktywność", "2023 lub później")
    ]


@pytest.mark.parametrize("ids_first_from", [1, 100], ids=["ids first", "at once"])
@pytest.mark.parametrize("sort", ["name", "-name", "founded", "-members"])
def test_a_deep_page_shows_the_rows_of_its_place_in_the_order_with_their_own_values(
    client, monkeypatch, sort, ids_first_from
):
    """Past ``ids_first_from`` rows the page's ids are found first, then read with their values
    (core.listing.counts.CachedCountPaginator): the rows and the figures they show are those of
    the whole ordered list's slice either way."""
    from clusters.views.listing import ClusterQuery

    monkeypatch.setattr(ClusterQuery, "ids_first_from", ids_first_from)
    for n in range(60):
        cluster = ClusterFactory(name=f"Klaster {n:02d}", founded_year=1990 + n % 7)
        MemberReportFactory(cluster=cluster, total=n * 3 % 50 + 1, as_of_year=2020)
    whole = []
    for page in (1, 2, 3):
        response = client.get(f"{URL}?sort={sort}&page={page}", follow=True)  # name: the default
        shown = [(c.name, c.member_count, c.founded_year) for c in response.context["object_list"]]
        assert len(shown) == (25 if page < 3 else 10)
        whole += shown
    assert len({name for name, _n, _y in whole}) == 60  # every cluster once
    if sort == "-members":
        assert [n for _name, n, _y in whole] == sorted((n for _name, n, _y in whole), reverse=True)
    for name, members, founded in whole:
        number = int(name.split()[1])
        assert (members, founded) == (number * 3 % 50 + 1, 1990 + number % 7)


@pytest.mark.parametrize(
    ("page", "export", "column"),
    [
        ("clusters:list", "clusters:export", '"clusters_cluster"."description'),
        ("members:list", "members:export", '"members_memberorganisation"."description'),
    ],
)
def test_a_page_of_rows_reads_what_its_cards_show_and_the_csv_every_column(
    client, django_assert_max_num_queries, page, export, column
):
    for number in range(5):
        cluster = _cluster_with_everything()
        MembershipFactory(cluster=cluster, organisation__city=f"Miasto {number}")
    with django_assert_max_num_queries(14) as listed:
        assert client.get(reverse(page)).status_code == 200
    # descriptions, contacts and sources are no card's: a row of them was ~3 KB at scale
    assert not any(column in query["sql"] for query in listed.captured_queries)
    # the CSV reads its rows whole: a column left out of its query would be a query per row
    with django_assert_max_num_queries(14):
        body = b"".join(client.get(reverse(export)).streaming_content).decode()
    assert body.count("\r\n") == 6  # the header and five rows


@pytest.mark.parametrize(
    ("url", "make"),
    [(URL, ClusterFactory), (reverse("members:list"), MembershipFactory)],
    ids=["clusters", "organisations"],
)
def test_a_page_finds_its_ids_first_only_past_the_rows_it_pays_to_skip(
    client, monkeypatch, django_assert_max_num_queries, url, make
):
    """A cluster skipped costs its subqueries (latest report, activity), so deep pages find their
    ids first; a page that skips a few rows, or organisations (no subquery), read them at once:
    the second query would cost more than it saves."""
    from clusters.views.listing import ClusterQuery
    from core.listing.views import FilteredListView

    monkeypatch.setattr(FilteredListView, "paginate_by", 2)
    monkeypatch.setattr(ClusterQuery, "ids_first_from", 4)
    make.create_batch(8)

    def finds_ids_first(page):
        with django_assert_max_num_queries(20) as captured:
            assert client.get(f"{url}?page={page}").status_code == 200
        return any("IN (SELECT" in q["sql"] and "OFFSET" in q["sql"] for q in captured)

    assert not finds_ids_first(2)
    assert finds_ids_first(3) == (make is ClusterFactory)


def test_a_member_filter_lists_the_clusters_of_one_organisation_and_its_chip_names_it(client):
    organisation = MemberOrganisationFactory(name="Politechnika Lubelska", slug="politechnika")
    ours = [ClusterFactory(name="Klaster Wodorowy"), ClusterFactory(name="Klaster Lotniczy")]
    for cluster in ours:
        MembershipFactory(organisation=organisation, cluster=cluster)
    MembershipFactory(organisation=organisation, cluster=ours[0], role=MembershipRole.FOUNDER)
    MembershipFactory(organisation=organisation, cluster=ClusterFactory(published=False))
    ClusterFactory(name="Klaster Obcy")

    response = client.get(f"{URL}?member=politechnika")

    assert names(response) == ["Klaster Lotniczy", "Klaster Wodorowy"]  # each once
    assert [(c.label, c.value) for c in response.context["chips"]] == [
        ("Organizacja członkowska", "Politechnika Lubelska")
    ]
    # the form names it too and keeps it while other filters change; the CSV has the same clusters
    form = part(response, 'class="filter-form"', "</form>")
    assert '<input type="hidden" name="member" value="politechnika"' in form.content.decode()
    assert "Organizacja członkowska: Politechnika Lubelska (usuń ten filtr)" in visible_text(form)
    assert links(form)["(usuń ten filtr)"] == "?"
    with translation.override("en"):
        english = client.get(reverse("clusters:list") + "?member=politechnika")
    assert "Member organisation: Politechnika Lubelska" in visible_text(english)
    export = client.get(reverse("clusters:export") + "?member=politechnika")
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert [row.split(";")[0] for row in rows[1:]] == ['"Klaster Lotniczy"', '"Klaster Wodorowy"']


def test_a_member_filter_names_no_hidden_organisation_and_refuses_a_long_value(client):
    hidden = MemberOrganisationFactory(name="Ukryta Spółka", slug="ukryta")
    MembershipFactory(organisation=hidden, cluster=ClusterFactory(published=False))
    ClusterFactory(name="Klaster Widoczny")

    response = client.get(f"{URL}?member=ukryta")

    assert response.status_code == 200
    assert names(response) == []
    assert [c.value for c in response.context["chips"]] == ["ukryta"]
    assert "Ukryta Spółka" not in visible_text(response)


def test_a_malformed_member_filter_is_a_400_whose_summary_offers_a_way_out(client):
    response = client.get(f"{URL}?initiator_kind=marshal&member=" + "x" * 201)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="member"' not in html  # not sent again with the next choice
    summary = part(response, 'class="error-summary"', "</div>")
    assert "Organizacja członkowska: Upewnij się" in visible_text(summary)
    assert links(summary)["(usuń ten filtr)"] == "?initiator_kind=marshal"


def test_both_editions_share_the_counts_of_one_organisations_clusters(client, settings):
    # a slug, not typed text: the same rows in either language, counted once
    settings.LISTING_COUNT_SECONDS = 60
    from django.core.cache import cache

    organisation = MemberOrganisationFactory(slug="politechnika")
    for _ in range(3):
        MembershipFactory(organisation=organisation, cluster=ClusterFactory())
    cache.clear()
    with CaptureQueriesContext(connection) as polish:
        assert client.get(f"{URL}?member=politechnika").status_code == 200
    with CaptureQueriesContext(connection) as english:
        assert client.get("/en/clusters/?member=politechnika").status_code == 200
    assert [q for q in polish.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [q for q in english.captured_queries if "COUNT(" in q["sql"].upper()]
    cache.clear()
