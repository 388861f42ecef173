"""``{% cluster_rows clusters %}``: the rows of an organisation's table of clusters.

Written here rather than in a template loop: an organisation may belong to hundreds of clusters (242
for the generated one in most), and the template engine, like ``format_html``, spent ~20 µs on each
row's three values, most of it escaping them through Django's lazy-aware wrappers. The markup is
the one the template had, to the byte.
"""

import html

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _escaped(value):
    """``conditional_escape(value)``, without its wrappers: safe text as it is, else escaped."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@register.simple_tag
def cluster_rows(rows):
    """``rows``: [(address, name, roles)] (members.views.cluster_rows): the cluster's link (the
    name as the page shows it) and the organisation's roles in it."""
    return mark_safe(  # noqa: S308 - every value is escaped above
        "".join(
            f'\n        <tr><th scope="row"><a href="{_escaped(url)}">{_escaped(name)}</a></th>'
            f"<td>{_escaped(roles)}</td></tr>\n        "
            for url, name, roles in rows
        )
    )
