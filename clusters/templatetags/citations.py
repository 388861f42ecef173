"""``{% cite source %}`` and ``{% cite_all sources %}``: superscript links to the page's "Źródła"."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def cite(context, *sources):
    """Links to the numbers of ``sources`` (None skipped), numbering them on first citation."""
    return mark_safe(context["citations"].marks(sources))  # noqa: S308 - escaped by Citations


@register.simple_tag(takes_context=True)
def cite_all(context, sources):
    return cite(context, *sources)
