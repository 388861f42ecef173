"""Several short lists of a page read by one query, whose SQL is compiled once per process.

A profile names a dozen kinds of related rows (a cluster's member reports, partner countries,
events, labels, sources…). Read one queryset each, they cost a dozen round trips, a dozen plans in
the database and, above all, Django building and compiling a dozen querysets on every visit: about
a millisecond each, more than the database spends on such short lists.

Here each list is a *branch*: a queryset whose one column is a JSON object of the row (its fields
and those of the rows it joins), tagged with the branch and the row's position in the list's own
order (``ROW_NUMBER()`` over it). ``RowQuery`` joins the branches with ``UNION ALL`` and compiles
them once per database, language and shape: the SQL is the same for every visit (the language
decides the translated columns and orders), only the key values differ, so each visit runs the
stored SQL with its own values, prepared once per connection (``core.prepared``: after a few
runs PostgreSQL no longer plans it either). ``instance()`` turns a row back into a model instance, so models'
methods and templates work on it as on one the ORM read.
"""

import datetime
import json
import re

from django.conf import settings
from django.db import connections
from django.db.models import Func, JSONField, Value, Window
from django.db.models.base import ModelState
from django.db.models.functions import RowNumber
from django.db.models.query_utils import DeferredAttribute
from django.utils import translation
from modeltranslation.fields import TranslationFieldDescriptor

from .languages import is_translated, localized
from .placeholders import Placeholder, refuse_made_from_placeholders, slots_of
from .prepared import prepared_cursor

_KEY = re.compile(r"[a-z_][a-z0-9_]*")  # used with fullmatch: no trailing newline


class JSONRow(Func):
    """A JSON object of ``key=expression`` pairs, its keys written into the SQL (they are
    identifiers chosen by the code, checked here): ``JSONObject`` sends each key as a parameter,
    hundreds of them for a profile's rows."""

    output_field = JSONField()

    # PostgreSQL passes a function at most 100 arguments (SQLite 127): 50 keys and their values
    MAX_KEYS = 50

    def __init__(self, **fields):
        for key in fields:
            if not _KEY.fullmatch(key):
                raise ValueError(f"Not a plain key: {key!r}")
        if len(fields) > self.MAX_KEYS:
            raise ValueError(f"A JSON row holds at most {self.MAX_KEYS} values: pass `only=`")
        self.keys = list(fields)
        super().__init__(*fields.values())

    def as_sql(self, compiler, connection, **extra_context):
        function = "JSON_BUILD_OBJECT" if connection.vendor == "postgresql" else "JSON_OBJECT"
        parts, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, expression_params = compiler.compile(expression)
            parts.append(f"'{key}', {sql}")
            params.extend(expression_params)
        return f"{function}({', '.join(parts)})", params

    def get_group_by_cols(self):
        """The columns inside, not the object itself: a branch over a grouped queryset (counts
        by kind) groups by its values, and PostgreSQL cannot group by a JSON value."""
        return [
            col for source in self.get_source_expressions() for col in source.get_group_by_cols()
        ]


def row_fields(model, path="", *, only=None):
    """{JSON key: field path} for the columns of ``model`` (all, or the attnames ``only`` names)
    reached through ``path`` (e.g. ``"source"`` from an event): keys are ``<path>__<attname>``."""
    return {
        f"{path}__{field.attname}" if path else field.attname: (
            f"{path}__{field.attname}" if path else field.attname
        )
        for field in model._meta.concrete_fields
        if only is None or field.attname in only
    }


def branch(queryset, fields, ordering=()):
    """``queryset`` as one branch of a ``RowQuery``: its rows as JSON objects of ``fields``
    ({key: field path or expression}), each with its position in ``ordering``."""
    return (queryset.order_by(), fields, list(ordering))


def _branch_sql(spec, index):
    queryset, fields, ordering = spec
    position = Window(RowNumber(), order_by=ordering) if ordering else Value(0)
    return queryset.annotate(_row=JSONRow(_k=Value(index), _r=position, **fields)).values_list(
        "_row", flat=True
    )


def model_ordering(queryset, *, leave_out=()):
    """The order ``queryset`` reads its rows in (its own, else its model's), as
    django-modeltranslation rewrote it for the active language (``name`` → ``name_en``): a
    window's order is not rewritten. Fields named in ``leave_out`` (with their language suffix)
    are dropped: a branch of one cluster's rows needs no order by cluster.

    A translated field is ordered as the page shows it (``localized``: its value in the page's
    language, else the Polish one), and the id comes last: ordered by ``name_en`` alone, the rows
    without an English name were equal, and came in whatever order the plan read them (two
    projects of the English profile changed places after an ANALYZE)."""
    ordering = (
        queryset.query.order_by or queryset.order_by(*queryset.model._meta.ordering).query.order_by
    )
    dropped = {f"{name}_{code}" for name in leave_out for code, _name in settings.LANGUAGES}
    dropped.update(leave_out)
    kept = [item for item in ordering if not (isinstance(item, str) and item in dropped)]
    return [_as_shown(queryset.model, item) for item in kept] + ["pk"]


def _as_shown(model, item):
    """An ordering ``item`` naming a translated field's column in a language other than Polish
    (``"-sector__name_en"``) as the ``localized`` value of the field; any other as it is."""
    if not isinstance(item, str):
        return item
    name = item.removeprefix("-")
    path, _sep, attname = name.rpartition("__")
    field, _sep, language = attname.rpartition("_")
    if not field or language == settings.LANGUAGE_CODE or language not in _LANGUAGES:
        return item
    target = model
    for part in path.split("__") if path else ():
        target = target._meta.get_field(part).related_model
    if not is_translated(target, field):
        return item
    shown = localized(f"{path}__{field}" if path else field, language)
    return shown.desc() if item.startswith("-") else shown.asc()


_LANGUAGES = {code for code, _name in settings.LANGUAGES}


# (query, shape) of the RowQueries a page asks in the same shape on every visit: compiled ahead,
# in every language, by gunicorn's master before it forks (``compile_ahead``, config/warm_up.py)
_AHEAD = []


def compile_ahead(using="default"):
    """Compile the statements of every RowQuery declared with ``ahead`` in each language, so that
    no worker composes them on its first visits (a profile's: ~15 ms). Their SQL needs the
    database's vendor only, not a connection. Returns how many statements were compiled."""
    compiled = 0
    for query, shape in _AHEAD:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                query._compile(using, shape, {})
            compiled += 1
    return compiled


class RowQuery:
    """Named branches (``build(**placeholders)`` → {name: branch}) read in one query.

    ``rows(**values)`` returns {name: [row dict, in the branch's order]}. The SQL is compiled the
    first time per database, language, ``shape`` (what else changes the SQL, e.g. a preview's
    size) and length of each list placeholder, and kept: ``build`` is given ``Placeholder``
    expressions, whose slots are found among the compiled parameters and replaced by each call's
    values. A placeholder is of kind ``int`` (an id), ``str`` (a slug) or ``list`` (ids for an
    ``__in`` lookup, never empty; one compiled query per length, so only for lists of few lengths,
    e.g. an ecosystem's clusters). ``build`` may only pass them to lookups: a value computed from
    one (its text, a sum) would be computed once, at compile time. An ``int`` given as None (a
    cluster of no ecosystem) is run as 0, which no row's id is: the lookup finds nothing, as
    ``= NULL`` does, and the prepared statement (``core.prepared``) keeps its parameters' types.
    ``ahead``: the shape a page always asks (a query of no list placeholder), compiled ahead by
    ``compile_ahead``.
    """

    def __init__(self, build, *, ahead=None, **kinds):
        self._build = build
        self._kinds = kinds
        self._compiled = {}
        if ahead is not None:
            if list in kinds.values():
                raise TypeError(
                    "A query with a list placeholder has no one shape to compile ahead."
                )
            _AHEAD.append((self, ahead))

    def _placeholders(self, lengths):
        return {
            name: Placeholder(name, lengths[name] if kind is list else None)
            for name, kind in self._kinds.items()
        }

    def _compile(self, using, shape, lengths):
        # the vendor too: a test may point the alias at another database (tests/db_outage.py)
        vendor = connections[using].vendor
        key = (using, vendor, translation.get_language(), shape, tuple(sorted(lengths.items())))
        compiled = self._compiled.get(key)
        if compiled is None:
            branches = self._build(**self._placeholders(lengths))
            names = list(branches)
            querysets = [_branch_sql(spec, index) for index, spec in enumerate(branches.values())]
            union = querysets[0].union(*querysets[1:], all=True) if querysets[1:] else querysets[0]
            sql, params = union.order_by().query.get_compiler(using).as_sql()
            if vendor == "postgresql":
                # one JSON array of every row: parsed by one json.loads, not one per row
                sql = f"SELECT JSON_AGG(listed.row) FROM ({sql}) AS listed(row)"  # noqa: S608
            slots = slots_of(params)
            _check_slots(self._kinds, lengths, params, slots)
            compiled = self._compiled[key] = (names, sql, list(params), slots)
        return compiled

    def rows(self, *, using="default", shape=(), **values):
        if set(values) != set(self._kinds):
            raise TypeError(
                f"RowQuery.rows() takes the placeholders {sorted(self._kinds)} (and using, "
                f"shape), not {sorted(values)}"
            )
        lengths = {name: len(values[name]) for name, kind in self._kinds.items() if kind is list}
        if not all(lengths.values()):
            raise ValueError("A list placeholder needs at least one value.")
        names, sql, params, slots = self._compile(using, shape, lengths)
        params = list(params)
        for index, (name, position) in slots.items():
            value = values[name] if position is None else values[name][position]
            params[index] = 0 if value is None and self._kinds[name] is int else value
        with prepared_cursor(using) as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if connections[using].vendor == "postgresql":
            (listed,) = fetched[0]
            fetched = [(row,) for row in _loaded(listed) or ()]
        found = {name: [] for name in names}
        for (row,) in fetched:
            row = _loaded(row)
            found[names[row["_k"]]].append(row)
        for rows in found.values():
            rows.sort(key=_position)
        return found


def _check_slots(kinds, lengths, params, slots):
    """Every placeholder (each position of a list) in the compiled query, and no parameter made
    from one's text: either would run with the value of the first visit, or none."""
    found = set(slots.values())
    wanted = {
        (name, position)
        for name, kind in kinds.items()
        for position in (range(lengths[name]) if kind is list else (None,))
    }
    if missing := wanted - found:
        raise ValueError(
            f"Placeholders not found in the compiled query: {sorted(missing, key=str)}"
        )
    refuse_made_from_placeholders(params)


def _loaded(value):
    """JSON as the driver gave it: decoded already (psycopg), or text (SQLite's rows); None for
    PostgreSQL's aggregate of no rows."""
    return json.loads(value) if isinstance(value, str) else value


def _position(row):
    return row["_r"]


def _datetime(value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = datetime.datetime.fromisoformat(value)
    if settings.USE_TZ and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value[:10])


def _boolean(value):
    return value if value is None else bool(value)


# How a column's value comes back from JSON, by the field's internal type (None: as it is): a date
# is a string there, SQLite gives booleans as 0/1 and datetimes without their zone (in UTC). Only
# the types the models use: another (a decimal, UUID, time, duration, JSON…) would come back as
# JSON wrote it, silently of the wrong type, so a model that gains one is refused until it is here.
_CONVERTERS = {
    "DateTimeField": _datetime,
    "DateField": _date,
    "BooleanField": _boolean,
    **dict.fromkeys(
        (
            *("AutoField", "BigAutoField", "SmallAutoField"),
            *("IntegerField", "BigIntegerField", "SmallIntegerField"),
            *("PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField"),
            *("CharField", "TextField", "SlugField"),  # EmailField, URLField: CharField
        )
    ),
}


def _converter(field):
    """The function turning ``field``'s JSON value into its Python value, or None."""
    if field.remote_field is not None:  # a foreign key holds its target's value
        return _converter(field.target_field)
    kind = field.get_internal_type()
    # a field's own from_db_value (a custom type) is not run on these rows either
    if kind not in _CONVERTERS or hasattr(field, "from_db_value"):
        raise TypeError(
            f"{field.model.__name__}.{field.name} ({type(field).__name__}, {kind}) cannot be "
            "read from JSON rows: core.json_rows converts only the types in _CONVERTERS"
        )
    return _CONVERTERS[kind]


_COLUMNS = {}

# How a column's value goes onto an instance, as ``Model.__init__`` puts it there.
_STORE, _SET = "store", "set"


def _placement(model, attname):
    """``_STORE`` in the instance's ``__dict__``: a plain column, a foreign key's id, and the
    original column of a django-modeltranslation field (its descriptor stores it there while the
    model is constructed, leaving the language columns alone); or ``_SET`` through the attribute's
    own descriptor (e.g. django-countries' ``CountryField``, which cleans it)."""
    descriptor = next(
        (klass.__dict__[attname] for klass in model.__mro__ if attname in klass.__dict__), None
    )
    if descriptor is None or isinstance(descriptor, DeferredAttribute | TranslationFieldDescriptor):
        return _STORE  # ForeignKeyDeferredAttribute too: it only drops a cached object on change
    return _SET


def _columns(model, only):
    """[(attname, converter, placement)] of ``model``'s columns (those in ``only``), in order."""
    key = (model, only)
    columns = _COLUMNS.get(key)
    if columns is None:
        columns = _COLUMNS[key] = [
            (field.attname, _converter(field), _placement(model, field.attname))
            for field in model._meta.concrete_fields
            if only is None or field.attname in only
        ]
    return columns


def instance(model, row, path="", *, only=None, using="default"):
    """The ``model`` instance a row holds under ``path`` (as ``row_fields`` named its columns;
    ``only``: a tuple of the attnames read, the others deferred), or None when the row joined
    none (a null foreign key).

    Built as ``Model.from_db`` builds one (the same ``__dict__``), without running ``__init__``
    (its signals, and django-modeltranslation's wrapper): 3 µs instead of 15-20, for pages that
    show hundreds of rows. Only for reading: the rows are never saved.
    """
    start = f"{path}__" if path else ""
    if row.get(f"{start}{model._meta.pk.attname}") is None:
        return None
    item = model.__new__(model)
    state = item._state = ModelState()
    state.adding = False
    state.db = using
    values = item.__dict__
    for attname, convert, placement in _columns(model, only):
        value = row[f"{start}{attname}"]
        if convert is not None:
            value = convert(value)
        if placement is _STORE:
            values[attname] = value
        else:
            setattr(item, attname, value)
    return item
