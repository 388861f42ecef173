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

pytestmark = pytest.mark.browser


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
    # Enough enterprises for two pages whatever the real data holds.
    MemberOrganisationFactory.create_batch(30, organisation_type=OrganisationType.ENTERPRISE)
    enterprises = MemberOrganisation.objects.filter(organisation_type=OrganisationType.ENTERPRISE)
    names = list(enterprises.order_by("name").values_list("name", flat=True))

    page.goto(site.url + reverse("members:list"))
    kinds = page.get_by_role("group", name="Rodzaj organizacji")
    kinds.get_by_label(re.compile(r"^przedsiębiorstwo\b")).check()
    page.get_by_role("button", name="Pokaż wyniki").click()
    expect(page.locator("#result-count")).to_contain_text(str(len(names)))
    first_page = result_titles(page)
    assert first_page == names[: len(first_page)]

    pages = page.get_by_role("navigation", name="Strony wyników")
    pages.get_by_role("link", name="Następna").click()

    expect(page).to_have_url(re.compile(r"[?&]type=enterprise(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(
        page.get_by_role("group", name="Rodzaj organizacji").get_by_label(
            re.compile(r"^przedsiębiorstwo\b")
        )
    ).to_be_checked()
    expect(page.locator(".chips")).to_contain_text("przedsiębiorstwo")
    expect(page.locator("#result-count")).to_contain_text(str(len(names)))
    second_page = result_titles(page)
    assert second_page == names[len(first_page) : len(first_page) + len(second_page)]
    expect(pages.get_by_role("link", name="Strona 2")).to_have_attribute("aria-current", "page")

    pages.get_by_role("link", name="Poprzednia").click()
    expect(page).to_have_url(re.compile(r"[?&]type=enterprise(&|$)"))
    assert result_titles(page) == first_page


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
