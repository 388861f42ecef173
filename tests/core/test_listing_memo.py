"""A listing's filter options (specialisations, ecosystems, partner countries) are built once per
data version and language in each process (core.listing.memo), and built again after a write."""

import threading
import time
import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse

from clusters.filters import ClusterFilter, ClusterInvestorFilter
from clusters.models import Cluster
from core.data_version import bump_data_version
from core.listing import counts, memo
from tests.factories import (
    ClusterFactory,
    MembershipFactory,
    PartnerCountryFactory,
    SpecialisationFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("clusters:list")


@pytest.fixture
def catalogue():
    cluster = ClusterFactory()
    cluster.specialisations.add(SpecialisationFactory(name="Telemedycyna", slug="telemedycyna"))
    PartnerCountryFactory(cluster=cluster, country="DE")
    return cluster


def test_the_options_are_not_asked_again_until_the_data_changes(
    client, listing_caches_on, catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as first:
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(20) as again:
        assert client.get(URL).status_code == 200
    asked = [q["sql"] for q in first.captured_queries]
    asked_again = [q["sql"] for q in again.captured_queries]
    # the specialisations, the ecosystems and the partner countries of the form: 3 queries fewer
    assert len(asked) - len(asked_again) >= 3
    assert sum("clusters_partnercountry" in sql for sql in asked) > sum(
        "clusters_partnercountry" in sql for sql in asked_again
    )


def test_a_write_shows_in_the_options_after_the_version_bump(client, listing_caches_on, catalogue):
    html = client.get(URL).content.decode()
    assert 'value="telemedycyna">Telemedycyna (1)' in html
    assert 'value="DE">Niemcy (1)' in html
    catalogue.specialisations.add(
        SpecialisationFactory(name="Biotechnologia morska", slug="biotechnologia-morska")
    )
    PartnerCountryFactory(cluster=catalogue, country="FR")
    # a test's transaction never commits, so the write's own bump is not sent: kept until then
    html = client.get(URL).content.decode()
    assert 'value="biotechnologia-morska"' not in html  # the row names it, the form not yet
    assert 'value="FR"' not in html
    bump_data_version()  # what the write's commit does
    html = client.get(URL).content.decode()
    assert 'value="biotechnologia-morska">Biotechnologia morska (1)' in html
    assert 'value="FR">Francja (1)' in html


def test_each_language_has_its_own_options(client, listing_caches_on, catalogue):
    assert "Niemcy" in client.get(URL).content.decode()
    english = client.get(reverse("clusters:list").replace("/klastry/", "/en/clusters/"))
    assert english.status_code == 200
    html = english.content.decode()
    assert "Germany" in html
    assert "Niemcy" not in html


def test_options_are_escaped(client, listing_caches_on):
    cluster = ClusterFactory()
    cluster.specialisations.add(SpecialisationFactory(name="<b>R&D</b>"))
    html = client.get(URL).content.decode()
    assert "&lt;b&gt;R&amp;D&lt;/b&gt;" in html
    assert "<b>R&D</b>" not in html


class CountReadingCache(LocMemCache):
    """A local-memory cache that counts reads of the listings' counts."""

    reads = 0

    def get(self, key, default=None, version=None):
        if key.startswith("listing-count:"):
            type(self).reads += 1
        return super().get(key, default, version)


@pytest.fixture
def counts_read(settings, listing_caches_on):
    prefix = uuid.uuid4().hex
    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}.CountReadingCache", "LOCATION": prefix},
        "versions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": prefix,
        },
    }
    settings.PAGE_CACHE_VERSION_ALIAS = "versions"
    CountReadingCache.reads = 0
    return CountReadingCache


def test_a_process_reads_each_count_once_per_data_version(client, counts_read, catalogue):
    first = client.get(URL).content.decode()
    assert "Liczba klastrów: 1" in first
    assert counts_read.reads > 0
    counts_read.reads = 0
    # another app server (a process that has kept nothing) reads them from the shared cache
    memo.clear()
    assert client.get(URL).content.decode() == first
    read_by_another = counts_read.reads
    assert read_by_another > 0
    counts_read.reads = 0
    assert client.get(URL).content.decode() == first
    assert counts_read.reads == 0  # kept in this process
    ClusterFactory()
    bump_data_version()  # what the write's commit does
    assert "Liczba klastrów: 2" in client.get(URL).content.decode()
    assert counts_read.reads == read_by_another  # the new version's counts, read (and made) again


@pytest.fixture
def forms_unbuilt(monkeypatch):
    """As in a new process: no FilterSet has built its form class yet."""
    for filterset in (ClusterInvestorFilter, ClusterFilter):
        monkeypatch.delattr(filterset, "_built_form_class", raising=False)


def test_each_filterset_builds_its_own_form_in_the_page_language(client, catalogue, forms_unbuilt):
    # the investor's FilterSet first: the listing's FilterSet subclasses it with more filters
    investor = client.get(
        reverse("clusters:specialisation-list"), {"specialisation": "telemedycyna"}
    )
    assert investor.status_code == 200
    html = client.get(URL).content.decode()
    assert 'name="q"' in html and 'name="country"' in html
    english = client.get(URL.replace("/klastry/", "/en/clusters/")).content.decode()
    assert "Partner country" in english
    assert "Państwo partnerskie" not in english


@pytest.mark.parametrize("name", ["clusters:list", "members:list"])
def test_a_listing_reads_its_rows_anew_on_every_request(client, catalogue, name):
    # the rows' query is built once per process (core.listing.memo.built_once), never its rows
    url = reverse(name)
    assert "Drugi Wpis" not in client.get(url).content.decode()
    if name == "clusters:list":
        ClusterFactory(name="Klaster Drugi Wpis")
    else:
        MembershipFactory(cluster=catalogue, organisation__name="Firma Drugi Wpis")
    assert "Drugi Wpis" in client.get(url).content.decode()
    assert "Drugi Wpis" in client.get(url, {"page": "5"}).content.decode()  # the last page


def test_each_thread_builds_its_own_rows_query(listing_caches_on):
    # a clone shares its subqueries with the stored queryset, and compiling one changes it for a
    # moment: gunicorn's two threads of a worker must not compile the same one at once
    built = []

    def build():
        built.append(threading.get_ident())
        return Cluster.objects.public()

    stored = []

    def ask():
        stored.append(memo.built_once("test rows", build).query)
        stored.append(memo.built_once("test rows", build).query)

    thread = threading.Thread(target=ask)
    thread.start()
    thread.join()
    ask()
    assert len(built) == 2 and built[0] != built[1]  # once in each thread, not once per call
    assert len({id(query) for query in stored}) == 4  # every caller gets a clone


def test_a_kept_count_is_read_again_after_the_counts_timeout(
    client, counts_read, catalogue, settings, monkeypatch
):
    client.get(URL)
    counts_read.reads = 0
    client.get(URL)
    assert counts_read.reads == 0
    later = time.monotonic() + settings.LISTING_COUNT_SECONDS + 1
    monkeypatch.setattr(counts.time, "monotonic", lambda: later)
    client.get(URL)
    assert counts_read.reads > 0


def test_a_facet_grouped_on_ids_names_an_id_written_since_its_table(listing_caches_on):
    """The slugs of the ids a facet is grouped on (core.listing.facets._values_by_id) are read once
    per data version; a row written before the version moves is read afresh, not left unnamed."""
    from core.listing.facets import _values_by_id
    from ecosystems.models import Ecosystem
    from tests.factories import EcosystemFactory

    first = EcosystemFactory()
    assert _values_by_id(Ecosystem, "slug", [first.pk])[first.pk] == first.slug
    second = EcosystemFactory()  # the test's transaction never commits: the version stays
    assert _values_by_id(Ecosystem, "slug", [second.pk])[second.pk] == second.slug
