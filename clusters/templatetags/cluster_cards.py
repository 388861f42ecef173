"""``{% cluster_cards clusters level highlighted [specialisations] %}``: ``clusters.cards``."""

from django import template
from django.utils.safestring import mark_safe

from clusters.cards import cluster_cards as build

register = template.Library()


@register.simple_tag
def cluster_cards(clusters, level, highlighted=(), specialisations=None):
    return mark_safe(build(clusters, level, highlighted, specialisations))  # noqa: S308 - escaped in clusters.cards
