"""The rows of /specjalizacje/'s table, written in Python: a catalogue of hundreds of
specialisations made this loop, run by the template engine row by row, nearly the whole cost of the
page. The markup is the one the template wrote (inside its ``{% spaceless %}``). Text is escaped by
the standard library's ``html.escape``, as Django's ``escape`` does it, without the lazy-text
checks of that wrapper (a microsecond a call, hundreds of times a page)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_noop

from core.listing.cards import texts
from core.slug_urls import slug_url_maker

register = template.Library()

CLUSTERS = gettext_noop("klastry")
ORGANISATIONS = gettext_noop("organizacje")


def _count(count, url, anchor, word, name):
    """A count linked to the list of the specialisation's page it counts; 0 leads nowhere."""
    if not count:
        return "<td>0</td>"
    return (
        f'<td><a href="{url}#{anchor}">{count}'
        f'<span class="visually-hidden"> – {word}: {name}</span></a></td>'
    )


@register.simple_tag
def specialisation_rows(specialisations, chosen, results, link_counts):
    """A row per specialisation (``pages.views.specialisations.specialisations_with_counts``):
    its box, ticked when ``chosen``; without ``results`` its numbers of clusters and organisations,
    each linked to the specialisation's page while ``link_counts``."""
    words = texts(CLUSTERS, ORGANISATIONS)
    address = slug_url_maker("clusters:specialisation-detail")
    rows = []
    for specialisation in specialisations:
        name = specialisation.name_html
        checked = " checked" if specialisation.slug in chosen else ""
        cells = ""
        if not results:
            clusters, organisations = (
                specialisation.cluster_count,
                specialisation.organisation_count,
            )
            if link_counts:
                url = escape(address(specialisation.slug))
                cells = _count(clusters, url, "klastry", words[CLUSTERS], name) + _count(
                    organisations, url, "organizacje", words[ORGANISATIONS], name
                )
            else:
                cells = f"<td>{clusters}</td><td>{organisations}</td>"
        rows.append(
            f'<tr><th scope="row"><label><input type="checkbox" name="specialisation" '
            f'value="{escape(specialisation.slug)}"{checked}> {name}</label></th>{cells}</tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every part is escaped above
