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


def slug_url_maker(name):
    """``slug_url`` for the many rows of one route on one page: the route's address found once,
    then each row's only a string joined (``slug_url`` looks up the language, script prefix and
    URL configuration on every call: a few µs each, hundreds of times on a long list)."""
    before, found, after = slug_url(name, PLACEHOLDER).partition(PLACEHOLDER)
    if not found:
        return lambda slug: slug_url(name, slug)

    def make(slug):
        if isinstance(slug, str) and _SLUG.fullmatch(slug):
            return f"{before}{slug}{after}"
        return reverse(name, kwargs={"slug": slug})

    return make
