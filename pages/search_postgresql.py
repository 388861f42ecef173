"""The site search's PostgreSQL engine: one query per kind of record, its SQL written once per
process for each kind, languages and number of words (``statement``), its rows built directly.

What it asks is ``pages.search``'s rule (see its docstring): every word a prefix of a word of the
stored document, or every word close to a word of the name, in each language; the first
``candidates`` rows named after the query and the first ``candidates`` matching anywhere ranked by
``ts_rank`` plus the name's similarity; the matches counted up to ``cap``. Asked through the ORM this
took four expression trees per kind, built and compiled on every request (two thirds of the page's
time); the SQL is the same for every request but for its parameters, so it is composed once.

One statement per kind: the matches (up to ``cap``, the count) are a materialized CTE whose first
``candidates`` rows are also the candidates matching anywhere, so the index scan that counts is the
one that finds them. Only the columns the results show are read (not a cluster's description).
The CTE takes the rows the documents match first and the near misses only while it is short of the
cap: a near miss is checked on the row (trigram similarity of the unaccented name, ~5 µs a row),
a document match hardly at all, and for a common word ("medycyna": 4,000 organisations at scale)
the documents alone reach the cap, so no near miss is checked (17.8 → 11.9 ms).

Which rows are public is ``public()``'s condition as the ORM writes it: for an organisation, its
``listed`` column, read with the row the document matched.
"""

import functools

from django.conf import settings
from django.contrib.postgres.search import quote_lexeme
from django.db import connection

from core.db_functions import (
    POSTGRESQL_POLISH_COLLATION,
    STORED_DOCUMENT_CONFIGS,
    UNACCENT_FUNCTION,
    stored_document_column,
)
from core.languages import column, is_translated
from core.prepared import prepared_cursor

# The text-search configuration of each language's columns: Polish words as written (no Polish
# stemmer ships with PostgreSQL), English ones stemmed ("medical" finds "Medicine").
CONFIGS = STORED_DOCUMENT_CONFIGS


def ranked(kind, query, words, languages, *, limit, candidates, cap):
    """(the ``limit`` best rows of ``kind`` as model instances, the matches counted up to ``cap``)."""
    sql, params = statement(
        kind, query, words, languages, limit=limit, candidates=candidates, cap=cap
    )
    with _cursor(kind) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    reader = _reader(kind.key)
    return [reader(row) for row in rows], (rows[0][-1] if rows else 0)


def _cursor(kind):
    """A cursor for ``kind``'s statement: one that prepares it (``core.prepared``) for a kind
    whose statement is to be (``Kind.prepared``: a small table, which one plan serves whatever the
    words, and whose planning cost more than its running: clusters at scale 3.1 ms, 1.8 ms
    prepared)."""
    return prepared_cursor() if kind.prepared else connection.cursor()


def statement(kind, query, words, languages, *, limit, candidates, cap):
    """(SQL, parameters) of ``ranked``: the parameters in the order of ``_sql``'s placeholders."""
    prefixes = functools.reduce(lambda left, right: f"({left} & {right})", map(_prefix, words))
    documents = [prefixes] * len(languages)
    near_misses = [*words] * len(languages)
    sql, public = _sql(kind.key, tuple(languages), len(words))
    params = [
        *public,  # the matches (the CTE), up to the cap: by the documents…
        *documents,
        cap,
        *public,  # … then the near misses the documents did not match
        *near_misses,
        *documents,
        cap,
        cap,
        *[prefixes] * len(languages),  # the rank: ts_rank in each language…
        *[query] * len(languages),  # … plus the name's similarity
        *public,  # the candidates named after the query
        *[prefixes] * len(languages),
        candidates,
        candidates,  # the first matches
        limit,
    ]
    return sql, params


def _prefix(word):
    return f"{quote_lexeme(word)}:*"


@functools.lru_cache(maxsize=128)  # kinds × page languages × numbers of words: a few dozen
def _sql(kind_key, languages, word_count):
    kind = _kind(kind_key)
    model = kind.model
    table = _quote(model._meta.db_table)
    public, public_params = _public_condition(model)
    documents = " OR ".join(_document_match(table, language) for language in languages)
    near_misses = " OR ".join(
        _near_misses(model, table, language, word_count) for language in languages
    )
    # A name or alias matching the query is a match: the document holds the same words.
    named = " OR ".join(
        f"{table}.{_quote(stored_document_column(language, names=True))} "
        f"@@ to_tsquery('{CONFIGS[language]}'::regconfig, %s)"
        for language in languages
    )
    rank = " + ".join(
        f"ts_rank({table}.{_quote(stored_document_column(language))}, "
        f"to_tsquery('{CONFIGS[language]}'::regconfig, %s))"
        for language in languages
    )
    similarity = ", ".join(
        f"STRICT_WORD_SIMILARITY({UNACCENT_FUNCTION}(%s), "
        f"{UNACCENT_FUNCTION}({table}.{_quote(column(model, 'name', language))}))"
        for language in languages
    )
    columns, joins = _shown_columns(kind, table)
    where = f"{public} AND " if public else ""
    # Only the models' table and column names and this module's constants are composed into the
    # text; what a visitor typed is always a parameter.
    sql = (
        f"WITH matching AS MATERIALIZED ("  # noqa: S608
        f"(SELECT {table}.id FROM {table} WHERE {where}({documents}) LIMIT %s) UNION ALL "
        f"(SELECT {table}.id FROM {table} WHERE {where}({near_misses}) "
        f"AND ({documents}) IS NOT TRUE LIMIT %s) LIMIT %s) "
        f"SELECT {', '.join(columns)}, "
        f"({rank}) + GREATEST({similarity}) AS search_rank, "
        f"(SELECT COUNT(*) FROM matching) AS search_total "
        f"FROM {table}{joins} WHERE {table}.id IN ("
        f"(SELECT {table}.id FROM {table} WHERE {where}({named}) LIMIT %s) "
        f"UNION (SELECT id FROM matching LIMIT %s)) "
        f"ORDER BY search_rank DESC, {_name_order(model, table, languages[0])} LIMIT %s"
    )
    return sql, public_params


def _document_match(table, language):
    """Every word a prefix of a word of the document (its GIN index answers)."""
    document = f"{table}.{_quote(stored_document_column(language))}"
    return f"{document} @@ to_tsquery('{CONFIGS[language]}'::regconfig, %s)"


def _near_misses(model, table, language, word_count):
    """Every word close to a word of the name (``%>>``, strict word similarity: "medycna" finds
    "Medycyna"; its trigram index answers)."""
    name = f"{UNACCENT_FUNCTION}({table}.{_quote(column(model, 'name', language))})"
    near_misses = " AND ".join(
        f"{name} %%>> {UNACCENT_FUNCTION}(%s)" for _word in range(word_count)
    )
    return f"({near_misses})"


def _name_order(model, table, language):
    """The name as the page shows it, in the Polish alphabet (``PolishCollate(localized("name"))``)."""
    polish = f"{table}.{_quote(column(model, 'name', settings.LANGUAGE_CODE))}"
    own = column(model, "name", language)
    name = (
        polish
        if language == settings.LANGUAGE_CODE or not own
        else (f"COALESCE(NULLIF({table}.{_quote(own)}, ''), {polish})")
    )
    return f'{name} COLLATE "{POSTGRESQL_POLISH_COLLATION}"'


def _public_condition(model):
    """The WHERE condition of ``model.objects.public()`` on the model's table as the ORM writes it,
    and its parameters (constants: the LIMIT 1 of an EXISTS)."""
    sql, params = model.objects.public().order_by().values_list("pk").query.sql_with_params()
    _select, found, condition = sql.partition(" WHERE ")
    return (f"({condition})", list(params)) if found else ("", [])


def _shown_columns(kind, table):
    """The columns of what a result shows (``kind.shown``, in every language) and of the related
    row it names (``kind.related``), and the join of that row."""
    columns = [f"{table}.{_quote(name)}" for name in _attnames(kind.model, kind.shown)]
    joins = ""
    for field_name, shown in kind.related:
        field = kind.model._meta.get_field(field_name)
        related = _quote(field.related_model._meta.db_table)
        alias = _quote(f"search_{field_name}")
        columns += [f"{alias}.{_quote(name)}" for name in _attnames(field.related_model, shown)]
        join = "INNER" if not field.null else "LEFT OUTER"
        joins += f" {join} JOIN {related} {alias} ON {alias}.id = {table}.{_quote(field.attname)}"
    return columns, joins


def _attnames(model, shown):
    """The concrete columns of ``shown`` fields (each translated field in every language, a foreign
    key's id) and the primary key, in the model's order of fields, as ``Model.from_db`` reads them."""
    wanted = {model._meta.pk.attname}
    for name in shown:
        if is_translated(model, name):
            wanted.update(column(model, name, code) for code, _label in settings.LANGUAGES)
        else:
            wanted.add(model._meta.get_field(name).attname)
    return [field.attname for field in model._meta.concrete_fields if field.attname in wanted]


@functools.cache
def _reader(kind_key):
    """A function turning a row of ``_sql`` into the model instance (with its related row)."""
    kind = _kind(kind_key)
    model = kind.model
    own = _attnames(model, kind.shown)
    parts = [(model, own, len(own))]
    for field_name, shown in kind.related:
        related = model._meta.get_field(field_name).related_model
        names = _attnames(related, shown)
        parts.append((related, names, len(names)))

    def read(row):
        start, instances = 0, []
        for part_model, names, width in parts:
            values = row[start : start + width]
            start += width
            instances.append(
                None if values[0] is None else part_model.from_db(connection.alias, names, values)
            )
        instance = instances[0]
        for (field_name, _shown), related in zip(kind.related, instances[1:], strict=True):
            model._meta.get_field(field_name).set_cached_value(instance, related)
        instance.search_rank = row[-2]
        return instance

    return read


def _kind(key):
    from pages.search import KINDS  # declared there, beside the rule they follow

    return next(kind for kind in KINDS if kind.key == key)


def _quote(name):
    return connection.ops.quote_name(name)
