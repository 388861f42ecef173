"""A query of values over a page's ids, compiled once per process.

A listing's cards read their rows' related values (specialisations, clusters) with one short
query each, keyed by the ids of the page's rows. Built and compiled by the ORM on every request,
such a query costs Django about a millisecond, more than the database spends answering it; its
SQL differs only by the number of ids. ``IdsQuery`` compiles it once per database, language and
number of ids (a page holds at most a few dozen rows: a few dozen compiled texts) with a list
placeholder (``core.placeholders``) for the ids, and runs the stored SQL with each request's ids
in its slots, prepared once per connection (``core.prepared``), as ``core.json_rows`` does for
the profiles' branches, here without the JSON: the values as the queryset's ``values_list`` gives
them, without the fields' converters or django-modeltranslation's fallbacks: for ids and text,
named by plain columns and annotations.
"""

from django.db import connections
from django.utils import translation

from .placeholders import Placeholder, refuse_made_from_placeholders, slots_of
from .prepared import prepared_cursor


class IdsQuery:
    """``build(ids)`` → a ``values_list`` queryset, ``ids`` given to an ``__in`` lookup;
    ``rows(ids)`` → its rows (tuples in the order of its ``values_list`` fields)."""

    def __init__(self, build):
        self._build = build
        self._compiled = {}

    def _compile(self, using, count):
        # the vendor too: a test may point the alias at another database (tests/db_outage.py)
        key = (using, connections[using].vendor, translation.get_language(), count)
        compiled = self._compiled.get(key)
        if compiled is None:
            queryset = self._build(Placeholder("ids", count))
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            slots = {index: position for index, (_name, position) in slots_of(params).items()}
            if sorted(slots.values()) != list(range(count)):
                raise ValueError("Each id must be a parameter of the compiled query, once.")
            refuse_made_from_placeholders(params)
            # the columns in the order the fields were named (the compiler may put an
            # annotation first; django-modeltranslation's iterable puts it back)
            selected = [alias for _expression, _sql, alias in compiler.select]
            fields = getattr(queryset, "original_fields", None) or queryset._fields
            order = [selected.index(name) for name in fields]
            compiled = self._compiled[key] = (sql, list(params), slots, order)
        return compiled

    def rows(self, ids, *, using="default"):
        ids = list(ids)
        if not ids:
            return []
        sql, params, slots, order = self._compile(using, len(ids))
        params = list(params)
        for index, position in slots.items():
            params[index] = ids[position]
        with prepared_cursor(using) as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if order == list(range(len(fetched[0]) if fetched else 0)):
            return fetched
        return [tuple(row[index] for index in order) for row in fetched]
