"""Partner countries: every country some cluster is tied to, with the clusters and the kind of tie.

Bounded at any size: the countries are paginated (``COUNTRIES_PER_PAGE``, in the order of their
names), each names its first ``TIES_PER_COUNTRY`` ties and links to the cluster listing filtered by
the country for the rest; the figures come from grouped counts, in four queries whatever the size.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, IntegerField, Value, When, Window
from django.db.models.functions import Cast, RowNumber
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_countries.fields import Country

from clusters.models import PartnerCountry, Tie
from core.db_functions import PolishCollate
from core.languages import InLanguage
from core.text import polish_sorted

COUNTRIES_PER_PAGE = 40
TIES_PER_COUNTRY = 8


@dataclass
class CountryTies:
    country: object  # django_countries Country: .code, .name (in the active language), .flag
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


def first_ties(codes, size):
    """The first ``size`` public ties of each of ``codes`` (in Tie's order, then by cluster name)."""
    tie_order = Case(
        *(When(tie=value, then=Value(position)) for position, value in enumerate(Tie.values)),
        output_field=IntegerField(),
    )
    # Cast: filtering on a window selects its ordering, and the English name needs a type there.
    order = [tie_order, PolishCollate(Cast(InLanguage("cluster__name"), CharField()))]
    return (
        PartnerCountry.objects.public()
        .filter(country__in=codes)
        .select_related("cluster")
        .annotate(position=Window(RowNumber(), partition_by=F("country"), order_by=order))
        .filter(position__lte=size)
        .order_by("country", *order)
    )


class CountryListView(TemplateView):
    template_name = "clusters/country_list.html"

    def get_context_data(self, **kwargs):
        public = PartnerCountry.objects.public().order_by()
        counts = list(public.values_list("country", "tie").annotate(n=Count("pk")))
        clusters_by_country = dict(
            public.values_list("country").annotate(n=Count("cluster", distinct=True))
        )
        by_code = {}
        for code, _tie, n in counts:
            item = by_code.setdefault(code, CountryTies(Country(code)))
            item.tie_count += n
            item.cluster_count = clusters_by_country.get(code, 0)
        countries = polish_sorted(by_code.values(), key=lambda item: item.country.name)
        page = Paginator(countries, COUNTRIES_PER_PAGE).get_page(self.request.GET.get("page"))
        on_page = {item.country.code: item for item in page.object_list}
        for tie in first_ties(list(on_page), TIES_PER_COUNTRY):
            on_page[tie.country.code].ties.append(tie)
        return super().get_context_data(
            countries=page.object_list,
            country_total=len(countries),
            page_obj=page,
            page_range=page.paginator.get_elided_page_range(page.number),
            tie_summary=tie_summary(counts),
            cluster_count=public.values("cluster").distinct().count() if counts else 0,
            page_title=_("Kraje partnerskie"),
            page_description=_(
                "Państwa, z którymi współpracują klastry Lublina i województwa lubelskiego: "
                "partnerstwa formalne, eksperci i organizacje eksperckie, sieci współpracy."
            ),
            **kwargs,
        )
