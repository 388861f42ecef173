"""Read a response as a visitor does: its visible text, its links, its JSON-LD blocks."""

import json
import re
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "head", "template"}
_INLINE = {"a", "abbr", "b", "code", "em", "i", "small", "span", "strong", "time"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text = []
        self.links = []
        self.ld_json = []
        self._hidden_depth = 0
        self._in_ld_json = False
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _HIDDEN:
            self._hidden_depth += 1
            self._in_ld_json = tag == "script" and attrs.get("type") == "application/ld+json"
        if tag == "a":
            self._link = [attrs.get("href"), []]
        if tag not in _INLINE:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self._hidden_depth -= 1
            self._in_ld_json = False
        if tag == "a" and self._link:
            self.links.append((_squash("".join(self._link[1])), self._link[0]))
            self._link = None
        if tag not in _INLINE:
            self.text.append(" ")

    def handle_data(self, data):
        if self._in_ld_json:
            self.ld_json.append(json.loads(data))
        if self._hidden_depth:
            return
        self.text.append(data)
        if self._link:
            self._link[1].append(data)


def _squash(text):
    return re.sub(r"\s+", " ", text).strip()


def _read(response):
    reader = _Reader()
    reader.feed(response.content.decode())
    return reader


def visible_text(response) -> str:
    """The page's text (SVG text included) with whitespace squashed to single spaces."""
    return _squash("".join(_read(response).text))


def links(response) -> dict[str, str]:
    """{link text: href} for every link on the page (the last one wins for equal texts)."""
    return dict(_read(response).links)


def ld_json(response) -> list:
    return _read(response).ld_json
