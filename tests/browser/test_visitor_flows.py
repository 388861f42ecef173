"""What a visitor does in a real browser, on the real data: filter, search, page through, download."""

import csv
import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusters.models import Cluster
from members.models import MemberOrganisation, OrganisationType
from tests.factories import MemberOrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def result_titles(page):
    """The names in the listing's result cards, in order."""
    return page.locator(".result-card__title").all_inner_texts()


def test_visitor_filters_clusters_by_a_specialisation_and_opens_the_profile(page, site):
    offering = sorted(
        Cluster.objects.filter(specialisations__slug="e-zdrowie").values_list("name", flat=True)
    )
    assert "Klaster Lubelska Medycyna" in offering

    page.goto(site.url + reverse("clusters:list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Klastry")
    expect(page.locator("#result-count")).to_contain_text(
        f"Liczba klastrów: {Cluster.objects.count()}"
    )

    specialisations = page.get_by_role("group", name="Specjalizacja", exact=True)
    # The sector's <details> opens on a click of its summary.
    specialisations.locator("summary", has_text="Medycyna i zdrowie").click()
    specialisations.get_by_label(re.compile(r"^e-zdrowie\b")).check()
    page.get_by_role("button", name="Pokaż wyniki").click()

    expect(page).to_have_url(re.compile(r"[?&]specialisation=e-zdrowie(&|$)"))
    expect(page.locator("#result-count")).to_contain_text(f"Liczba klastrów: {len(offering)}")
    assert sorted(result_titles(page)) == offering
    expect(page.locator(".chips")).to_contain_text("e-zdrowie")

    page.get_by_role("link", name="Klaster Lubelska Medycyna", exact=True).click()
    expect(page).to_have_url(
        site.url + reverse("clusters:detail", kwargs={"slug": "klaster-lubelska-medycyna"})
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Klaster Lubelska Medycyna")
    expect(page.locator("main")).to_contain_text("e-zdrowie")
    expect(page.locator("main")).to_contain_text("184")


def test_visitor_searches_without_polish_letters_and_finds_the_cluster(page, site):
    page.goto(site.url + reverse("clusters:home"))
    page.get_by_role("searchbox", name="Szukaj w katalogu").fill("wyzyna przemyslowa")
    page.get_by_role("search").get_by_role("button", name="Szukaj").click()

    expect(page).to_have_url(re.compile(r"/szukaj/\?q=wyzyna\+przemyslowa$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("wyzyna przemyslowa")
    found = page.locator("#results-clusters").locator("xpath=..")
    found.get_by_role("link", name="Wyżyna Przemysłowa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wyżyna Przemysłowa")


def test_visitor_pages_through_members_and_the_filter_stays(page, site):
    # Enough enterprises for more than one page whatever the real data holds.
    MemberOrganisationFactory.create_batch(30, organisation_type=OrganisationType.ENTERPRISE)
    enterprises = MemberOrganisation.objects.filter(organisation_type=OrganisationType.ENTERPRISE)
    names = set(enterprises.values_list("name", flat=True))
    enterprise_box = re.compile(r"^przedsiębiorstwo\b")

    page.goto(site.url + reverse("members:list"))
    page.get_by_role("group", name="Rodzaj organizacji").get_by_label(enterprise_box).check()
    page.get_by_role("button", name="Pokaż wyniki").click()
    pagination = page.get_by_role("navigation", name="Strony wyników")

    seen = []  # the names of each page, in the order the visitor reads them
    while True:
        expect(page.locator("#result-count")).to_contain_text(f": {len(names)}")
        expect(
            page.get_by_role("group", name="Rodzaj organizacji").get_by_label(enterprise_box)
        ).to_be_checked()
        expect(page.locator(".chips")).to_contain_text("przedsiębiorstwo")
        expect(pagination.locator("[aria-current=page]")).to_have_text(
            re.compile(rf"\b{len(seen) + 1}$")
        )
        seen.append(result_titles(page))
        next_link = pagination.get_by_role("link", name="Następna")
        if not next_link.count():
            break
        next_link.click()
        expect(page).to_have_url(re.compile(r"[?&]type=enterprise(&|$)"))
        expect(page).to_have_url(re.compile(rf"[?&]page={len(seen) + 1}(&|$)"))

    assert len(seen) >= 2
    every_row = [name for names_on_page in seen for name in names_on_page]
    assert len(every_row) == len(set(every_row)), "a name appears on two pages"
    assert set(every_row) == names

    pagination.get_by_role("link", name="Poprzednia").click()
    expect(page).to_have_url(re.compile(r"[?&]type=enterprise(&|$)"))
    assert result_titles(page) == seen[-2]


def test_visitor_downloads_the_filtered_clusters_as_csv(page, site):
    expected = sorted(
        Cluster.objects.filter(initiator__kind="marshal").values_list("name", flat=True)
    )
    assert len(expected) == 3

    page.goto(site.url + reverse("clusters:list") + "?initiator_kind=marshal")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz wyniki (CSV)").click()
    download = download_info.value

    assert re.fullmatch(r"klastry-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(io.StringIO(file.read()), delimiter=";"))
    header, *records = rows
    assert header[0] == "nazwa"
    assert sorted(record[0] for record in records) == expected
    assert all("Urząd Marszałkowski" in " ".join(record) for record in records)


@pytest.mark.parametrize(
    "term", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<b>gruby</b>"]
)
def test_markup_typed_into_the_search_box_is_shown_as_text_and_never_runs(
    page, site, csp_violations, term
):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site.url + reverse("clusters:home"))
    page.get_by_role("searchbox", name="Szukaj w katalogu").fill(term)
    page.get_by_role("search").get_by_role("button", name="Szukaj").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(term)  # the very characters typed, as text
    expect(heading.locator("b, img, script")).to_have_count(0)
    assert not dialogs
    assert not csp_violations, "the page tried to run injected markup:\n" + "\n".join(
        csp_violations
    )


def test_on_a_phone_the_filters_fold_away_above_the_results_and_open_on_a_click(page, site):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(site.url + reverse("clusters:list") + "?initiator_kind=marshal")

    form = page.locator(".filter-form")
    expect(form).to_be_hidden()
    expect(page.locator("summary", has_text="Wybierz filtry")).to_contain_text("aktywne: 1")
    expect(page.locator("#result-count")).to_be_in_viewport()

    page.locator("summary", has_text="Wybierz filtry").click()
    expect(form).to_be_visible()
    expect(form.get_by_label(re.compile(r"^Urząd Marszałkowski"))).to_be_checked()


def test_on_a_wide_screen_the_filters_stand_open_beside_the_results(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url + reverse("members:list"))

    expect(page.locator(".filter-form")).to_be_visible()


def test_a_shared_filter_link_holds_only_the_chosen_filters_and_sort_sits_with_the_results(
    page, site
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url + reverse("clusters:list"))
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.get_by_role("group", name="Inicjator").get_by_label(
        re.compile(r"^Urząd Marszałkowski")
    ).check()
    page.get_by_role("button", name="Pokaż wyniki").click()
    # The script leaves out the empty fields: one request, no redirect.
    expect(page).to_have_url(site.url + reverse("clusters:list") + "?initiator_kind=marshal")
    assert [url for url in requested if "/klastry/?" in url] == [page.url]

    results = page.locator(".listing__results")
    results.get_by_label("Sortuj według").select_option("-founded")
    results.get_by_role("button", name="Sortuj").click()
    expect(page).to_have_url(re.compile(r"\?initiator_kind=marshal&sort=-founded$"))
    assert len(result_titles(page)) == 3

    page.go_back()  # the fields the script disabled for sending are usable again
    expect(results.get_by_label("Sortuj według")).to_be_enabled()
