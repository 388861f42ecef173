"""``{% slug_url "inbox:write" cluster.slug %}``: ``{% url %}`` for a slug route, once per card
without resolving the pattern again (core.slug_urls)."""

from django import template

from core.slug_urls import slug_url as build

register = template.Library()


@register.simple_tag
def slug_url(name, slug):
    return build(name, slug)
