"""The header's sections and the footer's links: the same on every page, so reversed and translated
once per language rather than on each page (every page renders both). Template tags rather than a
context processor because the error pages are rendered without context processors."""

from functools import cache

from django import template
from django.urls import get_urlconf, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

register = template.Library()

SECTIONS = (
    ("clusters:list", _("Klastry")),
    ("ecosystems:list", _("Ekosystemy")),
    ("members:list", _("Członkowie")),
    ("clusters:specialisation-list", _("Specjalizacje")),
    ("clusters:country-list", _("Kraje partnerskie")),
)
FOOTER_LINKS = (
    ("about", _("O katalogu")),
    ("statistics", _("Klastry w liczbach")),
    ("inbox:privacy", _("Ochrona danych")),
)


@cache
def _links(names, language, urlconf):
    """((path, label), ...) of the URL ``names`` in ``language``."""
    with translation.override(language):
        return tuple((reverse(name, urlconf=urlconf), str(label)) for name, label in names)


def links(names):
    return _links(names, translation.get_language(), get_urlconf())


@register.simple_tag(takes_context=True)
def site_sections(context):
    """[(path, label, current)]: ``current`` marks the section the page is in (aria-current)."""
    request = context.get("request")
    here = request.path if request is not None else ""
    return [(path, label, here.startswith(path)) for path, label in links(SECTIONS)]


@register.simple_tag
def footer_links():
    return links(FOOTER_LINKS)
