"""The header's sections and the footer's links on every page, error pages included; the section a
page belongs to is marked for screen readers (aria-current)."""

import re

import pytest
from django.template import loader
from django.utils import translation

from tests.factories import ClusterFactory

NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


def sections(html):
    return [
        (label, path, bool(current)) for path, current, label in LINK.findall(NAV.search(html)[0])
    ]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", None),
        ("/klastry/", "Klastry"),
        ("/czlonkowie/?type=enterprise", "Członkowie"),
        ("/en/organisations/", "Members"),
        ("/kraje/", "Kraje partnerskie"),
    ],
)
def test_the_header_marks_the_section_the_page_is_in(client, db, path, current):
    found = sections(client.get(path).content.decode())
    assert len(found) == 5
    assert [label for label, _path, is_current in found if is_current] == (
        [current] if current else []
    )


def test_a_cluster_profile_is_in_the_clusters_section(client, db):
    cluster = ClusterFactory()
    found = sections(client.get(cluster.get_absolute_url()).content.decode())
    assert [label for label, _path, is_current in found if is_current] == ["Klastry"]


@pytest.mark.parametrize(
    ("language", "first"), [("pl", ("Klastry", "/klastry/")), ("en", ("Clusters", "/en/clusters/"))]
)
def test_the_error_pages_rendered_without_a_request_keep_the_header_and_footer(language, first):
    with translation.override(language):
        html = loader.get_template("500.html").render()
    found = sections(html)
    assert found[0] == (*first, False) and len(found) == 5
    assert ("/o-katalogu/" if language == "pl" else "/en/about/") in html
