"""URLs of the pages that compose several domain apps, grouped by the section of the site they are in.

A namespace names a section of the site as a visitor sees it, not the package holding the view: the
cluster profile stays ``clusters:detail`` (what ``Cluster.get_absolute_url`` reverses) though its view
reads memberships and so lives here. ``config/urls.py`` puts each list below into its section's
namespace beside the domain app's own URLs.
"""

from django.contrib.sitemaps.views import index, sitemap
from django.urls import path
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from .sitemaps import SITEMAPS
from .views import (
    about,
    cluster_profile,
    ecosystems,
    home,
    search,
    site,
    specialisations,
    statistics,
)

# The "clusters" namespace, beside clusters/urls.py.
clusters_section = [
    path("", home.HomeView.as_view(), name="home"),
    path(
        pgettext_lazy("URL", "klastry/<slug:slug>/"),
        cluster_profile.ClusterDetailView.as_view(),
        name="detail",
    ),
    path(
        pgettext_lazy("URL", "specjalizacje/"),
        specialisations.SpecialisationListView.as_view(),
        name="specialisation-list",
    ),
    path(
        pgettext_lazy("URL", "specjalizacje/eksport.csv"),
        specialisations.SpecialisationExportView.as_view(),
        name="specialisation-export",
    ),
    path(
        pgettext_lazy("URL", "specjalizacje/<slug:slug>/"),
        specialisations.SpecialisationDetailView.as_view(),
        name="specialisation-detail",
    ),
    path(pgettext_lazy("URL", "szukaj/"), search.SearchView.as_view(), name="search"),
]

# The "ecosystems" namespace, under /ekosystemy/: both pages list the ecosystems' clusters.
ecosystems_section = [
    path("", ecosystems.EcosystemListView.as_view(), name="list"),
    path("<slug:slug>/", ecosystems.EcosystemDetailView.as_view(), name="detail"),
]

# Site-wide pages outside any namespace, in both languages (inside i18n_patterns).
site_pages = [
    path(pgettext_lazy("URL", "o-katalogu/"), about.AboutView.as_view(), name="about"),
    path(
        pgettext_lazy("URL", "klastry-w-liczbach/"),
        statistics.StatisticsView.as_view(),
        name="statistics",
    ),
]

# Outside any namespace and outside i18n_patterns: one address for every language.
urlpatterns = [
    # The index of the sitemaps, one per section, each in pages (?p=2...) of bounded size.
    path(
        "sitemap.xml",
        require_safe(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        require_safe(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", site.RobotsView.as_view(), name="robots"),
]
