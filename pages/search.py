"""Site search over clusters, organisations, ecosystems and specialisations: one entry point.

`search(query)` returns `SearchResults`, one group per kind of record. Which engine answers depends on
the connection's vendor, and callers never know which:

- PostgreSQL: full-text search in the `simple_unaccent` configuration (case- and diacritic-insensitive,
  every word a prefix: "lotnicz" finds "Lotniczych"), OR every word similar (strict trigram word
  similarity: whole words, so "zywnosc" does not find "efektywnosc") to a word of the unaccented
  name, for near misses ("medycna", "fotonika" → "Fotoniki"); ranked by `ts_rank` plus the
  similarity of the whole query to the name. Both are indexed
  (see core.db_functions and the 0002_search migrations).
- Anything else (SQLite): every word must start a word of one of the searched fields, case and
  diacritics ignored ("lotnicz" finds "Lotniczych", "ict" does not find "rolnictwa"): the match of
  the listings' text filter, ``core.db_functions.every_word_starts_a_word``; names that equal,
  start with or contain the query rank first.

Bounded at any size, on either database: each kind shows its ``GROUP_LIMIT`` best rows in one query,
and a second query counts the matches, up to ``COUNT_CAP`` ("ponad 1 000"), only when the group is
full. On PostgreSQL the documents are stored generated columns with GIN indexes
(``core.db_functions.StoredDocument``), and only a capped candidate set is ranked: the first
``CANDIDATES`` rows whose names match and the first ``CANDIDATES`` rows matching anywhere, both found
by the indexes, so the cost of a query does not grow with the number of matches.
"""

import functools
import operator
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    Lexeme,
    SearchQuery,
    SearchRank,
    TrigramStrictWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Greatest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Specialisation
from core.db_functions import (
    ENGLISH_SEARCH_CONFIG,
    SEARCH_CONFIG,
    ImmutableUnaccent,
    PolishCollate,
    StoredDocument,
    every_word_starts_a_word,
    fold_words,
)
from core.languages import column, columns_for_matching, localized
from core.text import MAX_QUERY_LENGTH, clean_query, query_words
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation

# Rows shown per group; the group's total is always reported, counted up to COUNT_CAP.
GROUP_LIMIT = 30
COUNT_CAP = 1000
# PostgreSQL ranks at most twice this many rows per kind (see the module's docstring).
CANDIDATES = 300


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    # (field, weight): weight A for names, lower weights for descriptions. The PostgreSQL indexes
    # are built from the same lists, frozen in the migrations: change both together.
    fields: tuple[tuple[str, str], ...]
    empty_message: str
    select_related: tuple[str, ...] = ()

    def queryset(self):
        queryset = self.model.objects.public()
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def columns(self, language):
        """(column, weight) of the fields in ``language``; a field not translated is Polish only."""
        found = ((column(self.model, name, language), weight) for name, weight in self.fields)
        return tuple((name, weight) for name, weight in found if name)


KINDS = (
    Kind(
        "clusters",
        _("Klastry"),
        Cluster,
        (
            ("name", "A"),
            ("official_name", "A"),
            ("aliases", "A"),
            ("description", "B"),
        ),
        _("Żaden klaster nie pasuje do zapytania."),
        select_related=("ecosystem",),
    ),
    Kind(
        "organisations",
        _("Organizacje"),
        MemberOrganisation,
        (("name", "A"), ("aliases", "A"), ("city", "B"), ("description", "C")),
        _("Żadna organizacja nie pasuje do zapytania."),
    ),
    Kind(
        "ecosystems",
        _("Ekosystemy"),
        Ecosystem,
        (("name", "A"), ("summary", "B"), ("description", "C")),
        _("Żaden ekosystem nie pasuje do zapytania."),
    ),
    Kind(
        "specialisations",
        _("Specjalizacje"),
        Specialisation,
        (("name", "A"), ("description", "B")),
        _("Żadna specjalizacja nie pasuje do zapytania."),
        select_related=("sector",),
    ),
)


@dataclass(frozen=True)
class Group:
    kind: Kind
    items: list
    total: int

    @property
    def key(self):
        return self.kind.key

    @property
    def label(self):
        return self.kind.label

    @property
    def is_truncated(self):
        return self.total > len(self.items)

    @property
    def is_capped(self):
        """More matches than were counted: the total reads "ponad 1 000"."""
        return self.total > COUNT_CAP

    @property
    def shown_total(self):
        return min(self.total, COUNT_CAP)


@dataclass(frozen=True)
class SearchResults:
    query: str
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self):
        return sum(group.shown_total for group in self.groups)

    @property
    def is_capped(self):
        return any(group.is_capped for group in self.groups)

    def __bool__(self):
        return self.total > 0


def search(query, *, limit=None):
    """Search every kind for `query`; an empty query (or one with no word in it) finds nothing."""
    query = clean_query(query)[:MAX_QUERY_LENGTH]
    words = query_words(query)
    if not words:
        return SearchResults(query=query, groups=[Group(kind, [], 0) for kind in KINDS])
    matcher = _postgresql_matches if connection.vendor == "postgresql" else _fallback_matches
    limit = GROUP_LIMIT if limit is None else limit
    groups = []
    for kind in KINDS:
        ranked, matching = matcher(kind, query, words)
        rows = list(ranked.order_by("-search_rank", PolishCollate(localized("name")))[:limit])
        total = len(rows)
        if total >= min(limit, CANDIDATES):  # a full group: count the matches, past the cap
            total = matching.order_by().values("pk")[: COUNT_CAP + 1].count()
        groups.append(Group(kind, rows, total))
    return SearchResults(query=query, groups=groups)


# The text-search configuration of each language's columns: Polish words as written (no Polish
# stemmer ships with PostgreSQL), English ones stemmed ("medical" finds "Medicine").
CONFIGS = {"pl": SEARCH_CONFIG, "en": ENGLISH_SEARCH_CONFIG}


def _languages():
    """The languages a query looks in, the page's own first: every one. A value without English is
    shown in Polish, so it is found by its Polish words; and a cluster is found by its English
    name ("eastern") on a Polish page too."""
    return list(dict.fromkeys((get_language() or "pl", *CONFIGS)))


def _postgresql_matches(kind, query, words):
    """(the ranked candidates, every match): each language's stored document and name are indexed
    (the search migrations), one condition each."""
    prefixes = functools.reduce(operator.and_, (Lexeme(word, prefix=True) for word in words))
    matches, named, aliases, ranks, similarities = Q(), Q(), {}, [], []
    for language in _languages():
        document, name = f"search_document_{language}", f"search_name_{language}"
        text_query = SearchQuery(prefixes, config=CONFIGS[language])
        aliases[document] = StoredDocument(language)
        aliases[f"search_names_{language}"] = StoredDocument(language, names=True)
        aliases[name] = ImmutableUnaccent(column(kind.model, "name", language))
        # Every word close to a word of the name: "medycna" finds "Medycyna", "zzz" nothing.
        near_misses = functools.reduce(
            operator.and_,
            (
                Q(**{f"{name}__trigram_strict_word_similar": ImmutableUnaccent(Value(word))})
                for word in words
            ),
        )
        matches |= Q(**{document: text_query}) | near_misses
        # The names and aliases (weight A), by their own index.
        named |= Q(**{f"search_names_{language}": text_query})
        ranks.append(SearchRank(F(document), text_query))
        similarities.append(TrigramStrictWordSimilarity(ImmutableUnaccent(Value(query)), F(name)))
    rank = functools.reduce(operator.add, ranks)
    similarity = Greatest(*similarities) if len(similarities) > 1 else similarities[0]
    matching = kind.queryset().alias(**aliases).filter(matches)
    # The rows worth ranking, found by the indexes whatever the number of matches: those named
    # after the query first, then any.
    named_first = matching.filter(named).order_by().values("pk")[:CANDIDATES]
    any_first = matching.order_by().values("pk")[:CANDIDATES]
    ranked = (
        kind.queryset()
        .alias(**aliases)
        .filter(pk__in=named_first.union(any_first))
        .annotate(search_rank=rank + similarity)
    )
    return ranked, matching


def _fallback_matches(kind, query, words):
    whole = fold_words(query)
    fields = columns_for_matching(kind.model, [name for name, _weight in kind.fields])
    name = f"folded_{fields[0]}"  # the name in the page's language
    matching = every_word_starts_a_word(kind.queryset(), fields, words)
    return matching.annotate(
        search_rank=Case(
            When(**{name: whole}, then=Value(3.0)),
            When(**{f"{name}__startswith": whole.rstrip()}, then=Value(2.0)),
            When(**{f"{name}__contains": whole.rstrip()}, then=Value(1.0)),
            default=Value(0.0),
        )
    ), matching
