"""``{% organisation_cards rows level highlighted [specialisations] %}``: ``members.cards``."""

from django import template
from django.utils.safestring import mark_safe

from members.cards import organisation_cards as build

register = template.Library()


@register.simple_tag
def organisation_cards(rows, level, highlighted=(), specialisations=None):
    return mark_safe(build(rows, level, highlighted, specialisations))  # noqa: S308 - escaped in members.cards
