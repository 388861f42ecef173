"""Partner countries: every country some cluster is tied to, with the clusters and the kind of tie."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from clusters.models import PartnerCountry, Tie
from core.text import polish_sort_key, polish_sorted


@dataclass
class CountryTies:
    country: object  # django_countries Country: .code, .name (in the active language), .flag
    ties: list = field(default_factory=list)

    @property
    def tie_kinds(self):
        return {tie.tie for tie in self.ties}


def countries_with_ties(partner_countries):
    """Group PartnerCountry rows by country, sorted by the country's name in the Polish alphabet."""
    by_code = {}
    for row in partner_countries:
        by_code.setdefault(row.country.code, CountryTies(row.country)).ties.append(row)
    countries = polish_sorted(by_code.values(), key=lambda item: item.country.name)
    tie_order = {value: position for position, value in enumerate(Tie.values)}
    for item in countries:
        item.ties.sort(key=lambda tie: (tie_order[tie.tie], polish_sort_key(tie.cluster.name)))
    return countries


def tie_summary(countries):
    """Per kind of tie: how many countries and how many cluster–country ties, in Tie's order."""
    summary = []
    for value, label in Tie.choices:
        ties = [tie for item in countries for tie in item.ties if tie.tie == value]
        summary.append(
            {
                "value": value,
                "label": label,
                "countries": len({tie.country.code for tie in ties}),
                "ties": len(ties),
            }
        )
    return summary


class CountryListView(TemplateView):
    template_name = "clusters/country_list.html"

    def get_context_data(self, **kwargs):
        rows = PartnerCountry.objects.public().select_related("cluster").order_by()
        countries = countries_with_ties(rows)
        return super().get_context_data(
            countries=countries,
            tie_summary=tie_summary(countries),
            cluster_count=len({tie.cluster_id for item in countries for tie in item.ties}),
            page_title=_("Kraje partnerskie"),
            page_description=_(
                "Państwa, z którymi współpracują klastry Lublina i województwa lubelskiego: "
                "partnerstwa formalne, eksperci i organizacje eksperckie, sieci współpracy."
            ),
            **kwargs,
        )
