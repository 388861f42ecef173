"""sitemap.xml: the index of one sitemap per section (the home page and the listings, then each kind
of public profile), every URL in Polish and in English.

Each domain app declares the sitemap of its own rows (``<app>/sitemaps.py``); this module adds the
listings and puts them together.
"""

from django.urls import reverse

from clusters.sitemaps import ClusterSitemap, SpecialisationSitemap
from core.sitemaps import BilingualSitemap
from ecosystems.sitemaps import EcosystemSitemap
from members.sitemaps import OrganisationSitemap

LISTINGS = (
    "clusters:home",
    "clusters:list",
    "ecosystems:list",
    "members:list",
    "clusters:specialisation-list",
    "clusters:country-list",
    "statistics",
    "about",
)


class ListingSitemap(BilingualSitemap):
    def items(self):
        return LISTINGS

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "listings": ListingSitemap,
    "clusters": ClusterSitemap,
    "organisations": OrganisationSitemap,
    "ecosystems": EcosystemSitemap,
    "specialisations": SpecialisationSitemap,
}
