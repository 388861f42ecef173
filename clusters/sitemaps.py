from core.sitemaps import ProfileSitemap

from .models import Cluster, Specialisation


class ClusterSitemap(ProfileSitemap):
    model = Cluster
    lastmod_field = "updated_at"


class SpecialisationSitemap(ProfileSitemap):
    model = Specialisation
