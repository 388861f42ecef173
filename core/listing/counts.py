"""Exact counts of a listing (its result count, its facets' counts, the home page's totals), kept
in the shared cache until the data changes.

At a national catalogue's size a count reads every public row (200,000 organisations): too slow to
run per request, and the same for every visitor until somebody edits the directory. So a count is
computed once per question (listing, language, the filters it depends on) and stored under the
data version (``core.data_version``), which every write bumps: a stored count is always the count
of the current data, never an estimate. The timeout only bounds how long an unused entry is kept.
"""

import hashlib
import json
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from core.compiled_pages import key_with, page_rows

logger = logging.getLogger(__name__)

# Without a data version to follow (before the shared cache's version exists) an entry may be
# stale for this long after an edit.
UNVERSIONED_COUNT_SECONDS = 60

# The counts this process has read, all of one data version: (version, since, {key: value}),
# replaced whole (one assignment, so a thread never sees one version's counts under another).
# Bounded: past this many entries (every combination of filters has its own; a page asks for up to
# ten) they are dropped and read again, and so they are after count_seconds(), as the shared cache
# forgets them (an edit whose bump could not reach the cache shows by then).
KEPT_COUNTS_MAX = 300
_kept = (None, 0.0, {})


def count_seconds():
    """How long a count is kept (settings.LISTING_COUNT_SECONDS, default an hour); 0 turns the
    cache of counts off (the tests' default: their writes never commit, so never bump the
    version)."""
    return getattr(settings, "LISTING_COUNT_SECONDS", 60 * 60)


def _data_version():
    try:
        from core.data_version import current_version
    except ImportError:  # before the shared cache's data version is in place
        return None
    return current_version()


def cached_count(parts, compute, version=None):
    """``compute()`` (a number or a dict of numbers), stored under ``parts`` (JSON-able, naming
    the question) and the current data version (``version``: when the caller has read it
    already; a page asking several counts reads it once). The value is shared: read it, never
    change it."""
    seconds = count_seconds()
    if not seconds:
        return compute()
    try:
        version = version or _data_version()
        digest = hashlib.sha256(json.dumps([version, *parts], default=str).encode()).hexdigest()
        key = f"listing-count:{digest}"
        kept = _kept_counts(version) if version else {}
        if key in kept:
            return kept[key]
        value = cache.get(key)
    except Exception:  # an unreachable cache: count, as without one
        logger.warning("Listing counts: the cache cannot be read; counting", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, seconds if version else min(seconds, UNVERSIONED_COUNT_SECONDS))
        except Exception:  # as above
            logger.warning("Listing counts: the cache cannot be written", exc_info=True)
    kept[key] = value
    return value


def _kept_counts(version):
    """The counts this process keeps for ``version`` (those of an older version are dropped)."""
    global _kept
    kept_version, since, counts = _kept
    now = time.monotonic()
    if kept_version != version or len(counts) >= KEPT_COUNTS_MAX or now - since > count_seconds():
        counts = {}
        _kept = (version, now, counts)
    return counts


def forget_kept_counts():
    """Forget the counts this process keeps (tests)."""
    global _kept
    _kept = (None, 0.0, {})


class CachedCountPaginator(Paginator):
    """A paginator told its total by ``count()`` (a cached count) instead of counting its rows,
    and paging through at most ``max_rows`` of them: a page deep in 200,000 rows makes the
    database read and check every row before it (an OFFSET), so the pages stop there and the page
    says how to reach the rest (narrower filters, the CSV). ``total`` is the whole count.
    From ``ids_first_from`` rows skipped on (None: never), a page's ids are read first (``_rows``)."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        count,
        max_rows=None,
        ids_first_from=None,
        sql_key=None,
        **kwargs,
    ):
        # object_list: the rows, or a function building them, called only when the page's SQL is
        # not kept (``sql_key``: the question, core.compiled_pages; None: nothing is kept)
        super().__init__(object_list, per_page, **kwargs)
        self._count = count
        self.max_rows = max_rows
        self.ids_first_from = ids_first_from
        self.sql_key = sql_key

    @cached_property
    def total(self):
        return self._count()

    @cached_property
    def count(self):
        """The rows the pages hold (``total`` up to ``max_rows``)."""
        return self.total if self.max_rows is None else min(self.total, self.max_rows)

    @property
    def capped(self):
        return self.total > self.count

    def page(self, number):
        # Django's, but for how it reads the rows of a page (``_rows``)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        key = key_with(self.sql_key, bottom, top)
        return self._get_page(page_rows(key, lambda: self._rows(bottom, top)), number, self)

    def _rows(self, bottom, top):
        """The rows from ``bottom`` to ``top``. Deep in a list, the ids of the page first: asked
        for the rows at once, the database works out every value of each row it skips (a
        cluster's latest report and activity: four subqueries per row, 14 of 25 ms on page 57
        of 2,000 clusters), while the ids alone need only the order. Not before: the second
        query costs more than the values of a few rows skipped (page 2 of 2,000 clusters: 9.1 ms a
        request with the ids first, 7.9 without)."""
        rows = self.object_list() if callable(self.object_list) else self.object_list
        few_skipped = self.ids_first_from is None or bottom < self.ids_first_from
        if few_skipped or not isinstance(rows, QuerySet):
            return rows[bottom:top]
        return rows.filter(pk__in=rows.values("pk")[bottom:top])
