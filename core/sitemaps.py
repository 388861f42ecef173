"""The sitemaps of the site: every URL in each language, with its alternates (hreflang pl, en and
x-default). Each domain app declares the sitemap of its public rows in its ``sitemaps`` module."""

from django.contrib.sitemaps import Sitemap


class BilingualSitemap(Sitemap):
    """Every item once per language of ``settings.LANGUAGES``, each naming the others as alternates
    (Django reverses ``location`` in each language)."""

    i18n = True
    alternates = True
    x_default = True


class ProfileSitemap(BilingualSitemap):
    """One URL per public row of ``model``, by get_absolute_url."""

    model = None
    lastmod_field = None

    def items(self):
        fields = ["slug", *([self.lastmod_field] if self.lastmod_field else [])]
        return self.model.objects.public().only(*fields).order_by("slug")

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None
