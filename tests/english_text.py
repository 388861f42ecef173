"""Read an English page as an English-speaking visitor does, and find any Polish interface text.

The interface's Polish is the catalogue's msgids: a page under /en/ must show none of them (where its
English differs). Content that has no English is shown in Polish on purpose, inside an element marked
``lang="pl"``: that is left out, as is anything a visitor does not read (scripts, styles).
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
# What a visitor reads besides text: labels for assistive technology, tooltips, form hints, <meta>.
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "content", "value", "label"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
_SKIPPED = {"script", "style", "template"}
# Placeholders and markup split a msgid into the fragments a page can show verbatim.
_SPLIT = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{\{[^}]*\}\}")
MIN_FRAGMENT = 4


class _EnglishReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.stack = []  # (tag, is Polish content or skipped)

    def _excluded(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # the page's own language (<html lang>) is checked apart: here, what is marked inside it
        marked_polish = tag != "html" and attrs.get("lang") == "pl"
        excluded = self._excluded() or tag in _SKIPPED or marked_polish
        if not excluded:
            for name in READ_ATTRIBUTES & attrs.keys():
                if tag == "meta" and not _is_read_meta(attrs):
                    continue
                if name == "value" and not (tag == "input" and attrs.get("type") == "submit"):
                    continue  # a value sent, not read: a slug, or the query a visitor typed
                self.parts.append(attrs[name] or "")
        if tag not in _VOID:
            self.stack.append((tag, excluded))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._excluded():
            self.parts.append(data)


def _is_read_meta(attrs):
    return attrs.get("name") == "description" or attrs.get("property") in {
        "og:title",
        "og:description",
        "og:site_name",
    }


def english_reading(html):
    """The text and read attributes of a page, without what is marked Polish (``lang="pl"``)."""
    reader = _EnglishReader()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


@cache
def polish_interface_fragments():
    """Every fragment of a Polish msgid that an English page must not show: the catalogue's entries
    whose English differs (a name like "Lublin" is the same in both)."""
    catalogue = polib.pofile(str(CATALOGUE))
    # A Polish word that is an English word too ("data") cannot tell the languages apart.
    english_text = " ".join(entry.msgstr for entry in catalogue)
    fragments = set()
    for entry in catalogue:
        if entry.msgctxt == "URL" or entry.obsolete or entry.msgid == entry.msgstr:
            continue
        for fragment in _SPLIT.split(entry.msgid):
            fragment = fragment.strip(" .,:;()–-")
            if len(fragment) >= MIN_FRAGMENT and not _occurs(fragment, english_text):
                fragments.add(fragment)
    return fragments


def _occurs(fragment, text):
    return re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text) is not None


def polish_interface_text(html, content_in_polish=()):
    """The Polish interface fragments found on the page (an empty set on a good English page).

    ``content_in_polish``: the content values that have no English and so are shown in Polish
    where markup cannot say so (a ``<title>``, an ``<option>``); they are not interface text.
    """
    text = english_reading(html)
    for value in sorted(content_in_polish, key=len, reverse=True):
        text = text.replace(" ".join(value.split()), " ")
    return {fragment for fragment in polish_interface_fragments() if _occurs(fragment, text)}


def content_without_english():
    """Every Polish value of a translated field whose English is empty (needs the database)."""
    from modeltranslation.translator import translator

    values = set()
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        for row in model._base_manager.values(
            *(f"{f}_{lang}" for f in fields for lang in ("pl", "en"))
        ):
            for field in fields:
                if row[f"{field}_pl"] and not row[f"{field}_en"]:
                    values.add(row[f"{field}_pl"])
    return values
