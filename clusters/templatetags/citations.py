"""``{% cite source %}`` and ``{% cite_all sources %}``: superscript links to the page's "Źródła"."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


def _link(number):
    return format_html(
        '<a href="#zrodlo-{0}" aria-label="{1}">[{0}]</a>',
        number,
        _("źródło %(n)s") % {"n": number},
    )


@register.simple_tag(takes_context=True)
def cite(context, *sources):
    """Links to the numbers of ``sources`` (None skipped), numbering them on first citation."""
    numbers = []
    for source in sources:
        number = context["citations"].number(source)
        if number is not None and number not in numbers:
            numbers.append(number)
    if not numbers:
        return ""
    links = format_html_join("", "{}", ((_link(n),) for n in numbers))
    return format_html('<sup class="cite">{}</sup>', links)


@register.simple_tag(takes_context=True)
def cite_all(context, sources):
    return cite(context, *sources)
