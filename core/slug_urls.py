"""The address of a row's page from its slug, without resolving the URL pattern for every row.

``reverse()`` walks the URL configuration (translated patterns, namespaces) on every call: a listing
of 25 cards with their specialisations, ecosystem and contact link asked it over a hundred times
per page. A slug route's address is the same text around the slug, so it is reversed once per
route, language and script prefix with a placeholder slug, and the slug put in its place.
"""

import re

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# no slug contains it (a slug is letters, digits, "-" and "_"), and reverse() keeps it as it is
PLACEHOLDER = "0slug0placeholder0"

_patterns = {}

# what the <slug:slug> converter accepts; anything else goes through reverse() (and fails there)
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def slug_url(name, slug):
    """``reverse(name, kwargs={"slug": slug})``, from a pattern reversed once."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    key = (name, get_language(), get_script_prefix(), get_urlconf())
    pattern = _patterns.get(key)
    if pattern is None:
        before, found, after = reverse(name, kwargs={"slug": PLACEHOLDER}).partition(PLACEHOLDER)
        if not found:  # not a route that shows the slug as it is: nothing to reuse
            return reverse(name, kwargs={"slug": slug})
        pattern = _patterns[key] = (before, after)
    return f"{pattern[0]}{slug}{pattern[1]}"
