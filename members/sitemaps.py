from core.sitemaps import ProfileSitemap

from .models import MemberOrganisation


class OrganisationSitemap(ProfileSitemap):
    model = MemberOrganisation
    lastmod_field = "updated_at"
