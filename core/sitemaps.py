"""The sitemap of an app's public rows; each domain app declares its own in its ``sitemaps`` module."""

from django.contrib.sitemaps import Sitemap


class ProfileSitemap(Sitemap):
    """One URL per public row of ``model``, by get_absolute_url."""

    model = None
    lastmod_field = None

    def items(self):
        fields = ["slug", *([self.lastmod_field] if self.lastmod_field else [])]
        return self.model.objects.public().only(*fields).order_by("slug")

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None
