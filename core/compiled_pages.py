"""A page of rows read with SQL compiled once per question.

The ORM built a page's queryset (a listing's filters applied, with the queries some of them ask
first to resolve a slug or a text; the order; the slice) and compiled it on every request, which
cost more than the database spends answering it: 0.5-2.5 ms a request, a sixth of an uncached
listing, half of ``/kraje/`` with the real data. The SQL and its parameters are a function of the
question alone: the page, what its query string asks (filters, sort, page), the language, the data
version (which every edit bumps: filters resolve slugs to rows, the hidden organisations' ids are a
parameter), the day (no filter reads it yet) and the database. So the first request of a question
builds and compiles its queryset as before, and keeps the SQL with what turns its rows into model
instances (or tuples); the next ones run the kept SQL. The rows themselves are read from the
database on every request: only the SQL is kept, never what it finds.

Unlike ``core.compiled_rows.IdsQuery`` (one query written once per process with slots for the
ids), each question is kept whole, parameters included, as it was compiled for the first request
that asked it.

Kept per thread, as ``core.listing.memo.built_once`` keeps querysets (a compiler belongs to one
connection): the last ``KEPT_QUESTIONS`` questions of the current data version, all forgotten when
the version changes. Only model rows (annotations and ``select_related`` included) and
``values_list()`` tuples are kept; anything else (``values()``, ``prefetch_related``, a list) is
evaluated as it is.
"""

import threading
import weakref
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import (
    ModelIterable,
    QuerySet,
    ValuesListIterable,
    get_related_populators,
)
from django.utils import translation
from django.utils.timezone import localdate

# A question kept weighs about 30 KB (its SQL and compiler): 3 MB a thread at the most.
KEPT_QUESTIONS = 100

_threads = threading.local()


def page_key(version, *parts):
    """The key of a question asked under the data ``version`` in the active language, today;
    ``parts`` say the rest. None when the version is unknown (the caches of listings off, the
    cache unreachable): nothing is kept then. A new version forgets the questions of the old."""
    if version is None:
        return None
    if getattr(_threads, "version", None) != version:
        forget()
        _threads.version = version
    return (translation.get_language(), version, localdate(), *parts)


def key_with(key, *parts):
    """The question ``key`` narrowed by ``parts`` (a slice, a specialisation); None stays None."""
    return None if key is None else (*key, *parts)


def page_rows(key, build):
    """The rows ``build()`` finds (a sliced queryset, built only when the SQL of question ``key`` is
    not kept) as a list; the queryset itself, unevaluated, when ``key`` is None or its SQL cannot
    be kept."""
    if key is None:
        return build()
    kept = _kept()
    full_key = (connections[DEFAULT_DB_ALIAS].vendor, *key)
    page = kept.get(full_key)
    if page is None:
        queryset = build()
        if not _keepable(queryset):
            return queryset
        page = _KeptPage(queryset)
        kept[full_key] = page
        if len(kept) > KEPT_QUESTIONS:
            kept.popitem(last=False)
    else:
        kept.move_to_end(full_key)
    return page.rows()


def forget():
    """Forget this thread's kept SQL."""
    _threads.kept = OrderedDict()


def _kept():
    kept = getattr(_threads, "kept", None)
    if kept is None:
        kept = _threads.kept = OrderedDict()
    return kept


def _keepable(queryset):
    return (
        isinstance(queryset, QuerySet)
        and queryset._iterable_class in (ModelIterable, ValuesListIterable)
        and not queryset._prefetch_related_lookups
        and not queryset._known_related_objects
        and queryset.query.combinator is None
    )


class _KeptPage:
    """A compiled page query and what ``ModelIterable`` (or ``ValuesListIterable``) does with its
    rows: Django's own ``results_iter`` converts them, ``RelatedPopulator`` reads the rows of
    ``select_related``, as in Django 6.1."""

    def __init__(self, queryset):
        using = queryset.db
        compiler = queryset.query.get_compiler(using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a question no row can answer (an empty choice): no query
            sql, params = "", ()
        self.sql, self.params = sql or None, tuple(params)
        self.compiler, self.using = compiler, using
        # a DISTINCT query orders by columns it selects only for that: cut off, as Django does
        self.width = compiler.col_count if compiler.has_extra_select else None
        self.makes_instances = queryset._iterable_class is ModelIterable
        if self.sql is None or not self.makes_instances:
            return
        self.fetch_mode = queryset._fetch_mode
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.annotations = list(compiler.annotation_col_map.items())

    def rows(self):
        if self.sql is None:
            return []
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params)
            fetched = cursor.fetchall()
        if self.width is not None:
            fetched = [row[: self.width] for row in fetched]
        compiler = self.compiler
        if not self.makes_instances:
            return list(compiler.results_iter(results=[fetched], tuple_expected=True))
        using, fetch_mode = self.using, self.fetch_mode
        # made per read: a populator keeps the instances it made (their peers)
        populators = get_related_populators(compiler.klass_info, compiler.select, using, fetch_mode)
        model, init_list, start, end = self.model, self.init_list, self.start, self.end
        found, peers = [], []
        for row in compiler.results_iter(results=[fetched]):
            instance = model.from_db(using, init_list, row[start:end], fetch_mode=fetch_mode)
            if fetch_mode.track_peers:
                peers.append(weakref.ref(instance))
                instance._state.peers = peers
            for populator in populators:
                populator.populate(row, instance)
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found
