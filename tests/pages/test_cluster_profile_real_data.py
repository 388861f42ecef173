"""What a visitor reads on the real profiles: the seed's figures, computed from its counts."""

import re

import pytest
from django.urls import reverse

from tests.page_text import ld_json, links, visible_text

pytestmark = pytest.mark.django_db


def uncited(text):
    """The text without its citation marks, to read a sentence as prose: "2014 [3]" → "2014"."""
    return re.sub(r" \[\d+\]", "", text)


def profile(client, slug):
    return client.get(reverse("clusters:detail", kwargs={"slug": slug}))


@pytest.fixture
def lubelska_medycyna(client, real_data):
    response = profile(client, "klaster-lubelska-medycyna")
    assert response.status_code == 200
    return response


def test_lm_member_structure_matches_the_seed_counts_with_honest_percentages(lubelska_medycyna):
    text = visible_text(lubelska_medycyna)

    assert "184 członków ogółem" in text
    assert "przedsiębiorstwa 150 82 %" in text
    assert "instytucje otoczenia biznesu 13 7 %" in text
    assert "szkolnictwo wyższe i nauka 10 5 %" in text
    assert "szpitale 9 5 %" in text
    assert "administracja publiczna 2 1 %" in text
    assert "Województwa, z których pochodzą członkowie: 11" in text
    assert "w województwie lubelskim 153 83 %" in text
    assert "w Lublinie 117 64 %" in text
    # The seed printed 88% and 67%; they fit a total of 174, not the 184 it states.
    assert "88 %" not in text
    assert "67 %" not in text


def test_lm_latest_report_is_the_undated_presentation_and_says_so(lubelska_medycyna):
    text = visible_text(lubelska_medycyna)
    prose = uncited(text)

    assert "184 członków ogółem (bez daty)" in prose
    assert "Klastry w Lublinie i Województwie Lubelskim (prezentacja) (bez daty)" in text
    assert "Stan na Członków ogółem 2019 139 2021 159 2021 160 bez daty 184" in text
    assert "139 (2019) 159 (2021) ponad 160 (2021) – w tym ponad 130 firm" in prose


def test_lm_counts_its_listed_members_against_the_reported_total(lubelska_medycyna):
    text = visible_text(lubelska_medycyna)

    assert "W katalogu: 32 z 184 członków (bez daty)." in text
    assert links(lubelska_medycyna)["Uniwersytet Medyczny w Lublinie"] == reverse(
        "members:detail", kwargs={"slug": "uniwersytet-medyczny-w-lublinie"}
    )


def test_lm_has_two_coordinators_linked(lubelska_medycyna):
    text = visible_text(lubelska_medycyna)

    assert "Koordynator Uniwersytet Medyczny w Lublinie oraz Urząd Miasta Lublin" in uncited(text)
    assert links(lubelska_medycyna)["Urząd Miasta Lublin"] == "/czlonkowie/urzad-miasta-lublin/"


def test_lm_partner_countries_add_up_to_22_in_three_ties(lubelska_medycyna):
    text = visible_text(lubelska_medycyna)

    assert "8 + 12 + 2 = 22" in text
    assert "Partnerstwo formalne: 8" in text
    assert "Szwecja (przez NordicProof)" in text
    assert "Eksperci i organizacje eksperckie: 12" in text
    assert "Zjednoczone Emiraty Arabskie" in text
    assert "Sieć współpracy: 2 Belgia (przez ECCP) Irlandia (przez ECHAlliance)" in uncited(text)


def test_lm_facts_specialisations_events_projects_figures_and_label(lubelska_medycyna):
    text = uncited(visible_text(lubelska_medycyna))

    assert "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych" in text
    assert "Rok założenia 2014" in text
    assert "Ekosystem Lubelska Wyżyna Medyczna (klaster wiodący)" in text
    assert "Forma porozumienie klastrowe" in text
    for specialisation in ("wyroby medyczne", "robotyka medyczna", "turystyka medyczna"):
        assert links(lubelska_medycyna)[specialisation].startswith("/specjalizacje/")
    assert "LubTech Smart Food (2023)" in text
    assert "Health and Medical Tourism Summit Eastern Europe (2018)" in text
    assert "Lubelskie Obserwatorium Turystyki Medycznej" in text
    assert "ponad 200 publikacji w mediach" in text
    assert "ESCA – brązowa odznaka (2016): okres ważności nie podany w źródle" in text
    assert "Dane sprawdzone: 29 listopada 2026" in text
    assert "Ostatnia aktualizacja" not in text
    assert (
        "Ostatnia udokumentowana aktywność 18 marca 2024 — gala 10-lecia klastra w Trybunale "
        "Koronnym" in text
    )
    assert "Nazwa angielska: Lublin Medicine – Medical & Wellness Cluster" in text


def test_lm_json_ld_names_the_cluster_and_its_coordinators(lubelska_medycyna):
    (data,) = ld_json(lubelska_medycyna)

    assert data["name"] == "Klaster Lubelska Medycyna"
    assert data["alternateName"] == [
        "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych",
        "Lublin Medicine – Medical & Wellness Cluster",
    ]
    assert data["foundingDate"] == "2014"
    assert sorted(o["name"] for o in data["member"]) == [
        "Uniwersytet Medyczny w Lublinie",
        "Urząd Miasta Lublin",
    ]
    assert len(data["knowsAbout"]) == 8


def test_an_expired_key_cluster_status_says_it_expired(client, real_data):
    text = uncited(visible_text(profile(client, "klaster-fotoniki-i-swiatlowodow")))

    assert "Krajowy Klaster Kluczowy: wygasł 31 grudnia 2024" in text
    assert "W katalogu: 5 z 24 członków (2019)." in text  # 6 memberships, 5 organisations
    assert "przedsiębiorstwa 22 92 %" in text


def test_a_label_granted_without_a_stated_end_says_so(client, real_data):
    text = uncited(visible_text(profile(client, "wschodni-klaster-ict")))

    assert (
        "Krajowy Klaster Kluczowy (2016): przyznany 25 października 2016; okres ważności nie podany w "
        "źródle" in text
    )


def test_a_cluster_with_few_known_facts_shows_no_data_rather_than_guesses(client, real_data):
    text = visible_text(profile(client, "esta-klaster"))

    assert "Publiczne źródła podają o tym klastrze niewiele" in text
    assert "Czego jeszcze nie wiemy: brak danych: " in text
    for unknown in ("rok założenia", "koordynator", "liczba członków", "organizacje członkowskie"):
        assert unknown in text.split("Czego jeszcze nie wiemy")[1]
    assert text.count("brak danych") == 1
    assert "członków ogółem" not in text


def test_no_real_profile_says_brak_danych_more_than_once_and_few_say_little(client, real_data):
    from clusters.models import Cluster

    saying_little = []
    for slug in Cluster.objects.values_list("slug", flat=True):
        text = visible_text(profile(client, slug))
        assert text.count("brak danych") <= 1, slug
        if "Publiczne źródła podają o tym klastrze niewiele" in text:
            saying_little.append(slug)
    assert "esta-klaster" in saying_little
    assert "klaster-lubelska-medycyna" not in saying_little
    assert len(saying_little) < 23 / 2


def test_every_real_profile_renders_within_the_query_bound(
    client, real_data, django_assert_max_num_queries
):
    from clusters.models import Cluster

    for slug in Cluster.objects.values_list("slug", flat=True):
        with django_assert_max_num_queries(3):
            assert profile(client, slug).status_code == 200


def test_each_of_the_23_profiles_lists_its_sources_and_dates_every_member_count(client, real_data):
    from clusters.models import Cluster, MemberReport

    for cluster in Cluster.objects.all():
        response = profile(client, cluster.slug)
        content = response.content.decode()
        text = visible_text(response)
        listed = response.context["citations"].sources
        cited = {int(n) for n in re.findall(r'href="#zrodlo-(\d+)"', content)}
        # Numbered 1..n, each cited above and each citation resolving to an entry of the list.
        assert listed, cluster.slug
        assert cited == set(range(1, len(listed) + 1)), cluster.slug
        for number, source in enumerate(listed, start=1):
            assert f'<li id="zrodlo-{number}">' in content, cluster.slug
            assert f"[{number}] " in text and source.title in text, cluster.slug
        # The description's sources and the founding year's source are among them.
        assert set(cluster.description_sources.all()) <= set(listed), cluster.slug
        if cluster.founded_year:
            assert cluster.founded_source in listed, cluster.slug
        # Every member count shown says which year it describes.
        prose = uncited(text)
        reports = list(MemberReport.objects.filter(cluster=cluster))
        for report in reports:
            # One report is the headline figure; several are also listed one by one.
            figure = f"{report.total_display} ({report.period})"
            if len(reports) == 1:
                figure = f"{report.total_display} członków ogółem ({report.period})"
            assert figure in prose, (cluster.slug, figure)
            assert report.source in listed, cluster.slug
        assert not re.search(r"\d członków ogółem(?! \()", prose), cluster.slug
        assert not re.search(r"W katalogu: \d+ z \d+ członków(?! \()", prose), cluster.slug
        assert "Dane sprawdzone: 29 listopada 2026" in text, cluster.slug
