"""A page of a listing's rows, read with SQL compiled once per question.

The ORM built a page's queryset (the filters applied, with the queries some of them ask first to
resolve a slug or a text; the order; the slice) and compiled it on every request: 0.5-2 ms, more
than the database spends answering it (with the real data, /klastry/ 7.1 ms a request, 6.1 with
the SQL kept; the investor's question 8.2, 6.2). The SQL and its parameters are a function of the
question alone: the listing, its query string (filters, sort, page), the language, the data
version (which every edit bumps: filters resolve slugs to rows, the hidden organisations' ids are
a parameter), the day (no filter reads it yet) and the database. So the first request of a
question builds and compiles its page as before, and keeps the SQL with what turns its rows into
model instances; the next ones run the kept SQL. The rows themselves are read from the database
on every request: only the SQL is kept, never what it finds.

Kept per thread, as ``core.listing.memo.built_once`` keeps querysets (a compiler belongs to one
connection), the last ``KEPT_QUESTIONS`` questions of each. Only model rows (annotations and
``select_related`` included) and ``values_list()`` tuples are kept; anything else (``values()``,
``prefetch_related``, a list) is evaluated as it is.
"""

import threading
import weakref
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import (
    ModelIterable,
    QuerySet,
    ValuesListIterable,
    get_related_populators,
)
from django.utils import translation
from django.utils.timezone import localdate

# about 30 KB a question kept (SQL, compiler): 3 MB a thread at the most
KEPT_QUESTIONS = 100

_threads = threading.local()


def question(version, *parts):
    """The key of a question asked under the data ``version`` (None when it is unknown: nothing is
    kept then), in the active language, today: ``parts`` say the rest."""
    if version is None:
        return None
    return (translation.get_language(), version, localdate(), *parts)


def page_rows(key, build, *, using="default"):
    """The rows of ``build()`` (a sliced queryset, built only when its SQL is not kept) as a list;
    ``key`` names the question (None: nothing is kept, the queryset is evaluated)."""
    if key is None:
        return build()
    kept = getattr(_threads, "kept", None)
    if kept is None:
        kept = _threads.kept = OrderedDict()
    full_key = (using, connections[using].vendor, *key)
    page = kept.get(full_key)
    if page is None:
        queryset = build()
        if not _readable(queryset):
            return queryset
        page = _KeptPage(queryset, using)
        kept[full_key] = page
        if len(kept) > KEPT_QUESTIONS:
            kept.popitem(last=False)
    else:
        kept.move_to_end(full_key)
    return page.rows()


def forget():
    """Forget this thread's kept SQL (tests)."""
    _threads.kept = OrderedDict()


def _readable(queryset):
    return (
        isinstance(queryset, QuerySet)
        and queryset._iterable_class in (ModelIterable, ValuesListIterable)
        and not queryset._prefetch_related_lookups
        and not queryset._known_related_objects
        and queryset.query.combinator is None
    )


class _KeptPage:
    """A compiled page query and what ``ModelIterable`` (or ``ValuesListIterable``) does with its
    rows (Django's own ``results_iter`` converts them, ``RelatedPopulator`` reads the rows of
    ``select_related``)."""

    def __init__(self, queryset, using):
        compiler = queryset.query.get_compiler(using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a question no row can answer (an empty choice): no query
            sql, params = None, ()
        self.sql, self.params = sql, tuple(params)
        self.compiler, self.using = compiler, using
        self.instances = queryset._iterable_class is ModelIterable
        if sql is None or not self.instances:
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
        if not self.instances:
            return list(self.compiler.results_iter(results=[fetched], tuple_expected=True))
        compiler, using, fetch_mode = self.compiler, self.using, self.fetch_mode
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
