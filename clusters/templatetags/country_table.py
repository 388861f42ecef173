"""The rows of /kraje/'s table, written in Python: 40 countries of up to 8 ties each made the
template engine's loop over them most of the page's cost. The markup is the one the template wrote,
without its indentation."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from clusters.models import Tie
from core.listing.cards import choice_texts
from core.slug_urls import slug_url

register = template.Library()


def _tie(tie, kinds):
    """A tie (``clusters.views.countries.Tied``): its cluster (linked), its kind and the network
    it goes through, if any."""
    via = ""
    if tie.via:
        through = gettext("(za pośrednictwem: %(via)s)") % {"via": escape(tie.via)}
        via = f' <span class="muted">{through}</span>'
    return (
        f'<li><a href="{escape(slug_url("clusters:detail", tie.cluster_slug))}">'
        f"{tie.cluster_name_html}</a>"
        f" – {kinds.get(tie.tie, escape(tie.tie))}{via}</li>"
    )


def _more(item, list_url):
    """How many ties are shown of how many, and the cluster listing filtered by the country."""
    shown = gettext("Pokazano %(shown)s z %(total)s powiązań.") % {
        "shown": len(item.ties),
        "total": item.tie_count,
    }
    every = gettext("Wszystkie klastry powiązane z tym państwem (%(count)s)") % {
        "count": item.cluster_count
    }
    return (
        f'<p class="preview-note">{shown} <a href="{list_url}?country='
        f'{escape(item.country.code)}">{every}</a></p>'
    )


@register.simple_tag
def country_rows(countries):
    """A row per country (``clusters.views.countries.CountryTies``): its name, its first ties
    and, when there are more, a link to the rest."""
    kinds = choice_texts(Tie)
    list_url = escape(reverse("clusters:list"))
    rows = []
    for item in countries:
        ties = "".join(_tie(tie, kinds) for tie in item.ties)
        more = _more(item, list_url) if item.is_partial else ""
        rows.append(
            f'<tr id="kraj-{escape(item.country.code.lower())}">'
            f'<th scope="row">{escape(item.country.name)}</th>'
            f'<td><ul class="country-ties">{ties}</ul>{more}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every part is escaped above
