from core.sitemaps import ProfileSitemap

from .models import Ecosystem


class EcosystemSitemap(ProfileSitemap):
    model = Ecosystem
