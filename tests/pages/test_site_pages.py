"""Site-wide pages: 404 and 500 in the site's layout, sitemap.xml, robots.txt, and the <head> of
every public page type (title, meta description, canonical link, Open Graph tags)."""

from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation

from clusters.models import Cluster, Specialisation
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation
from tests.factories import (
    ClusterFactory,
    EcosystemFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    SpecialisationFactory,
)
from tests.page_text import visible_text

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def records():
    ecosystem = EcosystemFactory(name="Lubelska Wyżyna Lotnicza", slug="lubelska-wyzyna-lotnicza")
    specialisation = SpecialisationFactory(name="e-zdrowie", slug="e-zdrowie")
    cluster = ClusterFactory(
        name="Klaster Lubelska Medycyna", slug="klaster-lubelska-medycyna", ecosystem=ecosystem
    )
    cluster.specialisations.add(specialisation)
    organisation = MemberOrganisationFactory(name="Biomed Lublin", slug="biomed-lublin")
    MembershipFactory(organisation=organisation, cluster=cluster)
    return {
        "cluster": cluster,
        "organisation": organisation,
        "ecosystem": ecosystem,
        "specialisation": specialisation,
    }


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.title = ""
        self.meta = {}
        self.canonical = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs["property"]] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head_of(response):
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


# --- 404 and 500 -----------------------------------------------------------------------------


def test_an_unknown_address_answers_404_in_the_sites_layout(client):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    text = visible_text(response)
    assert "Nie znaleziono strony" in text
    assert "Przejdź do treści" in text  # skip link of base.html
    html = response.content.decode()
    assert 'id="site-search-q"' in html and 'id="not-found-q"' in html
    assert head_of(response).title == "Nie znaleziono strony · Klastry Lubelskie"
    assert head_of(response).meta["robots"] == "noindex"


def test_an_unknown_cluster_slug_answers_the_404_page(client):
    response = client.get(reverse("clusters:detail", kwargs={"slug": "nie-ma-takiego"}))
    assert response.status_code == 404
    assert "Nie znaleziono strony" in visible_text(response)


def test_a_server_error_answers_500_in_the_sites_layout(client, monkeypatch):
    def broken(query):
        raise RuntimeError("boom")

    monkeypatch.setattr("pages.views.search.search", broken)
    client.raise_request_exception = False
    response = client.get(reverse("clusters:search"), {"q": "klaster"})
    assert response.status_code == 500
    text = visible_text(response)
    assert "Wystąpił błąd serwera" in text
    assert "Przejdź do treści" in text
    assert head_of(response).title == "Błąd serwera · Klastry Lubelskie"


def test_the_500_page_renders_without_a_request_or_context_processors():
    html = loader.get_template("500.html").render()
    assert "Wystąpił błąd serwera" in html
    assert 'rel="canonical"' not in html  # no request, so no address to point to


# --- sitemap.xml and robots.txt --------------------------------------------------------------


def sitemap_root(response):
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own server's answer)


def sitemap_locations(response):
    root = sitemap_root(response)
    return {loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)}


def sitemap_pages(client):
    """The addresses the index at /sitemap.xml lists, in its order."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = sitemap_root(response)
    return [loc.text for loc in root.findall("s:sitemap/s:loc", SITEMAP_NS)]


def every_sitemap_entry(client):
    """Every <url> of every page the index lists."""
    entries = []
    for address in sitemap_pages(client):
        response = client.get(address.removeprefix("http://testserver"))
        assert response.status_code == 200, address
        entries += sitemap_root(response).findall("s:url", SITEMAP_NS)
    return entries


def paths_of(entries):
    return {
        entry.find("s:loc", SITEMAP_NS).text.removeprefix("http://testserver") for entry in entries
    }


def test_the_sitemaps_list_the_listings_and_every_public_profile(client, records):
    paths = paths_of(every_sitemap_entry(client))
    expected = set()
    for language in ("pl", "en"):  # every page in Polish and in English
        with translation.override(language):
            expected |= {
                reverse(name)
                for name in (
                    "clusters:home",
                    "clusters:list",
                    "ecosystems:list",
                    "members:list",
                    "clusters:specialisation-list",
                    "clusters:country-list",
                    "statistics",
                    "about",
                )
            } | {record.get_absolute_url() for record in records.values()}
    assert "/en/clusters/" in expected
    assert paths == expected


def test_the_sitemap_gives_the_last_change_of_clusters_and_organisations(client, records):
    cluster_url = "http://testserver" + records["cluster"].get_absolute_url()
    entry = next(
        url
        for url in every_sitemap_entry(client)
        if url.find("s:loc", SITEMAP_NS).text == cluster_url
    )
    assert (
        # the date in the site's time zone (Europe/Warsaw), as the sitemap writes it
        entry.find("s:lastmod", SITEMAP_NS).text
        == timezone.localdate(records["cluster"].updated_at).isoformat()
    )


SECTIONS = {
    "clusters": Cluster,
    "organisations": MemberOrganisation,
    "ecosystems": Ecosystem,
    "specialisations": Specialisation,
}


@pytest.fixture
def small_pages(monkeypatch):
    """Sitemap pages of 3 primary keys, so that a few rows make several pages."""
    monkeypatch.setattr("core.sitemaps.ProfileSitemap.limit", 3)
    return 3


def test_the_index_lists_every_page_of_every_section(client, records, small_pages):
    for _ in range(7):
        MembershipFactory()  # a cluster and an organisation each
    pages = sitemap_pages(client)
    expected = ["http://testserver/sitemap-listings.xml"]
    for section, model in SECTIONS.items():
        keys = model.objects.order_by("pk").values_list("pk", flat=True)
        first_pk, last_pk = keys.first(), keys.last()
        expected.append(f"http://testserver/sitemap-{section}.xml")
        expected += [
            f"http://testserver/sitemap-{section}.xml?p={page}"
            for page in range(2, (last_pk - first_pk) // small_pages + 2)
        ]
    assert sorted(pages) == sorted(expected)
    assert len(pages) > 2 + len(SECTIONS)  # organisations and clusters take several pages
    assert client.get("/sitemap-organisations.xml", {"p": len(pages) + 99}).status_code == 404
    assert client.get("/sitemap-organisations.xml", {"p": "x"}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_deep_page_holds_the_rows_of_its_key_range_in_both_languages(
    client, records, small_pages
):
    organisations = [MemberOrganisationFactory() for _ in range(8)]
    deep = organisations[-4]  # rows follow it on the next page
    first_pk = records["organisation"].pk  # the lowest key: where page 1 starts
    page = (deep.pk - first_pk) // small_pages + 1
    assert page > 1
    start = first_pk + (page - 1) * small_pages
    assert organisations[-1].pk >= start + small_pages
    in_range = MemberOrganisation.objects.filter(pk__gte=start, pk__lt=start + small_pages)
    entries = sitemap_root(client.get("/sitemap-organisations.xml", {"p": page})).findall(
        "s:url", SITEMAP_NS
    )
    expected = set()
    for language in ("pl", "en"):
        with translation.override(language):
            expected |= {organisation.get_absolute_url() for organisation in in_range}
    assert paths_of(entries) == expected
    with translation.override("en"):
        english = deep.get_absolute_url()
    entry = next(e for e in entries if e.find("s:loc", SITEMAP_NS).text.endswith(english))
    alternates = {
        link.get("hreflang"): link.get("href").removeprefix("http://testserver")
        for link in entry.findall("{http://www.w3.org/1999/xhtml}link")
    }
    assert alternates == {
        "pl": deep.get_absolute_url(),
        "en": english,
        "x-default": deep.get_absolute_url(),
    }


def test_the_sitemap_query_counts_do_not_grow_with_rows(
    client, records, django_assert_max_num_queries, small_pages
):
    def fetch_all():
        with django_assert_max_num_queries(8):  # per kind of profile: its last key and change
            addresses = sitemap_pages(client)
        for address in addresses:
            # the last key (is the page there?) and one range of keys, with its rows' URLs
            with django_assert_max_num_queries(2):
                client.get(address.removeprefix("http://testserver"))
        return addresses

    fetch_all()
    for _ in range(10):
        ClusterFactory()
        MemberOrganisationFactory()
        SpecialisationFactory()
        EcosystemFactory()
    fetch_all()
    entries = every_sitemap_entry(client)
    assert len(paths_of(entries)) == 2 * (8 + 4 + 40)  # Polish and English
    assert len(entries) == len(paths_of(entries))  # each once, on one page


def test_the_index_gives_each_section_its_latest_change(client, records):
    MemberOrganisationFactory()
    records["organisation"].save()  # the newest change of all, after another organisation's
    root = sitemap_root(client.get("/sitemap.xml"))
    lastmods = {
        sitemap.find("s:loc", SITEMAP_NS).text: sitemap.find("s:lastmod", SITEMAP_NS)
        for sitemap in root.findall("s:sitemap", SITEMAP_NS)
    }
    organisations = lastmods["http://testserver/sitemap-organisations.xml"]
    assert organisations.text == timezone.localtime(records["organisation"].updated_at).isoformat()
    assert lastmods["http://testserver/sitemap-ecosystems.xml"] is None  # no date to give


def test_robots_txt_opens_the_site_closes_the_back_office_and_exports_and_names_the_sitemap(
    client,
):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert f"Disallow: /{settings.ADMIN_URL}" in lines
    assert f"Disallow: {reverse('clusters:export')}" in lines
    assert f"Disallow: {reverse('members:export')}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines


# --- <head> of every public page type ----------------------------------------------------------


def public_pages(records):
    return {
        "home": reverse("clusters:home"),
        "cluster list": reverse("clusters:list"),
        "cluster profile": records["cluster"].get_absolute_url(),
        "organisation list": reverse("members:list"),
        "organisation profile": records["organisation"].get_absolute_url(),
        "ecosystem list": reverse("ecosystems:list"),
        "ecosystem profile": records["ecosystem"].get_absolute_url(),
        "specialisation list": reverse("clusters:specialisation-list"),
        "specialisation profile": records["specialisation"].get_absolute_url(),
        "partner countries": reverse("clusters:country-list"),
        "search": reverse("clusters:search") + "?q=lotnicz",
        "statistics": reverse("statistics"),
        "about": reverse("about"),
    }


@pytest.mark.parametrize(
    "page_type",
    [
        "home",
        "cluster list",
        "cluster profile",
        "organisation list",
        "organisation profile",
        "ecosystem list",
        "ecosystem profile",
        "specialisation list",
        "specialisation profile",
        "partner countries",
        "search",
        "statistics",
        "about",
    ],
)
def test_every_public_page_has_a_title_description_canonical_link_and_open_graph_tags(
    client, real_data, page_type
):
    real_records = {
        "cluster": Cluster.objects.get(slug="klaster-lubelska-medycyna"),
        "organisation": MemberOrganisation.objects.get(slug="pzl-swidnik"),
        "ecosystem": Ecosystem.objects.get(slug="lubelska-wyzyna-it"),
        "specialisation": Specialisation.objects.get(slug="e-zdrowie"),
    }
    url = public_pages(real_records)[page_type]
    response = client.get(url)
    assert response.status_code == 200
    head = head_of(response)
    site = "Klastry Lubelskie"
    assert head.title.strip() and head.title.strip().endswith(site)
    assert head.meta["description"].strip()
    canonical = "http://testserver" + url.split("?")[0]
    assert head.canonical == [canonical]
    assert head.meta["og:url"] == canonical
    assert head.meta["og:title"].strip()
    assert head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:type"] in {"website", "article", "profile"}
    assert head.meta["og:site_name"] == site
    if page_type != "home":
        # Each page names itself; only the home page may be titled by the site's name alone.
        assert head.title.strip() != site
        assert head.meta["og:title"] != site
