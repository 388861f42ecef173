"""What every request of a listing builds the same until the data changes (a filter's options and
their labels: hundreds of specialisations, partner countries), kept in this process's memory under
the data version (``core.data_version``).

A listing's form built those options per request: a model instance, a translated label and a Polish
sort key per option, a third of an uncached page's time at a national catalogue's size. Kept here,
they are rebuilt once per data version and language; an edit bumps the version, so the next request
builds them again. Only the latest version of each entry is kept (the memory stays bounded).
"""

import logging
import threading

from django.utils import translation

from core import compiled_pages

from .counts import count_seconds, forget_kept_counts

logger = logging.getLogger(__name__)

_entries = {}


def current_data_version():
    """The data version, or None when it cannot be read (the cache is unreachable) or the caches
    of listings are off (LISTING_COUNT_SECONDS=0, the tests' default)."""
    if not count_seconds():
        return None
    try:
        from core.data_version import current_version

        return current_version()
    except Exception:
        logger.warning("Listing options: the data version cannot be read; building", exc_info=True)
        return None


def per_data_version(key, compute, version=None):
    """``compute()``, built once per ``key``, language and data version in this process.
    ``version``: the data version, when the caller has read it already."""
    version = version if version is not None else current_data_version()
    if version is None:
        return compute()
    full_key = (key, translation.get_language())
    entry = _entries.get(full_key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    _entries[full_key] = (version, value)
    return value


# Querysets built once per thread, key and language: {(key, language): QuerySet} per thread.
_querysets = threading.local()


def built_once(key, build):
    """A clone of ``build()``, a queryset built once per ``key`` and language in this thread.

    A listing's rows are the same question on every request until its filters are applied: the
    public rows with the columns and annotations its cards read (subqueries, each resolved against
    the model by Django). Built per request that cost 0.75 ms; a clone of it costs 0.007. The
    stored queryset is never evaluated (each caller gets a clone), and it holds no data: what it
    finds is read when a clone runs. Not for a queryset that depends on the request or the date.

    Per thread, not per process: a clone shares its subqueries with the stored queryset, and
    compiling a subquery changes its reference counts for a moment, so two threads (gunicorn's
    gthread workers run two) must not compile the same one at once.
    """
    built = getattr(_querysets, "built", None)
    if built is None:
        built = _querysets.built = {}
    full_key = (key, translation.get_language())
    queryset = built.get(full_key)
    if queryset is None:
        queryset = built[full_key] = build()
    return queryset.all()


def clear():
    """Forget every entry, the counts kept with them and this thread's querysets and pages' SQL
    (tests)."""
    _entries.clear()
    forget_kept_counts()
    _querysets.built = {}
    compiled_pages.forget()
