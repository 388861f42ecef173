"""The rows of /kraje/'s table, written in Python: 40 countries of up to 8 ties each made the
template engine's loop over them most of the page's cost. The markup is the one the template wrote,
without its indentation."""

import html

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from clusters.models import Tie
from core.listing.cards import choice_texts
from core.slug_urls import slug_url_maker
from core.templatetags.content_language import row_namer

register = template.Library()


def _tie_writer(kinds):
    """A function writing a tie (``clusters.views.countries.Tied``): its cluster (linked), its kind
    and the network it goes through, if any. What is the same for every tie of the page (the
    address around a slug, the page's language, the words) is found once: a page has 320 ties,
    and Django's ``escape`` and ``slug_url`` ask for the language and lazy text at every call."""
    address = slug_url_maker("clusters:detail")
    named = row_namer()
    through = gettext("(za pośrednictwem: %(via)s)")

    def write(tie):
        # ``cluster_name`` is the Polish one wherever the page's own is missing
        _name, name = named(tie.cluster_own_name, tie.cluster_name)
        via = ""
        if tie.via:
            via = f' <span class="muted">{through % {"via": html.escape(tie.via)}}</span>'
        kind = kinds.get(tie.tie)
        if kind is None:
            kind = html.escape(tie.tie)
        return (
            f'<li><a href="{html.escape(address(tie.cluster_slug))}">{name}</a> – {kind}{via}</li>'
        )

    return write


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
    tie_html = _tie_writer(kinds)
    list_url = escape(reverse("clusters:list"))
    rows = []
    for item in countries:
        ties = "".join(map(tie_html, item.ties))
        more = _more(item, list_url) if item.is_partial else ""
        rows.append(
            f'<tr id="kraj-{escape(item.country.code.lower())}">'
            f'<th scope="row">{escape(item.country.name)}</th>'
            f'<td><ul class="country-ties">{ties}</ul>{more}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every part is escaped above
