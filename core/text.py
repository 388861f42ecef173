"""Text helpers for Polish names and for the words of a query typed by a visitor."""

import re
import unicodedata
from functools import lru_cache

from django.utils.text import slugify

# NFKD decomposition (inside slugify) strips most Polish diacritics but not the stroke of ł/Ł.
_STROKED = str.maketrans({"ł": "l", "Ł": "L"})

# Words beyond this are ignored: they cannot narrow a catalogue of this size further.
MAX_WORDS = 8
# The longest query a search box accepts (the site search's and a listing's text filter); the
# boxes carry it as maxlength and the forms refuse longer input.
MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def fold_polish(value: str) -> str:
    """Replace the letters NFKD cannot decompose, so "Łódź" can match "lodz"."""
    return value.translate(_STROKED)


def polish_slug(value: str) -> str:
    return slugify(fold_polish(value))


def polish_sort_key(value: str) -> tuple:
    """Sort key in the order of the Polish alphabet: a < ą < b, l < ł < m, z < ź < ż, case ignored.

    Each letter becomes (base letter, which diacritic), so "Łotwa" follows "Litwa" and "Luksemburg"
    and precedes "Malezja", where plain string order would put every Ł after Z.
    """
    return _polish_sort_key(str(value))


@lru_cache(maxsize=32768)
def _polish_sort_key(value: str) -> tuple:
    # the same names are sorted on page after page (a cluster's name on every member's card)
    return tuple(map(_letter_key, value.casefold()))


@lru_cache(maxsize=4096)
def _letter_key(char: str) -> tuple:
    return (
        unicodedata.normalize("NFKD", fold_polish(char))[0],
        _POLISH_DIACRITIC_RANK.get(char, 0),
    )


# ź sorts before ż in Polish; every other letter has at most one diacritic variant.
_POLISH_DIACRITIC_RANK = {"ą": 1, "ć": 1, "ę": 1, "ł": 1, "ń": 1, "ó": 1, "ś": 1, "ź": 1, "ż": 2}


def polish_sorted(items, key=str):
    """``items`` in the Polish order of the name ``key`` gives each: the one rule for every name
    list the site shows. Lists the database sorts use ``core.db_functions.PolishCollate``, which
    orders the same way."""
    return sorted(items, key=lambda item: polish_sort_key(key(item)))


def polish_compare(left: str, right: str) -> int:
    """-1, 0 or 1 as ``polish_sort_key`` orders the two: SQLite's ``polish`` collation."""
    left_key, right_key = polish_sort_key(left), polish_sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def clean_query(raw):
    """The query as the user meant it: control characters out, whitespace collapsed."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())


def query_words(query):
    return _WORD.findall(query)[:MAX_WORDS]
