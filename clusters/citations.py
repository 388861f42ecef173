"""Numbered citations on a page: each source gets a number the first time the page cites it.

The profile's template cites as it renders (``{% cite source %}``), so the numbers follow the order
in which a reader meets the facts, and the "Źródła" list at the end of the page holds exactly the
sources cited above it, each once.
"""

from core.templatetags.content_language import polish


class Citations:
    def __init__(self):
        self._numbers = {}
        self.sources = []

    @property
    def rows(self):
        """[(number, publisher, address, title, date as stated)] of the sources cited so far, in
        order: the "Źródła" list, read once the page has cited everything above it (text that
        exists only in Polish marked as such)."""
        return [
            (
                number,
                polish(source.publisher) if source.publisher else "",
                source.url,
                polish(source.title),
                source.when,
            )
            for number, source in enumerate(self.sources, start=1)
        ]

    def number(self, source):
        """The source's number on this page (given on first citation); None for no source."""
        if source is None:
            return None
        if source.pk not in self._numbers:
            self.sources.append(source)
            self._numbers[source.pk] = len(self.sources)
        return self._numbers[source.pk]
