"""``{% cite source %}`` and ``{% cite_all sources %}``: superscript links to the page's "Źródła"."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _link(number, label):
    return f'<a href="#zrodlo-{number}" aria-label="{label}">[{number}]</a>'


@register.simple_tag(takes_context=True)
def cite(context, *sources):
    """Links to the numbers of ``sources`` (None skipped), numbering them on first citation."""
    citations = context["citations"]
    numbers = []
    for source in sources:
        number = citations.number(source)
        if number is not None and number not in numbers:
            numbers.append(number)
    if not numbers:
        return ""
    # Written out rather than through format_html (a page cites dozens of times): the numbers
    # are integers, the label is escaped.
    label = _("źródło %(n)s")
    links = "".join(_link(n, conditional_escape(label % {"n": n})) for n in numbers)
    return mark_safe(f'<sup class="cite">{links}</sup>')  # noqa: S308 - built from escaped parts


@register.simple_tag(takes_context=True)
def cite_all(context, sources):
    return cite(context, *sources)
