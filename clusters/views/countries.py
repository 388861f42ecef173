"""Partner countries: every country some cluster is tied to, with the clusters and the kind of tie.

Bounded at any size: the countries are paginated (``COUNTRIES_PER_PAGE``, in the order of their
names), each names its first ``TIES_PER_COUNTRY`` ties and links to the cluster listing filtered by
the country for the rest; the figures come from grouped counts, in four queries whatever the size.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, IntegerField, Value, When, Window
from django.db.models.functions import Cast, RowNumber
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_countries.fields import Country

from clusters.models import Cluster, PartnerCountry, Tie
from core.compiled_pages import page_key, page_rows
from core.db_functions import PolishCollate
from core.languages import InLanguage, column
from core.listing.counts import cached_count
from core.listing.memo import current_data_version, per_data_version
from core.text import polish_sorted

COUNTRIES_PER_PAGE = 40
TIES_PER_COUNTRY = 8


class CountryName(NamedTuple):
    code: str
    name: str  # in the active language


@dataclass
class CountryTies:
    country: CountryName
    ties: list = field(default_factory=list)
    tie_count: int = 0
    cluster_count: int = 0

    @property
    def tie_kinds(self):
        return {tie.tie for tie in self.ties}

    @property
    def is_partial(self):
        return self.tie_count > len(self.ties)


def tie_summary(counts):
    """Per kind of tie: how many countries and how many cluster–country ties, in Tie's order, from
    the (country, tie, ties) rows of a grouped count."""
    return [
        {
            "value": value,
            "label": label,
            "countries": len({country for country, tie, _n in counts if tie == value}),
            "ties": sum(n for _country, tie, n in counts if tie == value),
        }
        for value, label in Tie.choices
    ]


def country_counts():
    """Ties by country and kind, clusters by country, clusters in all: the same for every visitor
    until the data changes, so counted once per data version (``core.listing.counts``)."""

    def count():
        public = PartnerCountry.objects.public().order_by()
        ties = [list(row) for row in public.values_list("country", "tie").annotate(n=Count("pk"))]
        return {
            "ties": ties,
            "clusters": dict(
                public.values_list("country").annotate(n=Count("cluster", distinct=True))
            ),
            "cluster_count": public.values("cluster").distinct().count() if ties else 0,
        }

    return cached_count(["partner-countries"], count)


def countries_by_name(counts):
    """[(CountryName, ties, clusters)] of every partner country in the Polish order of its name
    in the active language: built once per data version and language (``core.listing.memo``)."""

    def build():
        ties = {}
        for code, _tie, n in counts["ties"]:
            ties[code] = ties.get(code, 0) + n
        named = [(CountryName(code, str(Country(code).name)), n) for code, n in ties.items()]
        return [
            (country, n, counts["clusters"].get(country.code, 0))
            for country, n in polish_sorted(named, key=lambda item: item[0].name)
        ]

    return per_data_version(("partner-countries-by-name",), build)


class Tied(NamedTuple):
    """A tie as the page shows it: its kind, the network it goes through, its cluster."""

    country: str
    tie: str
    via: str
    cluster_slug: str
    cluster_name: str  # as the page's language shows it (core.languages.localized)
    cluster_own_name: str  # in the page's language only: empty when it falls back to Polish


def first_ties(codes, size, version=None):
    """The first ``size`` public ties of each of ``codes`` (in Tie's order, then by cluster name),
    as ``Tied`` rows: no model instances (hundreds a page). Its SQL (a window in a subquery: 1-2 ms
    to compile) is kept per question (``core.compiled_pages``) under the data ``version``."""
    key = page_key(version, "partner countries: first ties", tuple(codes), size)
    return [Tied(*row) for row in page_rows(key, lambda: _ties(codes, size))]


def _ties(codes, size):
    tie_order = Case(
        *(When(tie=value, then=Value(position)) for position, value in enumerate(Tie.values)),
        output_field=IntegerField(),
    )
    # Cast: filtering on a window selects its ordering, and the English name needs a type there.
    order = [tie_order, PolishCollate(Cast(InLanguage("cluster__name"), CharField()))]
    language = translation.get_language() or settings.LANGUAGE_CODE
    # a Polish page marks no fallback (and an expression equal to the name's would be merged
    # with it in the window's outer query)
    own_name = (
        Value("")
        if language == settings.LANGUAGE_CODE
        else F(f"cluster__{column(Cluster, 'name', language)}")
    )
    return (
        PartnerCountry.objects.public()
        .filter(country__in=codes)
        .annotate(
            position=Window(RowNumber(), partition_by=F("country"), order_by=order),
            cluster_name=Cast(InLanguage("cluster__name"), CharField()),
            cluster_own_name=own_name,
        )
        .filter(position__lte=size)
        .order_by("country", *order)
        .values_list("country", "tie", "via", "cluster__slug", "cluster_name", "cluster_own_name")
    )


class CountryListView(TemplateView):
    template_name = "clusters/country_list.html"

    def get_context_data(self, **kwargs):
        counts = country_counts()
        named = countries_by_name(counts)
        page = Paginator(named, COUNTRIES_PER_PAGE).get_page(self.request.GET.get("page"))
        on_page = [
            CountryTies(country, tie_count=ties, cluster_count=clusters)
            for country, ties, clusters in page.object_list
        ]
        by_code = {item.country.code: item for item in on_page}
        for tie in first_ties(list(by_code), TIES_PER_COUNTRY, current_data_version()):
            by_code[tie.country].ties.append(tie)
        return super().get_context_data(
            countries=on_page,
            country_total=len(named),
            page_obj=page,
            page_range=page.paginator.get_elided_page_range(page.number),
            tie_summary=tie_summary(counts["ties"]),
            cluster_count=counts["cluster_count"],
            page_title=_("Kraje partnerskie"),
            page_description=_(
                "Państwa, z którymi współpracują klastry Lublina i województwa lubelskiego: "
                "partnerstwa formalne, eksperci i organizacje eksperckie, sieci współpracy."
            ),
            **kwargs,
        )
