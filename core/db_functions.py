"""Database pieces of text: the Polish order of names, the one text match of the site (the
listings' ``q`` and the site search's fallback), the PostgreSQL text-search objects and their indexes,
and the diacritic fold and the collation registered on SQLite connections instead.

The search migrations build their indexes with the same builders the queries use
(`search_vector`, `ImmutableUnaccent`), so an index expression and a query expression cannot drift
apart by hand; `tests/pages/test_search_postgres.py` checks with EXPLAIN that the planner uses them.
The field lists are frozen in each migration: changing the searched fields of a model in
`pages.search` needs a new migration that drops and re-creates that model's two indexes.
"""

import functools
import operator
import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import Col
from django.db.models.functions import Collate

from core.languages import InLanguage, localized
from core.text import fold_polish, polish_compare

# A copy of the "simple" configuration (no stemming, no stop words; lower-cases) whose word tokens
# pass through `unaccent` first, so "Łódź", "LODZ" and "lodz" give the same lexeme.
SEARCH_CONFIG = "simple_unaccent"
# English text (the *_en fields) in English, stemmed, after the same unaccent.
ENGLISH_SEARCH_CONFIG = "english_unaccent"
# unaccent() is only STABLE (it reads its dictionary), so expression indexes need a wrapper that is
# IMMUTABLE and names the dictionary explicitly.
UNACCENT_FUNCTION = "immutable_unaccent"
# The deterministic functions registered on SQLite connections for the fallback search.
FOLD_FUNCTION = "klastry_fold"
FOLD_WORDS_FUNCTION = "klastry_fold_words"
# The order of the Polish alphabet, case ignored (Luksemburg < Łotwa < Malezja, Comarch < CRH): ICU's
# Polish collation on PostgreSQL, and on SQLite a collation registered with core.text's sort key.
POSTGRESQL_POLISH_COLLATION = "pl-x-icu"
SQLITE_POLISH_COLLATION = "polish"
_WORD = re.compile(r"\w+")

_WORD_TOKENS = "word, hword, hword_part, asciiword, asciihword, hword_asciipart"


def fold(value):
    """Lower-case and strip diacritics, Polish ł included: "Łódź" → "lodz", "ŻYWNOŚĆ" → "zywnosc"."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", fold_polish(str(value)))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def fold_words(value):
    """The folded words of `value` between single spaces, with a space at each end:
    "PZL-Świdnik (IT)" → " pzl swidnik it ", so `LIKE '% swid%'` is a match at the start of a word."""
    if value is None:
        return None
    return " " + " ".join(_WORD.findall(fold(value))) + " "


class ImmutableUnaccent(models.Func):
    """`immutable_unaccent(text)`: PostgreSQL only (created by clusters/migrations/0002_search)."""

    function = UNACCENT_FUNCTION
    output_field = models.TextField()


class Fold(models.Func):
    """`klastry_fold(text)`: SQLite only, see `register_fold`."""

    function = FOLD_FUNCTION
    output_field = models.TextField()


class FoldWords(models.Func):
    """`klastry_fold_words(text)`: SQLite only, see `register_fold` and `fold_words`."""

    function = FOLD_WORDS_FUNCTION
    output_field = models.TextField()


def register_fold(connection):
    """Make `klastry_fold`, `klastry_fold_words` and the `polish` collation available on this SQLite
    connection (idempotent, runs no query); ``core.apps`` calls it on every new SQLite connection."""
    connection.ensure_connection()
    connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
    connection.connection.create_function(FOLD_WORDS_FUNCTION, 1, fold_words, deterministic=True)
    connection.connection.create_collation(SQLITE_POLISH_COLLATION, polish_compare)


class PolishCollate(Collate):
    """``expression`` collated in the order of ``core.text.polish_sorted``, on either database:
    the one rule for a name list the database sorts (a paginated listing, a Meta.ordering)."""

    def __init__(self, expression):
        super().__init__(expression, POSTGRESQL_POLISH_COLLATION)

    def as_sqlite(self, compiler, connection, **extra_context):
        collation = connection.ops.quote_name(SQLITE_POLISH_COLLATION)
        return self.as_sql(compiler, connection, collation=collation, **extra_context)


def in_polish_order(field, language=None):
    """A translated field as a page in ``language`` shows it, in the Polish alphabet: the one
    expression a listing sorts by and its index is built on (``name_order_indexes``)."""
    return PolishCollate(localized(field, language) if language else InLanguage(field))


def name_order_indexes(prefix, *, field="name", leading=(), trailing=(), include=None):
    """An index per language on exactly the expression ``in_polish_order(field, language)`` sorts
    by (after the ``leading`` expressions of the sort and before the ``trailing`` ones, if any), so
    that a paginated listing reads its page from the index instead of sorting every row.
    PostgreSQL only: SQLite's collation is registered per connection (``register_fold``) and its
    tables are small. ``include``: {language code: columns the index carries besides}, for an
    index-only scan."""
    return [
        models.Index(
            *map(_indexable, (*leading, in_polish_order(field, code), *trailing)),
            name=f"{prefix}_{code}",
            include=(include or {}).get(code),
        )
        for code, _name in settings.LANGUAGES
    ]


def _indexable(expression):
    """PolishCollate as the plain Collate it compiles to on PostgreSQL (an index expression may
    be wrapped in Collate, not in a subclass of it)."""
    if isinstance(expression, PolishCollate):
        return Collate(*expression.get_source_expressions(), POSTGRESQL_POLISH_COLLATION)
    return expression


def every_word_starts_a_word(queryset, fields, words):
    """The rows of ``queryset`` in which each of ``words`` starts a word of one of ``fields``, case
    and diacritics ignored: "lotnicz" finds "Lotniczych", "lodz" finds "Łódź", "ict" does not find
    "rolnictwa". The one text match of the site: a listing's ``q`` on either database, and the site
    search on SQLite. The folded fields stay on the queryset as aliases ``folded_<field>``, but
    on PostgreSQL for a model that stores the words of ``fields`` (``stored_words_column``): it
    matches them in that one indexed column.
    """
    if not words:
        return queryset
    on_postgresql = connections[queryset.db].vendor == "postgresql"
    if on_postgresql and (stored := stored_words_column(queryset.model, fields)):
        # one indexed column instead of each field's unaccent (``stored_words_operations``)
        queryset = queryset.alias(**{stored: GeneratedColumn(stored, models.TextField())})
        for word in words:
            queryset = queryset.filter(**{f"{stored}__regex": r"\m" + re.escape(fold(word))})
        return queryset
    if on_postgresql:
        folded = {f"folded_{name}": ImmutableUnaccent(name) for name in fields}

        def starts_a_word(
            alias, word
        ):  # \m: the start of a word in PostgreSQL's regular expressions
            return Q(**{f"{alias}__iregex": r"\m" + re.escape(fold(word))})
    else:
        folded = {f"folded_{name}": FoldWords(name) for name in fields}

        def starts_a_word(alias, word):  # fold_words puts a space before every word
            return Q(**{f"{alias}__contains": f" {fold(word)}"})

    queryset = queryset.alias(**folded)
    for word in words:
        queryset = queryset.filter(
            functools.reduce(operator.or_, (starts_a_word(alias, word) for alias in folded))
        )
    return queryset


def search_vector(fields, config=SEARCH_CONFIG):
    """The weighted document of a row: `fields` is a sequence of (field name, weight A–D)."""
    vectors = (SearchVector(name, weight=weight, config=config) for name, weight in fields)
    return functools.reduce(operator.add, vectors)


def search_indexes(prefix, fields, *, config=SEARCH_CONFIG, name_field="name", suffix=""):
    """A GIN index over the full-text document and a trigram GIN index over the unaccented name
    (``suffix`` names the indexes of one language's fields, e.g. "_en")."""
    return [
        GinIndex(search_vector(fields, config), name=f"{prefix}_search_fts{suffix}"),
        GinIndex(
            OpClass(ImmutableUnaccent(name_field), name="gin_trgm_ops"),
            name=f"{prefix}_name_trgm{suffix}",
        ),
    ]


def _on_postgresql(function):
    @functools.wraps(function)
    def wrapper(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            function(apps, schema_editor)

    return wrapper


def _unaccent_schema(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        return cursor.fetchone()[0]


def _create_unaccented_config(schema_editor, name, template, dictionary):
    """A copy of the ``template`` configuration whose words go through unaccent, then ``dictionary``."""
    schema = _unaccent_schema(schema_editor)
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {template})")
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {name} "
        f"ALTER MAPPING FOR {_WORD_TOKENS} WITH {schema}.unaccent, {dictionary}"
    )


@_on_postgresql
def create_search_objects(apps, schema_editor):
    """The text-search configuration and the immutable unaccent wrapper (extensions exist by now)."""
    schema = _unaccent_schema(schema_editor)
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {UNACCENT_FUNCTION}(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        f"AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
    )
    _create_unaccented_config(schema_editor, SEARCH_CONFIG, "simple", "simple")


@_on_postgresql
def drop_search_objects(apps, schema_editor):
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {UNACCENT_FUNCTION}(text)")


@_on_postgresql
def create_english_search_config(apps, schema_editor):
    """English words are stemmed ("medical" and "medicine" meet at "medic"), after unaccent."""
    _create_unaccented_config(
        schema_editor, ENGLISH_SEARCH_CONFIG, "pg_catalog.english", "english_stem"
    )


@_on_postgresql
def drop_english_search_config(apps, schema_editor):
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {ENGLISH_SEARCH_CONFIG}")


def index_operations(app_label, model_name, prefix, fields, *, remove=False, **options):
    """RunPython forwards/backwards that add (or, with ``remove``, drop) a model's search indexes
    on PostgreSQL; ``options`` go to ``search_indexes``."""

    def add(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for index in search_indexes(prefix, fields, **options):
            schema_editor.add_index(model, index)

    def drop(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for index in search_indexes(prefix, fields, **options):
            schema_editor.remove_index(model, index)

    forwards, backwards = (drop, add) if remove else (add, drop)
    return _on_postgresql(forwards), _on_postgresql(backwards)


def postgresql_indexes(app_label, model_name, build):
    """RunPython forwards/backwards that add (and drop) the indexes ``build()`` returns, on
    PostgreSQL only (the sort indexes of ``name_order_indexes``)."""

    def add(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for index in build():
            schema_editor.add_index(model, index)

    def drop(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for index in build():
            schema_editor.remove_index(model, index)

    return _on_postgresql(add), _on_postgresql(drop)


# The stored full-text document of each language (PostgreSQL only): a generated column the models
# do not declare, so SQLite, the history, the loader's fingerprints and the admin never meet it.
STORED_DOCUMENT_CONFIGS = {"pl": SEARCH_CONFIG, "en": ENGLISH_SEARCH_CONFIG}


def stored_document_column(language, *, names=False):
    """``search_document_<language>``, or with ``names`` ``search_names_<language>``: the document
    of the weight-A fields only (names, aliases), with an index of its own."""
    return f"search_{'names' if names else 'document'}_{language}"


class GeneratedColumn(models.Expression):
    """A column PostgreSQL generates and the model does not declare (``stored_document_column``,
    ``WORDS_COLUMN``), read as a column of the query's table."""

    def __init__(self, column, output_field):
        super().__init__(output_field=output_field)
        self.column = column

    def resolve_expression(self, query=None, *args, **kwargs):
        target = type(self.output_field)()
        target.column = self.column
        return Col(query.get_initial_alias(), target, self.output_field)


def _document_sql(schema_editor, fields, config):
    """The SQL of ``search_vector(fields, config)``, for a generated column."""
    quote = schema_editor.quote_name
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE({quote(name)}::text, '')), "
        f"'{weight}')"
        for name, weight in fields
    )


def stored_document_operations(app_label, model_name, prefix, fields_by_language):
    """RunPython forwards/backwards (PostgreSQL only): each language's document, until now an
    expression index ``<prefix>_search_fts[_en]``, becomes a stored generated column with a GIN
    index of the same name; the weight-A fields get a column and index of their own
    (``<prefix>_search_names[_en]``). ``fields_by_language``: {"pl": ((column, weight), ...), "en": ...},
    frozen in the migration."""

    def names(model, language):
        suffix = "" if language == settings.LANGUAGE_CODE else f"_{language}"
        return (
            model._meta.db_table,
            stored_document_column(language),
            f"{prefix}_search_fts{suffix}",
            stored_document_column(language, names=True),
            f"{prefix}_search_names{suffix}",
        )

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        quote = schema_editor.quote_name
        for language, fields in fields_by_language.items():
            table, column, index, names_column, names_index = map(quote, names(model, language))
            config = STORED_DOCUMENT_CONFIGS[language]
            document = _document_sql(schema_editor, fields, config)
            weight_a = _document_sql(schema_editor, [f for f in fields if f[1] == "A"], config)
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
            for name, sql in ((column, document), (names_column, weight_a)):
                schema_editor.execute(
                    f"ALTER TABLE {table} ADD COLUMN {name} tsvector "
                    f"GENERATED ALWAYS AS ({sql}) STORED"
                )
            schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({column})")
            schema_editor.execute(
                f"CREATE INDEX {names_index} ON {table} USING gin ({names_column})"
            )

    def backwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        quote = schema_editor.quote_name
        for language, fields in fields_by_language.items():
            table, column, index, names_column, names_index = names(model, language)
            for name in (index, names_index):
                schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
            for name in (column, names_column):
                schema_editor.execute(
                    f"ALTER TABLE {quote(table)} DROP COLUMN IF EXISTS {quote(name)}"
                )
            config = STORED_DOCUMENT_CONFIGS[language]
            schema_editor.add_index(model, GinIndex(search_vector(fields, config), name=index))

    return _on_postgresql(forwards), _on_postgresql(backwards)


# The folded words of the columns a listing's text filter reads (PostgreSQL only): a generated
# column the models do not declare, as the stored documents, with a trigram index that answers
# ``every_word_starts_a_word``'s regular expressions. Matching each column's ``immutable_unaccent``
# read every organisation's six columns for each of a listing's counts (1 s a query at scale).
WORDS_COLUMN = "matched_words"


def stored_words_column(model, fields):
    """``WORDS_COLUMN`` when ``model`` stores the folded words of exactly ``fields`` (its
    ``STORED_WORDS``, the columns frozen in the migration that added it), else None."""
    stored = getattr(model, "STORED_WORDS", None)
    return WORDS_COLUMN if stored and set(stored) == set(fields) else None


def stored_words_operations(app_label, model_name, index, columns):
    """RunPython forwards/backwards (PostgreSQL only) adding (dropping) ``WORDS_COLUMN``, the
    folded text of ``columns`` (frozen in the migration) between spaces, and its trigram index."""

    def forwards(apps, schema_editor):
        quote = schema_editor.quote_name
        table = quote(apps.get_model(app_label, model_name)._meta.db_table)
        text = " || ' ' || ".join(f"COALESCE({quote(column)}::text, '')" for column in columns)
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {quote(WORDS_COLUMN)} text "
            f"GENERATED ALWAYS AS (lower({UNACCENT_FUNCTION}({text}))) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {quote(index)} ON {table} USING gin ({quote(WORDS_COLUMN)} gin_trgm_ops)"
        )

    def backwards(apps, schema_editor):
        quote = schema_editor.quote_name
        table = quote(apps.get_model(app_label, model_name)._meta.db_table)
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(index)}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {quote(WORDS_COLUMN)}")

    return _on_postgresql(forwards), _on_postgresql(backwards)
