"""What a listing card shows of a long list: the first few, the visitor's chosen ones first."""

from typing import NamedTuple

from django import template

register = template.Library()

# A card names this many specialisations and counts the rest: the profile lists them all.
CARD_LIST_LENGTH = 4


class Shortlist(NamedTuple):
    shown: list
    more: int


@register.filter
def shortlist(items, chosen_slugs):
    """``items`` (already fetched) with those whose slug is in ``chosen_slugs`` first, cut to
    ``CARD_LIST_LENGTH``; ``more`` is how many were left out."""
    chosen_slugs = chosen_slugs or ()
    items = list(items)
    ordered = [i for i in items if i.slug in chosen_slugs] + [
        i for i in items if i.slug not in chosen_slugs
    ]
    return Shortlist(ordered[:CARD_LIST_LENGTH], max(0, len(ordered) - CARD_LIST_LENGTH))
