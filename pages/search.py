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

Bounded at any size, on either database: each kind shows its ``GROUP_LIMIT`` best rows and the
number of its matches, counted up to ``COUNT_CAP`` ("ponad 1 000"). On PostgreSQL
(``pages.search_postgresql``) that is one query per kind: the documents are stored generated columns
with GIN indexes (``core.db_functions.stored_document_operations``), and only a capped candidate set
is ranked: the first ``CANDIDATES`` rows whose names match and the first ``CANDIDATES`` rows
matching anywhere, both found by the indexes, so the cost of a query does not grow with the number
of matches. On SQLite a second query counts the matches when the group is full.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Case, Value, When
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as translated
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Specialisation
from core.db_functions import (
    STORED_DOCUMENT_CONFIGS,
    PolishCollate,
    every_word_starts_a_word,
    fold_words,
)
from core.languages import column, columns_for_matching, localized
from core.listing.cards import choice_texts, texts
from core.slug_urls import slug_url_maker
from core.templatetags.content_language import in_language, row_namer, text_in_language
from core.text import MAX_QUERY_LENGTH, clean_query, query_words
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation, OrganisationType

from . import search_postgresql

# Rows shown per group; the group's total is always reported, counted up to COUNT_CAP.
GROUP_LIMIT = 30
COUNT_CAP = 1000
# PostgreSQL ranks at most twice this many rows per kind (see the module's docstring).
CANDIDATES = 300


# What a result says under its name (clusters/search.html): up to two short notes, as HTML.
UNKNOWN = gettext_noop("brak danych")


def _about_cluster(cluster):
    official = (
        in_language(cluster, "official_name")
        if cluster.official_name and cluster.official_name != cluster.name
        else ""
    )
    ecosystem = cluster.ecosystem
    return official, _labelled("Ekosystem: %(name)s", ecosystem.name) if ecosystem else ""


def _about_organisation(organisation):
    """Its type, as ``MemberOrganisation.type_label`` says it ("brak danych" when unstated; the
    labels of the cards, ``choice_texts``, made once per language), and its town."""
    kind = organisation.organisation_type
    about = choice_texts(OrganisationType).get(kind) or (
        escape(kind) if kind else texts(UNKNOWN)[UNKNOWN]
    )
    if organisation.city:
        about = f"{about}, {escape(organisation.city)}"
    return SafeString(about), ""


def _about_ecosystem(ecosystem):
    return text_in_language(ecosystem, "summary", paragraphs=False), ""


def _about_specialisation(specialisation):
    return _labelled("Sektor: %(name)s", specialisation.sector.name), ""


def _labelled(message, name):
    """``{% blocktranslate with name=… %}``: the message translated, the name escaped into it."""
    return SafeString(translated(message) % {"name": conditional_escape(name)})


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    # (field, weight): weight A for names, lower weights for descriptions. The PostgreSQL indexes
    # are built from the same lists, frozen in the migrations: change both together.
    fields: tuple[tuple[str, str], ...]
    empty_message: str
    # the URL name of a result's page (as its model's get_absolute_url names it)
    route: str
    select_related: tuple[str, ...] = ()
    # What a result shows (the PostgreSQL engine reads only these columns, in every language) and
    # the related row it names, with what it shows of it: clusters/search.html.
    shown: tuple[str, ...] = ()
    related: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (first note, second note) under a result's name, each HTML or ""
    about: Callable = lambda item: ("", "")
    # whether its PostgreSQL statement is prepared (pages.search_postgresql._cursor): for a small
    # table, which one plan serves whatever the words
    prepared: bool = False

    def queryset(self):
        queryset = self.model.objects.public()
        return queryset.select_related(*self.select_related) if self.select_related else queryset


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
        shown=("slug", "name", "official_name", "ecosystem"),
        related=(("ecosystem", ("name",)),),
        route="clusters:detail",
        about=_about_cluster,
        prepared=True,
    ),
    Kind(
        "organisations",
        _("Organizacje"),
        MemberOrganisation,
        (("name", "A"), ("aliases", "A"), ("city", "B"), ("description", "C")),
        _("Żadna organizacja nie pasuje do zapytania."),
        shown=("slug", "name", "organisation_type", "city"),
        route="members:detail",
        about=_about_organisation,
    ),
    Kind(
        "ecosystems",
        _("Ekosystemy"),
        Ecosystem,
        (("name", "A"), ("summary", "B"), ("description", "C")),
        _("Żaden ekosystem nie pasuje do zapytania."),
        shown=("slug", "name", "summary"),
        route="ecosystems:detail",
        about=_about_ecosystem,
        prepared=True,
    ),
    Kind(
        "specialisations",
        _("Specjalizacje"),
        Specialisation,
        (("name", "A"), ("description", "B")),
        _("Żadna specjalizacja nie pasuje do zapytania."),
        select_related=("sector",),
        shown=("slug", "name", "sector"),
        related=(("sector", ("name",)),),
        route="clusters:specialisation-detail",
        about=_about_specialisation,
        prepared=True,
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

    def rows(self):
        """[(address, name, first note, second note)] of the items, as clusters/search.html shows
        them: read once here rather than through the template engine's lookups for each of up to
        120 results."""
        about = self.kind.about
        address = slug_url_maker(self.kind.route)
        language = get_language() or settings.LANGUAGE_CODE
        own = column(self.kind.model, "name", language)
        named = row_namer(language)
        return [
            (
                address(item.slug),
                named(getattr(item, own), item.name_pl)[1],
                *about(item),
            )
            for item in self.items
        ]

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
    limit = GROUP_LIMIT if limit is None else limit
    if connection.vendor == "postgresql":
        languages = _languages()
        found = (
            search_postgresql.ranked(
                kind,
                query,
                words,
                languages,
                limit=limit,
                candidates=CANDIDATES,
                cap=COUNT_CAP + 1,
            )
            for kind in KINDS
        )
    else:
        found = (_fallback_search(kind, query, words, limit) for kind in KINDS)
    groups = [Group(kind, rows, total) for kind, (rows, total) in zip(KINDS, found, strict=True)]
    return SearchResults(query=query, groups=groups)


def _languages():
    """The languages a query looks in, the page's own first: every one. A value without English is
    shown in Polish, so it is found by its Polish words; and a cluster is found by its English
    name ("eastern") on a Polish page too."""
    return list(dict.fromkeys((get_language() or "pl", *STORED_DOCUMENT_CONFIGS)))


def _fallback_search(kind, query, words, limit):
    """(the best ``limit`` rows, the matches up to the cap) on a database without full-text
    search; the matches are counted only when the group is full."""
    ranked, matching = _fallback_matches(kind, query, words)
    rows = list(ranked.order_by("-search_rank", PolishCollate(localized("name")))[:limit])
    total = len(rows)
    if total >= limit:  # a full group: count the matches, past the cap
        total = matching.order_by().values("pk")[: COUNT_CAP + 1].count()
    return rows, total


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
