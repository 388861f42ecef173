"""The pieces every result card shares (its specialisations, what it does not know), written in
Python: the listings' cards, run through the template engine tag by tag, were the slowest part of a
listing page (about 1.5 ms a card: hundreds of variable lookups, translations and includes).
``clusters.cards`` and ``members.cards`` write the cards themselves; the markup is the one the
templates wrote, without their indentation.

Every value is escaped here (``escape``, ``in_language``) before it is joined: the result is marked
safe for the template. ``escape`` is the standard library's, which Django's wraps with checks for
lazy text (about a microsecond a call, hundreds of calls a page): every value given it is text.
"""

from html import escape

from django.utils.translation import get_language, gettext, gettext_noop

from core.templatetags.cards import shortlist

SPECIALISATIONS = gettext_noop("Specjalizacje")

_texts = {}
_choice_texts = {}


def texts(*msgids):
    """{msgid: its translation, escaped} in the active language: the cards' fixed words,
    translated once per language in this process (the catalogues do not change while it runs)."""
    language = get_language()
    found = _texts.get(language)
    if found is None:
        found = _texts[language] = {}
    missing = [msgid for msgid in msgids if msgid not in found]
    for msgid in missing:
        found[msgid] = escape(gettext(msgid))
    return found


def choice_texts(choices):
    """{value: its label, escaped} of a ``TextChoices`` class in the active language, built once
    per language (``get_FOO_display()`` builds the choices' dict on every call)."""
    key = (get_language(), choices)
    found = _choice_texts.get(key)
    if found is None:
        found = _choice_texts[key] = {value: escape(str(label)) for value, label in choices.choices}
    return found


def specialisation_links(specialisations, highlighted):
    """A card's specialisations (each with ``slug``, ``name_html`` and ``url``), the
    chosen ones (slugs in ``highlighted``) first and emphasised, cut to a few, with how many more
    (``core.templatetags.cards.shortlist``)."""
    short = shortlist(specialisations, highlighted)
    links = []
    for specialisation in short.shown:
        name = specialisation.name_html
        if specialisation.slug in highlighted:
            name = f"<strong>{name}</strong>"
        links.append(f'<a href="{escape(specialisation.url)}">{name}</a>')
    html = ", ".join(links)
    if short.more:
        html += " " + escape(gettext("i jeszcze %(n)s") % {"n": short.more})
    return html


def facts(rows):
    """The card's ``<div><dt>…</dt><dd>…</dd></div>`` of each (label, value) row, both HTML."""
    return "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in rows)


def gaps(labels):
    """What the card cannot say, named once ("brak danych: rok założenia, …"); no row without gaps.
    ``labels``: messages (``unknown_on_card``), translated here once per language."""
    if not labels:
        return ""
    translated = texts("brak danych", *labels)
    return (
        f'<div class="card-gaps"><dt>{translated["brak danych"]}</dt>'
        f"<dd>{', '.join(translated[label] for label in labels)}</dd></div>"
    )


def card(row, url, name, level, facts_rows, specialisations, highlighted, action=""):
    """A result card: ``name`` (HTML) linking to ``url`` (``row``'s page) as an ``h<level>``
    title, the ``facts_rows`` (label, value), then ``row``'s ``specialisations`` and what it does
    not know (``row.unknown_on_card``), then an ``action`` (HTML) if any."""
    if specialisations:
        label = texts(SPECIALISATIONS)[SPECIALISATIONS]
        facts_rows = [*facts_rows, (label, specialisation_links(specialisations, highlighted))]
    return (
        f'<li class="result-card">'
        f'<h{level} class="result-card__title">'
        f'<a href="{escape(url)}">{name}</a></h{level}>'
        f'<dl class="card-facts">{facts(facts_rows)}{gaps(row.unknown_on_card(specialisations))}'
        f"</dl>{action}</li>\n"
    )
