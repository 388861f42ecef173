"""axe-core scans of every public page type, in Polish and in English, and of the admin login:
nothing serious or critical.

Chromium must also refuse nothing under the Content-Security-Policy on these pages (an inline style
attribute would be blocked silently for the visitor, and a test is the only place it shows).

Each page is scanned at a phone width (360 px) and a desktop width (1280 px); the run's summary of
every violation, whatever its impact, is printed at the end (section "accessibility (axe-core)").
"""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.axe_scan import scan

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MEDYCYNA = "klaster-lubelska-medycyna"

PAGE_TYPES = {
    "home": lambda: reverse("clusters:home"),
    "cluster-list": lambda: reverse("clusters:list"),
    "cluster-list-filtered": lambda: reverse("clusters:list") + "?specialisation=e-zdrowie",
    "cluster-list-invalid-filter": lambda: reverse("clusters:list") + "?founded_min=abc",
    # an organisation's clusters: the filter is a hidden input, named by a chip
    "cluster-list-of-member": lambda: reverse("clusters:list") + "?member=wojewodztwo-lubelskie",
    "cluster-profile": lambda: reverse("clusters:detail", kwargs={"slug": MEDYCYNA}),
    "ecosystem-list": lambda: reverse("ecosystems:list"),
    "ecosystem-profile": lambda: reverse(
        "ecosystems:detail", kwargs={"slug": "lubelska-wyzyna-medyczna"}
    ),
    "member-list": lambda: reverse("members:list"),
    "member-profile": lambda: reverse("members:detail", kwargs={"slug": "urzad-miasta-lublin"}),
    "specialisation-list": lambda: reverse("clusters:specialisation-list"),
    "specialisation-profile": lambda: reverse(
        "clusters:specialisation-detail", kwargs={"slug": "e-zdrowie"}
    ),
    "investor-selection": lambda: (
        reverse("clusters:specialisation-list")
        + "?specialisation=e-zdrowie&specialisation=wyroby-medyczne&place=lublin"
    ),
    "country-list": lambda: reverse("clusters:country-list"),
    "search-results": lambda: reverse("clusters:search") + "?q=medycyna",
    "statistics": lambda: reverse("statistics"),
    "about": lambda: reverse("about"),
    "not-found": lambda: "/klastry/nie-ma-takiego-klastra/",
    "message-form": lambda: reverse("inbox:write", kwargs={"slug": MEDYCYNA}),
    "message-sent": lambda: reverse("inbox:message-sent", kwargs={"slug": MEDYCYNA}),
    "correction-form": lambda: reverse(
        "inbox:correct-organisation", kwargs={"slug": "urzad-miasta-lublin"}
    ),
    "privacy": lambda: reverse("inbox:privacy"),
    "admin-login": lambda: reverse("admin:login"),
}


def in_english(path_of):
    def english_path():
        with translation.override("en"):
            return path_of()

    return english_path


# The English edition: every page type again under /en/ (the admin stays Polish).
PAGE_TYPES |= {
    f"{name}-en": in_english(path_of)
    for name, path_of in PAGE_TYPES.items()
    if name not in {"admin-login", "not-found"}
} | {"not-found-en": lambda: "/en/clusters/no-such-cluster/"}
EXPECTED_STATUS = {
    "not-found": 404,
    "cluster-list-invalid-filter": 400,
    "not-found-en": 404,
    "cluster-list-invalid-filter-en": 400,
}
WIDTHS = [360, 1280]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_serious_accessibility_violation_nor_csp_refusal(
    page, read_only_site, csp_violations, page_type
):
    path = PAGE_TYPES[page_type]()
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(read_only_site.url + path)
        expected = EXPECTED_STATUS.get(page_type, 200)
        assert response.status == expected, f"{path} answered {response.status}"
        page.wait_for_load_state("load")
        assert not csp_violations, "\n".join(csp_violations)
        problems += [f"{width}px {line}" for line in scan(page, f"{page_type}@{width}")]
        csp_violations.clear()  # what axe's injected script does is not the site's doing
    assert not problems, f"{path}:\n" + "\n".join(problems)
