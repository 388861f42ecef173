import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

import core.bounded
from clusters.models import ClusterForm, ClusterStatus, EventScope, LabelKind, Tie
from members.models import MembershipRole
from tests.factories import (
    ActivityEvidenceFactory,
    ClusterFactory,
    EcosystemFactory,
    EventFactory,
    KeyFigureFactory,
    LabelFactory,
    MemberReportFactory,
    MembershipFactory,
    PartnerCountryFactory,
    ProjectFactory,
    SourceFactory,
    SpecialisationFactory,
)
from tests.page_text import ld_json, links, visible_text

pytestmark = pytest.mark.django_db

# The cluster by its slug, then everything its profile shows in one query (core.json_rows: its
# initiator, ecosystem, cited sources, specialisations, reports, partners, events, projects,
# figures, labels, evidence, description sources, the memberships of its first organisations and
# of its coordinators), and the count of its organisations when there are more (core.bounded).
PROFILE_QUERIES = 3


def profile(client, cluster):
    return client.get(reverse("clusters:detail", kwargs={"slug": cluster.slug}))


def test_an_unknown_cluster_is_a_404(client):
    response = client.get(reverse("clusters:detail", kwargs={"slug": "nie-ma-takiego"}))
    assert response.status_code == 404


def test_profile_shows_the_basic_facts_with_links(client):
    ecosystem = EcosystemFactory(name="Lubelska Wyżyna Medyczna")
    cluster = ClusterFactory(
        name="Klaster Zdrowia",
        official_name="Klaster Zdrowia – Usługi Medyczne",
        form=ClusterForm.AGREEMENT,
        status=ClusterStatus.ACTIVE,
        initiator__name="Gmina Lublin",
        ecosystem=ecosystem,
        founded_year=2014,
        website="https://zdrowie.example.org",
        email="biuro@zdrowie.example.org",
        phone="+48 81 466 00 00",
        description="Pierwszy akapit.\n\nDrugi akapit.",
    )
    for name in ("Uniwersytet Medyczny", "Gmina Lublin"):
        MembershipFactory(cluster=cluster, organisation__name=name, role=MembershipRole.COORDINATOR)

    response = profile(client, cluster)

    assert response.status_code == 200
    text = visible_text(response)
    for fact in (
        "Klaster Zdrowia – Usługi Medyczne",
        "Forma porozumienie klastrowe",
        "Aktywność według źródła aktywny",
        "Inicjator Gmina Lublin",
        "Ekosystem Lubelska Wyżyna Medyczna",
        "Koordynator Gmina Lublin oraz Uniwersytet Medyczny",
        "Rok założenia 2014",
        "Pierwszy akapit. Drugi akapit.",
    ):
        assert fact in text
    page_links = links(response)
    assert page_links["Lubelska Wyżyna Medyczna"] == ecosystem.get_absolute_url()
    assert page_links["Uniwersytet Medyczny"].startswith("/czlonkowie/")
    assert page_links["https://zdrowie.example.org"] == "https://zdrowie.example.org"
    assert page_links["biuro@zdrowie.example.org"] == "mailto:biuro@zdrowie.example.org"
    assert page_links["+48 81 466 00 00"] == "tel:+48814660000"
    assert response.context["page_title"] == "Klaster Zdrowia"
    assert (
        f'<a href="{cluster.get_absolute_url()}" aria-current="page">' in response.content.decode()
    )
    assert "Strona główna Klastry Klaster Zdrowia Klaster Zdrowia" in text  # crumbs, then the h1


def test_unknown_facts_say_no_data_and_invent_nothing(client):
    cluster = ClusterFactory(name="Klaster Bez Danych")

    text = visible_text(profile(client, cluster))

    # What is unknown is said once, in one line, and the profile says the sources give little.
    assert text.count("brak danych") == 1
    assert (
        "Czego jeszcze nie wiemy: brak danych: forma, opis, rok założenia, koordynator, strona "
        "internetowa, e-mail, telefon, adres biura, liczba członków, organizacje członkowskie, "
        "specjalizacje, udokumentowana aktywność." in text
    )
    assert "Publiczne źródła podają o tym klastrze niewiele" in text
    for absent in ("Forma ", "Koordynator ", "Rok założenia ", "Strona internetowa "):
        assert absent not in text.split("Czego jeszcze nie wiemy")[0]
    assert "Dane tego profilu nie zostały jeszcze sprawdzone ze źródłami." in text
    assert "Aktywność jeszcze nie oceniono" not in text  # no source assessed it: not shown
    assert "Ten profil nie cytuje jeszcze żadnego źródła." in text
    for absent in ("E-mail", "Telefon", "Państwa partnerskie", "Wyróżnienia", "Stan na"):
        assert absent not in text


def test_each_specialisation_links_to_its_page(client):
    specialisation = SpecialisationFactory(name="e-zdrowie")
    cluster = ClusterFactory()
    cluster.specialisations.add(specialisation)

    page_links = links(profile(client, cluster))

    assert page_links["e-zdrowie"] == specialisation.get_absolute_url()


def test_member_structure_of_the_latest_report_with_computed_percentages(client):
    cluster = ClusterFactory()
    MemberReportFactory(cluster=cluster, as_of_year=2021, total=159, source__title="strona klastra")
    MemberReportFactory(
        cluster=cluster,
        as_of_year=None,
        source__title="prezentacja",
        total=184,
        enterprises=150,
        business_support=13,
        higher_education=10,
        hospitals=9,
        public_administration=2,
        voivodeship_count=11,
        in_voivodeship=153,
        in_lublin=117,
    )

    text = visible_text(profile(client, cluster))

    assert "184 członków ogółem (bez daty) [1]" in text
    assert "Źródła [1] prezentacja" in text
    assert "przedsiębiorstwa 150 82 %" in text
    assert "instytucje otoczenia biznesu 13 7 %" in text
    assert "szpitale 9 5 %" in text
    assert "Województwa, z których pochodzą członkowie: 11" in text
    assert "w województwie lubelskim 153 83 %" in text
    assert "w Lublinie 117 64 %" in text


def test_member_history_is_charted_with_its_numbers_in_a_table(client):
    cluster = ClusterFactory()
    MemberReportFactory(cluster=cluster, as_of_year=2021, total=159, source__title="b")
    MemberReportFactory(cluster=cluster, as_of_year=2019, total=139, source__title="a")
    MemberReportFactory(cluster=cluster, as_of_year=None, total=184, source__title="c")

    response = profile(client, cluster)

    text = visible_text(response)
    assert "Liczba członków w czasie" in text
    assert "Stan na Członków ogółem 2019 139 2021 159 bez daty 184" in text
    assert [column.label for column in response.context["history"].columns] == [
        "2019",
        "2021",
        "bez daty",
    ]
    assert response.content.count(b'class="chart-columns__column"') == 3


def test_a_single_report_draws_no_history(client):
    cluster = ClusterFactory()
    MemberReportFactory(cluster=cluster, as_of_year=2019, total=24, enterprises=22)

    text = visible_text(profile(client, cluster))

    assert "przedsiębiorstwa 22 92 %" in text
    assert "Liczba członków w czasie" not in text


def test_listed_members_are_counted_against_the_reported_total(client):
    cluster = ClusterFactory()
    MemberReportFactory(cluster=cluster, total=184)
    coordinator = MembershipFactory(
        cluster=cluster, organisation__name="Alfa", role=MembershipRole.COORDINATOR
    ).organisation
    MembershipFactory(cluster=cluster, organisation=coordinator, role=MembershipRole.FOUNDER)
    MembershipFactory(cluster=cluster, organisation__name="Beta")
    MembershipFactory(organisation__name="Gamma z innego klastra")

    text = visible_text(profile(client, cluster))

    assert "W katalogu: 2 z 184 członków (bez daty)." in text
    assert "Alfa koordynator, założyciel" in text or "Alfa założyciel, koordynator" in text
    assert "Beta" in text
    assert "Gamma" not in text


def test_both_counts_of_a_big_cluster_are_grouped_by_thousands_alike(client):
    cluster = ClusterFactory()
    MemberReportFactory(cluster=cluster, total=5602, is_lower_bound=True)
    MembershipFactory(cluster=cluster)

    text = visible_text(profile(client, cluster)).replace("\xa0", " ")
    assert "W katalogu: 1 z ponad 5 602 członków (bez daty)." in text


def test_without_a_report_the_listed_members_are_just_counted(client):
    cluster = ClusterFactory()
    MembershipFactory(cluster=cluster)

    assert "W katalogu: 1." in visible_text(profile(client, cluster))


def test_partner_countries_are_grouped_by_tie_with_totals_and_polish_names(client):
    cluster = ClusterFactory()
    PartnerCountryFactory(cluster=cluster, country="NO", tie=Tie.FORMAL)
    PartnerCountryFactory(cluster=cluster, country="SE", tie=Tie.FORMAL, via="NordicProof")
    PartnerCountryFactory(cluster=cluster, country="DE", tie=Tie.EXPERTS)
    PartnerCountryFactory(cluster=cluster, country="BE", tie=Tie.NETWORK, via="ECCP")

    text = visible_text(profile(client, cluster))

    assert "2 + 1 + 1 = 4" in text
    assert "Partnerstwo formalne: 2 Norwegia Szwecja (przez NordicProof)" in text
    assert "Eksperci i organizacje eksperckie: 1 Niemcy" in text
    assert "Sieć współpracy: 1 Belgia (przez ECCP)" in text
    assert "różnych państw" not in text


def test_partner_countries_are_named_in_each_pages_language_one_after_the_other(client):
    # the names are translated once per language and process: the Polish page's names must not
    # be the English page's, nor the other way round
    cluster = ClusterFactory()
    PartnerCountryFactory(cluster=cluster, country="DE", tie=Tie.FORMAL)
    PartnerCountryFactory(cluster=cluster, country="NO", tie=Tie.FORMAL)

    for _round in range(2):
        assert "Partnerstwo formalne: 2 Niemcy Norwegia" in visible_text(profile(client, cluster))
        with translation.override("en"):
            english = visible_text(profile(client, cluster))
        assert "Germany Norway" in english, english
        assert "Niemcy" not in english


def test_a_country_in_two_ties_is_counted_once_in_the_distinct_total(client):
    cluster = ClusterFactory()
    PartnerCountryFactory(cluster=cluster, country="DE", tie=Tie.FORMAL)
    PartnerCountryFactory(cluster=cluster, country="DE", tie=Tie.EXPERTS)

    assert "1 + 1 = 2 (różnych państw: 1)" in visible_text(profile(client, cluster))


def test_events_projects_and_key_figures_are_listed(client):
    cluster = ClusterFactory()
    EventFactory(cluster=cluster, name="LubTech Digital Health", year=2021)
    EventFactory(cluster=cluster, name="Forum krajowe", year=None, scope=EventScope.NATIONAL)
    ProjectFactory(cluster=cluster, name="Obserwatorium", description="Zbiera statystyki.")
    KeyFigureFactory(cluster=cluster, value=200, is_lower_bound=True, label="publikacji")

    text = visible_text(profile(client, cluster))

    assert "LubTech Digital Health (2021) – międzynarodowe" in text
    assert "Forum krajowe (rok niepodany w źródle) – krajowe" in text
    assert "Obserwatorium – Zbiera statystyki." in text
    assert "ponad 200 publikacji" in text


def test_the_english_profile_lists_rows_by_the_names_it_shows(client):
    # an English name where there is one, else the Polish name it falls back to, in one order:
    # ordered by the English column alone, the rows without one were equal and came in the
    # order the database's plan read them
    cluster = ClusterFactory()
    for name, english in (("Zeta", None), ("Beta", "Omega"), ("Alfa", None)):
        ProjectFactory(cluster=cluster, name=name, name_en=english)
        EventFactory(cluster=cluster, name=f"Forum {name}", name_en=english and f"Forum {english}")
    with translation.override("en"):
        text = visible_text(profile(client, cluster))
    assert re.findall(r"Forum (\w+)", text) == ["Alfa", "Omega", "Zeta"], text
    assert re.findall(r"(?<!Forum )\b(Alfa|Omega|Zeta)\b", text) == ["Alfa", "Omega", "Zeta"], text


def test_labels_state_their_validity_and_an_expired_one_says_so(client):
    cluster = ClusterFactory()
    LabelFactory(
        cluster=cluster,
        kind=LabelKind.KEY_CLUSTER,
        year=None,
        valid_until=datetime.date(2024, 12, 31),
    )
    LabelFactory(
        cluster=cluster,
        kind=LabelKind.ESCA_GOLD,
        year=None,
        valid_until=datetime.date(2100, 1, 31),
    )
    LabelFactory(cluster=cluster, kind=LabelKind.ESCA_BRONZE, year=2016)

    text = visible_text(profile(client, cluster))

    assert "Krajowy Klaster Kluczowy: wygasł 31 grudnia 2024" in text
    assert "ESCA – złota odznaka: ważny do 31 stycznia 2100" in text
    assert "ESCA – brązowa odznaka (2016): okres ważności nie podany w źródle" in text


def test_profile_carries_schema_org_organization_data(client):
    cluster = ClusterFactory(
        name="Klaster Zdrowia", website="https://zdrowie.example.org", founded_year=2014
    )
    cluster.specialisations.add(SpecialisationFactory(name="e-zdrowie"))
    MembershipFactory(
        cluster=cluster, organisation__name="Gmina Lublin", role=MembershipRole.COORDINATOR
    )

    (data,) = ld_json(profile(client, cluster))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Klaster Zdrowia"
    assert data["url"] == "http://testserver" + cluster.get_absolute_url()
    assert data["sameAs"] == ["https://zdrowie.example.org"]
    assert data["foundingDate"] == "2014"
    assert data["knowsAbout"] == ["e-zdrowie"]
    assert data["member"][0]["name"] == "Gmina Lublin"
    assert "email" not in data


def test_markup_in_a_description_cannot_break_out_of_the_json_ld_block(client):
    cluster = ClusterFactory(description='</script><script>alert("x")</script> & <b>')

    response = profile(client, cluster)

    assert b"<script>alert" not in response.content
    assert b"\\u003C/script\\u003E" in response.content
    (data,) = ld_json(response)
    assert data["description"] == '</script><script>alert("x")</script> & <b>'


def test_profile_has_no_inline_styles_or_scripts(client):
    cluster = ClusterFactory()
    MemberReportFactory(cluster=cluster, total=10, enterprises=5)

    content = profile(client, cluster).content.decode()

    assert "style=" not in content
    assert content.count("<script") == content.count('<script type="application/ld+json">')


def fill(cluster, n):
    report_year = 2000 + cluster.member_reports.count()
    MemberReportFactory(cluster=cluster, as_of_year=report_year, total=50, enterprises=20)
    for _ in range(n):
        MembershipFactory(cluster=cluster, source=SourceFactory())
        EventFactory(cluster=cluster, source=SourceFactory())
        ProjectFactory(cluster=cluster, source=SourceFactory())
        KeyFigureFactory(cluster=cluster, source=SourceFactory())
        cluster.specialisations.add(SpecialisationFactory())
    codes = [
        "DE",
        "FR",
        "IT",
        "ES",
        "NL",
        "BE",
        "SE",
        "NO",
        "DK",
        "FI",
        "EE",
        "LV",
        "LT",
        "CZ",
        "SK",
        "HU",
        "AT",
        "HR",
        "SI",
        "IE",
        "PT",
        "GR",
        "UA",
        "US",
    ]
    taken = set(cluster.partner_countries.values_list("country", flat=True))
    for code in [c for c in codes if c not in taken][:n]:
        PartnerCountryFactory(
            cluster=cluster, country=code, tie=Tie.EXPERTS, source=SourceFactory()
        )
    LabelFactory(cluster=cluster, year=report_year, source=SourceFactory())
    for _ in range(n):
        ActivityEvidenceFactory(cluster=cluster)
        cluster.description_sources.add(SourceFactory())


def test_profile_queries_stay_bounded_as_rows_grow(client, django_assert_max_num_queries):
    cluster = ClusterFactory(ecosystem=EcosystemFactory(), description="Opis ze źródeł.")
    fill(cluster, 2)
    with django_assert_max_num_queries(PROFILE_QUERIES):
        assert profile(client, cluster).status_code == 200

    fill(cluster, 20)
    with django_assert_max_num_queries(PROFILE_QUERIES):
        response = profile(client, cluster)
    assert "W katalogu: 22 z 50 członków (2001)." in visible_text(response)
    # Each of the 22 memberships, events, projects, figures, partners, evidence rows and
    # description sources cites a source of its own, as do the 2 reports and 2 labels.
    assert len(response.context["citations"].sources) == 22 * 7 + 2 + 2


def test_a_big_cluster_names_its_first_members_and_links_to_all_of_them(
    client, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(core.bounded, "PREVIEW_SIZE", 3)
    cluster = ClusterFactory(slug="duzy-klaster")
    MemberReportFactory(cluster=cluster, total=40, as_of_year=2024)
    for name in ("Delta", "Alfa", "Echo", "Beta", "Gamma"):
        MembershipFactory(cluster=cluster, organisation__name=f"Firma {name}")
    MembershipFactory(
        cluster=cluster, organisation__name="Zeta Koordynator", role=MembershipRole.COORDINATOR
    )

    with django_assert_max_num_queries(PROFILE_QUERIES):
        response = profile(client, cluster)

    text = visible_text(response)
    assert (
        "W katalogu: 6 z 40 członków (2024). Firma Alfa Firma Beta Firma Delta Pokazano 3 z 6."
        in (text)
    )
    assert "Firma Echo" not in text
    # the coordinator is named among the facts though past the first three
    assert links(response)["Zeta Koordynator"].startswith("/czlonkowie/")
    page_links = links(response)
    assert (
        page_links["Wszyscy członkowie klastra w katalogu"] == "/czlonkowie/?cluster=duzy-klaster"
    )
    assert page_links["pełna lista (CSV)"] == "/czlonkowie/eksport.csv?cluster=duzy-klaster"
    with translation.override("en"):
        english = visible_text(profile(client, cluster))
    assert "Firma Alfa Firma Beta Firma Delta Showing 3 of 6." in english


def test_an_organisation_of_several_roles_is_named_once_among_the_first_members(
    client, monkeypatch
):
    # the first members are read from the cluster's memberships (pages.first_organisations), one
    # row per role: the organisation of two roles takes one place of the three
    monkeypatch.setattr(core.bounded, "PREVIEW_SIZE", 3)
    cluster = ClusterFactory()
    founder = MembershipFactory(
        cluster=cluster, organisation__name="Firma Alfa", role=MembershipRole.FOUNDER
    )
    MembershipFactory(
        cluster=cluster, organisation=founder.organisation, role=MembershipRole.MEMBER
    )
    for name in ("Firma Delta", "Firma Beta", "Firma Gamma"):
        MembershipFactory(cluster=cluster, organisation__name=name)

    text = visible_text(profile(client, cluster))

    assert "W katalogu: 4. Firma Alfa założyciel Firma Beta Firma Delta Pokazano 3 z 4." in text


def test_a_big_clusters_member_count_is_counted_once_per_data_version(
    client, settings, django_assert_max_num_queries, monkeypatch
):
    from django.core.cache import cache

    from core.data_version import bump_data_version

    settings.LISTING_COUNT_SECONDS = 60
    cache.clear()
    monkeypatch.setattr(core.bounded, "PREVIEW_SIZE", 3)
    cluster = ClusterFactory()
    MembershipFactory.create_batch(5, cluster=cluster)
    assert "Pokazano 3 z 5." in visible_text(profile(client, cluster))
    with django_assert_max_num_queries(PROFILE_QUERIES) as again:
        assert "Pokazano 3 z 5." in visible_text(profile(client, cluster))
    assert not any("COUNT(" in query["sql"] for query in again.captured_queries)
    MembershipFactory(cluster=cluster)
    assert "Pokazano 3 z 5." in visible_text(profile(client, cluster))  # until the commit's bump
    bump_data_version()
    assert "Pokazano 3 z 6." in visible_text(profile(client, cluster))
    cache.clear()


def test_a_profile_does_not_grow_with_its_members(client):
    cluster = ClusterFactory()
    sizes = []
    for total in (core.bounded.PREVIEW_SIZE + 10, 3 * core.bounded.PREVIEW_SIZE):
        while cluster.memberships.count() < total:
            MembershipFactory(cluster=cluster, source=SourceFactory())
        sizes.append(len(profile(client, cluster).content))
    assert abs(sizes[1] - sizes[0]) < 1_000  # a member with its cited source: ~300 bytes
    assert sizes[1] < 100_000


def cited_numbers(response):
    return [int(n) for n in re.findall(r'href="#zrodlo-(\d+)"', response.content.decode())]


def test_each_source_gets_one_number_in_order_of_first_citation_and_every_link_resolves(client):
    founding = SourceFactory(title="Uchwała o powołaniu", url="https://a.example.org/uchwala")
    table = SourceFactory(title="Zestawienie miasta", url="", publisher="Urząd Miasta")
    cluster = ClusterFactory(founded_year=2014, founded_source=founding)
    MemberReportFactory(cluster=cluster, as_of_year=2019, total=139, source=table)
    EventFactory(cluster=cluster, name="Forum", year=2019, source=table)
    ProjectFactory(cluster=cluster, name="Projekt", source=founding)

    response = profile(client, cluster)
    text = visible_text(response)

    assert "Rok założenia 2014 [1]" in text
    assert "139 członków ogółem (2019) [2]" in text
    assert "Forum (2019) – międzynarodowe [2]" in text
    assert (
        "Źródła [1] Uchwała o powołaniu (bez daty) [2] Urząd Miasta: Zestawienie miasta (bez daty)"
        in text
    )
    numbers = cited_numbers(response)
    assert set(numbers) == {1, 2}
    content = response.content.decode()
    for number in numbers:
        assert f'<li id="zrodlo-{number}">' in content
    assert links(response)["Uchwała o powołaniu"] == "https://a.example.org/uchwala"


def test_a_citation_link_is_named_in_the_pages_language_each_time_its_source_is_cited(client):
    # Citations keeps each number's link for the page: the founding year and the project cite
    # the same source, so the second link is the kept one
    founding = SourceFactory(title="Uchwała <o> powołaniu")
    cluster = ClusterFactory(founded_year=2014, founded_source=founding)
    ProjectFactory(cluster=cluster, name="Projekt", source=founding)
    for language, label in (("pl", "źródło 1"), ("en", "source 1")):
        with translation.override(language):
            url = reverse("clusters:detail", kwargs={"slug": cluster.slug})
        content = client.get(url).content.decode()
        link = f'<a href="#zrodlo-1" aria-label="{label}">[1]</a>'
        assert content.count(f'<sup class="cite">{link}</sup>') == 2


def test_profile_states_the_latest_documented_activity_as_precisely_as_its_source(client):
    cluster = ClusterFactory()
    source = SourceFactory(title="Strona klastra")
    ActivityEvidenceFactory(
        cluster=cluster,
        summary="gala 10-lecia",
        date=datetime.date(2024, 3, 1),
        date_precision="month",
        source=source,
    )
    ActivityEvidenceFactory(
        cluster=cluster, summary="inauguracja", date=datetime.date(2015, 2, 24), source=source
    )

    text = visible_text(profile(client, cluster))

    assert "Ostatnia udokumentowana aktywność marzec 2024 — gala 10-lecia [1]" in text
    assert "Udokumentowana aktywność marzec 2024 — gala 10-lecia [1] 24 lutego 2015" in text


def test_the_date_a_person_checked_the_data_is_shown_not_the_last_save(client):
    cluster = ClusterFactory(data_checked=datetime.date(2026, 11, 29))

    text = visible_text(profile(client, cluster))

    assert "Dane sprawdzone: 29 listopada 2026" in text
    assert "Ostatnia aktualizacja" not in text
    cluster.save()  # a save changes updated_at, never the checked date
    assert "Dane sprawdzone: 29 listopada 2026" in visible_text(profile(client, cluster))


def test_an_old_member_count_leaves_the_years_after_it_unknown(client):
    cluster = ClusterFactory(form=ClusterForm.AGREEMENT, founded_year=2011, website="https://x.pl")
    MemberReportFactory(cluster=cluster, as_of_year=2019, total=103)
    text = visible_text(profile(client, cluster))
    assert (
        "brak danych: opis, koordynator, e-mail, telefon, adres biura, liczba członków po 2019,"
        in text
    )
    assert "niewiele" not in text  # form, year, website, a member count: not near-empty


def test_a_well_documented_profile_has_no_gap_line(client):
    cluster = ClusterFactory(
        form=ClusterForm.AGREEMENT,
        founded_year=2014,
        description="Opis.",
        website="https://medycyna.lublin.eu",
        email="biuro@example.org",
        phone="81 000 00 00",
        address="ul. Spokojna 2, Lublin",
    )
    cluster.specialisations.add(SpecialisationFactory())
    MemberReportFactory(cluster=cluster, as_of_year=2024, total=184)
    ActivityEvidenceFactory(cluster=cluster)
    MembershipFactory(cluster=cluster, role=MembershipRole.COORDINATOR)
    text = visible_text(profile(client, cluster))
    assert "Czego jeszcze nie wiemy" not in text and "brak danych" not in text


def test_the_english_member_list_marks_a_name_known_only_in_polish(client):
    """The member list is written from the query's rows (row_namer): an organisation's English
    name where it has one, else its Polish name marked as Polish."""
    cluster = ClusterFactory()
    MembershipFactory(cluster=cluster, organisation__name="Firma Alfa", organisation__name_en="")
    MembershipFactory(
        cluster=cluster, organisation__name="Firma Beta", organisation__name_en="Beta Company"
    )
    with translation.override("en"):
        html = profile(client, cluster).content.decode()
    assert '<span lang="pl">Firma Alfa</span></a>' in html
    assert ">Beta Company</a>" in html
    assert "Firma Beta" not in html
