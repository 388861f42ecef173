"""Text helpers for Polish names."""

from django.utils.text import slugify

# NFKD decomposition (inside slugify) strips most Polish diacritics but not the stroke of ł/Ł.
_STROKED = str.maketrans({"ł": "l", "Ł": "L"})


def fold_polish(value: str) -> str:
    """Replace the letters NFKD cannot decompose, so "Łódź" can match "lodz"."""
    return value.translate(_STROKED)


def polish_slug(value: str) -> str:
    return slugify(fold_polish(value))
