"""The English edition: /en/ with English paths beside the Polish site, the language from the URL
only, every interface string translated, content in English with a marked Polish fallback, search,
CSV and formats in the page's language."""

import csv
import io
import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from clusters.models import Cluster, LabelKind
from core.catalogues import catalogues, compiled
from pages.management.commands import load_real_data
from tests import factories
from tests.admin_forms import admin_url
from tests.english_text import content_without_english, polish_interface_text
from tests.page_text import visible_text

ROOT = Path(__file__).resolve().parent.parent
MEDYCYNA = "klaster-lubelska-medycyna"


def english(view_name, **kwargs):
    with translation.override("en"):
        return reverse(view_name, kwargs=kwargs or None)


def polish(view_name, **kwargs):
    with translation.override("pl"):
        return reverse(view_name, kwargs=kwargs or None)


# Every public page type, with the query string a visitor might carry (filters, a search).
PAGE_TYPES = {
    "home": ("clusters:home", {}, ""),
    "cluster list": ("clusters:list", {}, "?q=medical&status=unassessed&sort=-founded"),
    "cluster profile": ("clusters:detail", {"slug": MEDYCYNA}, ""),
    "organisation list": ("members:list", {}, "?type=enterprise&page=2"),
    "organisation profile": ("members:detail", {"slug": "pzl-swidnik"}, ""),
    "ecosystem list": ("ecosystems:list", {}, ""),
    "ecosystem profile": ("ecosystems:detail", {"slug": "lubelska-wyzyna-medyczna"}, ""),
    "investor search": (
        "clusters:specialisation-list",
        {},
        "?specialisation=e-zdrowie&specialisation=turystyka-medyczna&match=all",
    ),
    "specialisation profile": ("clusters:specialisation-detail", {"slug": "e-zdrowie"}, ""),
    "partner countries": ("clusters:country-list", {}, ""),
    "search": ("clusters:search", {}, "?q=photonics"),
    "search prompt": ("clusters:search", {}, ""),
    "invalid filter": ("clusters:list", {}, "?founded_min=abc"),
    "about": ("about", {}, ""),
    "statistics": ("statistics", {}, ""),
    "privacy": ("inbox:privacy", {}, ""),
    "write to a cluster": ("inbox:write", {"slug": MEDYCYNA}, ""),
    "message sent": ("inbox:message-sent", {"slug": MEDYCYNA}, ""),
    "cluster correction": ("inbox:correct-cluster", {"slug": MEDYCYNA}, ""),
    "organisation correction": ("inbox:correct-organisation", {"slug": "pzl-swidnik"}, ""),
    "correction sent": ("inbox:correction-sent", {}, ""),
}
STATUS = {"invalid filter": 400}


# --- addresses -----------------------------------------------------------------------------------


def test_polish_stays_at_the_root_and_english_lives_under_en_with_english_paths():
    assert polish("clusters:list") == "/klastry/"
    assert polish("members:list") == "/czlonkowie/"
    assert english("clusters:home") == "/en/"
    assert english("clusters:list") == "/en/clusters/"
    assert english("clusters:detail", slug=MEDYCYNA) == f"/en/clusters/{MEDYCYNA}/"
    assert english("ecosystems:list") == "/en/ecosystems/"
    assert english("members:list") == "/en/organisations/"
    assert english("clusters:specialisation-list") == "/en/specialisations/"
    assert english("clusters:country-list") == "/en/countries/"
    assert english("clusters:search") == "/en/search/"
    assert english("clusters:export") == "/en/clusters/export.csv"


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_public_page_type_answers_in_english_with_no_polish_interface_text(
    client, real_data, page_type
):
    name, kwargs, query = PAGE_TYPES[page_type]
    response = client.get(english(name, **kwargs) + query)

    assert response.status_code == STATUS.get(page_type, 200)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert polish_interface_text(html, content_without_english()) == set()


def test_the_check_finds_polish_interface_text_on_a_polish_page(client, real_data):
    """The walk above would pass on anything if the check found nothing: here it must."""
    found = polish_interface_text(client.get("/klastry/").content.decode())
    assert {"Filtry", "Sortuj według", "Pokaż wyniki"} <= found


def test_an_unknown_english_address_answers_the_english_404_page(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in visible_text(response)
    assert '<html lang="en">' in response.content.decode()


# --- the language comes from the URL only ----------------------------------------------------


def test_a_browser_asking_for_english_still_gets_polish_at_a_polish_address(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/klastry/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.status_code == 200
    assert '<html lang="pl">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")
    assert response["Content-Language"] == "pl"


def test_the_admin_stays_polish_for_a_browser_asking_for_english(client, db):
    response = client.get(f"/{settings.ADMIN_URL}login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Logowanie do panelu administracyjnego" in response.content.decode()


# --- the switch, alternates, canonical ----------------------------------------------------------


def links_to_language(response, code):
    return re.findall(
        rf'<a href="([^"]+)" hreflang="{code}" lang="{code}">', response.content.decode()
    )


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_the_language_switch_leads_to_the_same_page_with_its_filters_and_back(
    client, real_data, page_type
):
    name, kwargs, query = PAGE_TYPES[page_type]
    polish_url, english_url = polish(name, **kwargs) + query, english(name, **kwargs) + query

    from_polish = client.get(polish_url)
    from_english = client.get(english_url)

    # {% querystring %}-style escaping: & is written &amp; in the attribute
    assert [url.replace("&amp;", "&") for url in links_to_language(from_polish, "en")] == [
        english_url
    ]
    assert [url.replace("&amp;", "&") for url in links_to_language(from_english, "pl")] == [
        polish_url
    ]


def test_hreflang_alternates_and_the_canonical_url_name_each_language(client, real_data):
    response = client.get(english("clusters:detail", slug=MEDYCYNA) + "?x=1")
    html = response.content.decode()
    base = "http://testserver"

    assert f'<link rel="canonical" href="{base}/en/clusters/{MEDYCYNA}/">' in html
    assert f'<link rel="alternate" hreflang="pl" href="{base}/klastry/{MEDYCYNA}/">' in html
    assert f'<link rel="alternate" hreflang="en" href="{base}/en/clusters/{MEDYCYNA}/">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{base}/klastry/{MEDYCYNA}/">' in html
    assert '<meta property="og:locale" content="en_GB">' in html


def test_the_sitemap_names_each_page_in_both_languages_with_alternates(client, db):
    factories.ClusterFactory(slug="alfa")
    assert "http://testserver/sitemap-clusters.xml" in client.get("/sitemap.xml").content.decode()
    xml = client.get("/sitemap-clusters.xml").content.decode()  # page 1 starts at the lowest key

    assert "<loc>http://testserver/klastry/alfa/</loc>" in xml
    assert "<loc>http://testserver/en/clusters/alfa/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/clusters/alfa/"/>'
        in xml
    )
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/klastry/alfa/"/>'
        in xml
    )


def test_robots_closes_exports_in_both_languages_and_lets_search_pages_say_noindex(client, db):
    lines = client.get("/robots.txt").content.decode().splitlines()
    for path in ("/klastry/eksport.csv", "/en/clusters/export.csv"):
        assert f"Disallow: {path}" in lines
    for path in ("/szukaj/", "/en/search/"):
        # crawlers must fetch a search page to see its noindex
        assert f"Disallow: {path}" not in lines
        html = client.get(path, {"q": "klaster"}).content.decode()
        assert '<meta name="robots" content="noindex, follow">' in html


# --- the catalogue ---------------------------------------------------------------------------------


def _catalogues():
    return [(path, polib.pofile(str(path))) for path in catalogues(settings.LOCALE_PATHS)]


def test_every_catalogue_entry_is_translated_and_none_is_fuzzy():
    found = _catalogues()
    # The site's English, and the Polish of the admin scripts' notes Django leaves untranslated
    assert [str(path.relative_to(ROOT / "locale")) for path, _ in found] == [
        "en/LC_MESSAGES/django.po",
        "pl/LC_MESSAGES/djangojs.po",
    ]
    for _path, catalogue in found:
        assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
        assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    placeholder = re.compile(r"%\(\w+\)[sd]|<[^>]+>")
    broken = [
        entry.msgid
        for _path, catalogue in _catalogues()
        for entry in catalogue.translated_entries()
        for english in (entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr])
        if sorted(placeholder.findall(entry.msgid)) != sorted(placeholder.findall(english))
    ]
    assert broken == []


def test_the_committed_compiled_catalogue_matches_its_po_file():
    """The site runs on the committed .mo (no GNU gettext needed): it must be the .po's."""
    for po_path in catalogues(settings.LOCALE_PATHS):
        assert po_path.with_suffix(".mo").read_bytes() == compiled(po_path), (
            "run: manage.py compile_catalogues"
        )


# --- formats and country names -------------------------------------------------------------------


@pytest.fixture
def reported_cluster(db):
    cluster = factories.ClusterFactory(slug="alfa", name="Klaster Alfa")
    factories.MemberReportFactory(cluster=cluster, total=50, enterprises=41, as_of_year=2023)
    factories.LabelFactory(
        cluster=cluster,
        kind=LabelKind.KEY_CLUSTER,
        year=2024,
        valid_from="2024-03-18",
        valid_until="2024-03-18",
    )
    factories.PartnerCountryFactory(cluster=cluster, country="DE")
    return cluster


def test_percentages_dates_and_countries_follow_the_language(client, reported_cluster):
    polish_text = visible_text(client.get("/klastry/alfa/"))
    english_text = visible_text(client.get("/en/clusters/alfa/"))

    assert "przedsiębiorstwa 41 82 %" in polish_text
    assert "enterprises 41 82%" in english_text
    assert "wygasł 18 marca 2024" in polish_text
    assert "expired 18 March 2024" in english_text
    assert "Niemcy" in polish_text
    assert "Germany" in english_text and "Niemcy" not in english_text


# --- content: English where written, Polish marked where not -----------------------------------


def test_english_content_is_shown_where_it_was_written(client, db):
    factories.ClusterFactory(
        slug="alfa",
        name="Klaster Alfa",
        name_en="Alpha Cluster",
        description="Opis.",
        description_en="About.",
    )
    html = client.get("/en/clusters/alfa/").content.decode()

    assert "<h1>Alpha Cluster</h1>" in html
    assert "<p>About.</p>" in html
    assert "in Polish" not in html


def test_a_missing_english_value_shows_the_polish_one_marked_as_polish(client, db):
    factories.ClusterFactory(slug="alfa", name="Klaster Alfa", description="Opis klastra.")
    html = client.get("/en/clusters/alfa/").content.decode()

    assert '<h1><span lang="pl">Klaster Alfa</span></h1>' in html
    assert (
        '<div lang="pl"><p>Opis klastra.</p></div> <span class="fallback-note">(in Polish)</span>'
        in html
    )


def test_a_polish_page_shows_polish_content_unmarked(client, db):
    factories.ClusterFactory(slug="alfa", name="Klaster Alfa", name_en="Alpha Cluster")
    response = client.get("/klastry/alfa/")
    assert "<h1>Klaster Alfa</h1>" in response.content.decode()
    assert "Nazwa angielska: Alpha Cluster" in visible_text(response)  # named, in its place


def test_the_real_data_has_english_names_from_the_citys_list_and_english_descriptions(real_data):
    photonics = Cluster.objects.get(slug="klaster-fotoniki-i-swiatlowodow")
    assert photonics.name_en == "Photonics and Optical Fiber Cluster"
    missing = [
        cluster.slug
        for cluster in Cluster.objects.all()
        if cluster.description_pl and not cluster.description_en
    ]
    assert missing == []


def test_every_english_overlay_entry_names_a_row_of_the_fixtures():
    """An entry whose Polish row was renamed would be dropped without a word: it must not exist."""
    from clusters.fixture_loading import overlay_key

    overlay = json.loads((ROOT / "fixtures" / "english.json").read_text(encoding="utf-8"))
    keys = {
        (row["model"], overlay_key(row["fields"]))
        for name in load_real_data.FIXTURES
        for row in json.loads((ROOT / "fixtures" / f"{name}.json").read_text(encoding="utf-8"))
    }
    dangling = [
        (model, key) for model, rows in overlay.items() for key in rows if (model, key) not in keys
    ]
    assert dangling == []


# --- search, the text filter, CSV -----------------------------------------------------------------


def result_names(response):
    return [str(item) for group in response.context["results"].groups for item in group.items]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("medical", "Lublin Medicine – Medical & Wellness Cluster"),
        ("photonics", "Photonics and Optical Fiber Cluster"),
        ("swiatlowodow", "Photonics and Optical Fiber Cluster"),  # the Polish name, folded
        ("hydrogen", "Lubelski Klaster Wodorowy"),
    ],
)
def test_the_english_search_finds_english_terms(client, real_data, query, expected):
    with translation.override("en"):
        response = client.get(english("clusters:search") + f"?q={query}")
        clusters = [str(c) for c in response.context["results"].groups[0].items]
    assert expected in clusters


@pytest.mark.parametrize(
    ("query", "slug"), [("medical", MEDYCYNA), ("photonics", "klaster-fotoniki-i-swiatlowodow")]
)
def test_the_listing_text_filter_finds_english_terms_on_the_english_page(
    client, real_data, query, slug
):
    found = [
        c.slug for c in client.get(english("clusters:list") + f"?q={query}").context["object_list"]
    ]
    assert slug in found
    assert "klaster-restauratorow-i-hotelarzy" not in found


def test_the_csv_export_follows_the_pages_language(client, real_data):
    response = client.get(english("clusters:export") + "?q=medicine")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=","))

    assert re.match(
        r'attachment; filename="clusters-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"]
    )
    assert rows[0][:3] == ["name", "full name", "initiator"]
    assert rows[0][6] == "activity by source"
    medicine = next(row for row in rows if row[0] == "Lublin Medicine – Medical & Wellness Cluster")
    assert medicine[2] == "City of Lublin"
    assert medicine[6] == ""  # no source states the seed's activity wording for it
    assert medicine[8] == "2023 or later"  # its latest documented activity, grouped
    polish_body = b"".join(client.get(polish("clusters:export") + "?q=medycyna").streaming_content)
    assert polish_body.decode("utf-8-sig").splitlines()[0].startswith('"nazwa";"pełna nazwa"')


# --- the back office -------------------------------------------------------------------------------


def test_staff_edit_both_languages_side_by_side_on_their_own_cluster_only(client, db):
    alfa = factories.ClusterFactory(slug="alfa", name="Klaster Alfa")
    beta = factories.ClusterFactory(slug="beta", name="Klaster Beta")
    office = factories.office_user(clusters=[alfa])
    client.force_login(office)

    form = client.get(admin_url(Cluster, "change", alfa.pk)).content.decode()
    other = client.get(admin_url(Cluster, "change", beta.pk))

    names = re.findall(r'name="((?:name|description)_(?:pl|en))"', form)
    assert names == ["name_pl", "name_en", "description_pl", "description_en"]
    assert other.status_code == 302  # refused: redirected to the admin's index like any unknown row


# --- speed -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page_type", ["cluster list", "cluster profile", "organisation list"])
def test_an_english_page_costs_the_queries_its_polish_page_costs(
    client, real_data, page_type, django_assert_num_queries
):
    """Translated fields are columns of the same rows: English adds no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    name, kwargs, _query = PAGE_TYPES[page_type]  # unfiltered: the same rows in both languages
    with CaptureQueriesContext(connection) as polish_queries:
        client.get(polish(name, **kwargs))
    with django_assert_num_queries(len(polish_queries)):
        client.get(english(name, **kwargs))


def test_the_english_listing_is_in_the_order_of_the_names_it_shows(client, db):
    factories.ClusterFactory(slug="a", name="Zielony Klaster", name_en="Alpha Cluster")
    factories.ClusterFactory(slug="b", name="Adamowy Klaster", name_en="")
    factories.ClusterFactory(slug="c", name="Bursztynowy Klaster", name_en="Zeta Cluster")

    english_order = [c.slug for c in client.get("/en/clusters/").context["object_list"]]
    polish_order = [c.slug for c in client.get("/klastry/").context["object_list"]]

    assert english_order == ["b", "a", "c"]  # Adamowy (no English), Alpha, Zeta
    assert polish_order == ["b", "c", "a"]
