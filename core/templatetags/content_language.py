"""Content in the page's language: translated fields with their Polish fallback marked, percentages.

A translated field (django-modeltranslation: ``name_pl``, ``name_en``) reads in the active language and
falls back to Polish when the English value is empty. A visitor must not take that Polish text for
English, nor a screen reader read it with English rules: the fallback is wrapped in ``lang="pl"``,
and longer text gets a small note saying it is in Polish.
"""

import html

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def is_fallback(obj, field):
    """True when the page is not Polish and ``obj`` has no value of ``field`` in its language."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return False
    own = getattr(obj, f"{field}_{language}", None)
    return not own and bool(getattr(obj, field, ""))


@register.filter
def in_language(obj, field):
    """``{{ cluster|in_language:"name" }}``: the value, in ``<span lang="pl">`` when it is Polish."""
    value = getattr(obj, field, "") if obj is not None else ""
    if obj is not None and is_fallback(obj, field):
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)
    return conditional_escape(value)


def row_namer(language=None):
    """A function of (``own``, ``polish``) giving (the text, what ``in_language`` prints) for a
    translated field read from a row rather than an instance: ``own`` its value in the page's
    language, ``polish`` its Polish one. The text is django-modeltranslation's (its own language,
    else Polish, else empty) without its descriptor, which looks the language up again for every
    row of a long list; escaped as ``conditional_escape`` escapes text, without its checks for
    lazy values. Made once per list: the languages are looked up once (the settings' each time
    cost as much as the rest of a row's name)."""
    language = language or get_language() or settings.LANGUAGE_CODE
    default = settings.LANGUAGE_CODE
    escape = html.escape
    if language == default:

        def name(own, polish):
            value = polish or ""
            return value, SafeString(escape(value))

        return name
    opening = f'<span lang="{default}">'

    def name(own, polish):
        if own:
            return own, SafeString(escape(own))
        if not polish:
            return "", SafeString("")
        return polish, SafeString(f"{opening}{escape(polish)}</span>")

    return name


@register.simple_tag
def text_in_language(obj, field, paragraphs=True):
    """A longer text (description, summary) in paragraphs; a Polish fallback in ``lang="pl"`` with a
    note, so an English page never shows an empty box nor passes Polish off as English."""
    value = getattr(obj, field, "") or ""
    if not value:
        return ""
    if paragraphs:
        blocks = normalize_newlines(str(value)).split("\n\n")
        body = mark_safe(  # noqa: S308 - every block is escaped by format_html
            "".join(str(format_html("<p>{}</p>", _line_breaks(block))) for block in blocks if block)
        )
    else:
        body = conditional_escape(value)
    if not is_fallback(obj, field):
        return body if paragraphs else format_html("{}", body)
    tag = "div" if paragraphs else "span"
    return format_html(
        '<{tag} lang="{lang}">{body}</{tag}> <span class="fallback-note">({note})</span>',
        tag=tag,
        lang=settings.LANGUAGE_CODE,
        body=body,
        note=_("po polsku"),
    )


def _line_breaks(block):
    lines = [conditional_escape(line) for line in block.strip().split("\n")]
    return mark_safe("<br>".join(lines))  # noqa: S308 - every line is escaped above


@register.filter
def percent(value):
    """A whole percentage as the language writes it: "82 %" in Polish (a no-break space), "82%"."""
    if value is None:
        return ""
    if (get_language() or settings.LANGUAGE_CODE) == "pl":
        return f"{value}\u00a0%"
    return f"{value}%"


@register.filter
def polish(value):
    """Text that exists only in Polish (a source's title): marked ``lang="pl"`` on other pages."""
    if not value or (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)
