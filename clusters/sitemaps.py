"""sitemap.xml: the home page, the listings and every public profile.

Organisations live in the members app, above this one: they are looked up by label, not imported.
"""

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from clusters.models import Cluster, Specialisation
from ecosystems.models import Ecosystem

LISTINGS = (
    "clusters:home",
    "clusters:list",
    "ecosystems:list",
    "members:list",
    "clusters:specialisation-list",
    "clusters:country-list",
)


class ListingSitemap(Sitemap):
    def items(self):
        return LISTINGS

    def location(self, item):
        return reverse(item)


class ProfileSitemap(Sitemap):
    """One URL per public row of `model` (a model or an "app.Model" label), by get_absolute_url."""

    model = None
    lastmod_field = None

    def get_model(self):
        return apps.get_model(self.model) if isinstance(self.model, str) else self.model

    def items(self):
        fields = ["slug", *([self.lastmod_field] if self.lastmod_field else [])]
        return self.get_model().objects.public().only(*fields).order_by("slug")

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None


class ClusterSitemap(ProfileSitemap):
    model = Cluster
    lastmod_field = "updated_at"


class OrganisationSitemap(ProfileSitemap):
    model = "members.MemberOrganisation"
    lastmod_field = "updated_at"


class EcosystemSitemap(ProfileSitemap):
    model = Ecosystem


class SpecialisationSitemap(ProfileSitemap):
    model = Specialisation


SITEMAPS = {
    "listings": ListingSitemap,
    "clusters": ClusterSitemap,
    "organisations": OrganisationSitemap,
    "ecosystems": EcosystemSitemap,
    "specialisations": SpecialisationSitemap,
}
