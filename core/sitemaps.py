"""The sitemaps of the site: every URL in each language, with its alternates (hreflang pl, en and
x-default). Each domain app declares the sitemap of its public rows in its ``sitemaps`` module.

/sitemap.xml is an index naming one sitemap per section, each in pages of at most
``ProfileSitemap.limit`` rows (two URLs each, one per language). A page is a range of primary keys
(``id`` from ``first + (p - 1) * limit`` to ``first + p * limit - 1``, ``first`` the lowest key),
read through the primary key's index: page 100 costs what page 1 costs, where an OFFSET would read
and check every row before it. A range with deleted or unpublished rows holds fewer URLs; one
holding none is still a valid, empty page.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Min
from django.utils.functional import cached_property

from core.listing.counts import cached_count


class BilingualSitemap(Sitemap):
    """Every item once per language of ``settings.LANGUAGES``, each naming the others as alternates
    (Django reverses ``location`` in each language)."""

    i18n = True
    alternates = True
    x_default = True


class KeyRangePage:
    def __init__(self, number, object_list):
        self.number = number
        self.object_list = object_list


class KeyRangePaginator:
    """What Django's sitemap views ask of a paginator (``num_pages``, ``page(n).object_list`` of
    ``(item, language)`` pairs), with pages cut by primary-key ranges of ``sitemap.limit`` keys."""

    def __init__(self, sitemap):
        self.sitemap = sitemap

    @property
    def num_pages(self):
        first, last = self.sitemap.key_range
        return max(1, -(-(last - first + 1) // self.sitemap.limit)) if first is not None else 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        start = (self.sitemap.key_range[0] or 0) + (number - 1) * self.sitemap.limit
        rows = self.sitemap.items().filter(pk__range=(start, start + self.sitemap.limit - 1))
        languages = self.sitemap._languages()
        return KeyRangePage(number, [(row, language) for row in rows for language in languages])


class ProfileSitemap(BilingualSitemap):
    """One URL per public row of ``model`` in each language, by get_absolute_url, in pages of
    ``limit`` primary keys."""

    model = None
    lastmod_field = None
    # 500 rows: 1,000 URLs with their alternates, about 0.5 MB of XML, from one indexed query
    limit = 500

    def items(self):
        fields = ["slug", *([self.lastmod_field] if self.lastmod_field else [])]
        return self.model.objects.public().only(*fields).order_by("pk")

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None

    @cached_property
    def key_range(self):
        """The lowest and the highest primary key of any row (where the pages start and how many
        there are), from the key's index in one query, kept until the data changes."""
        return cached_count(
            ["sitemap-key-range", self.model._meta.label],
            lambda: tuple(self.model.objects.aggregate(Min("pk"), Max("pk")).values()),
        )

    def get_latest_lastmod(self):
        """The latest change of a public row (the index's lastmod): the newest public row by an
        index on ``lastmod_field``, not a scan of every row; kept until the data changes."""
        if not self.lastmod_field:
            return None
        return cached_count(
            ["sitemap-lastmod", self.model._meta.label],
            lambda: (
                self.model.objects.public()
                .order_by(f"-{self.lastmod_field}")
                .values_list(self.lastmod_field, flat=True)
                .first()
            ),
        )

    @cached_property
    def paginator(self):
        return KeyRangePaginator(self)
