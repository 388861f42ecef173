"""Numbered citations on a page: each source gets a number the first time the page cites it.

The profile's template cites as it renders (``{% cite source %}``), so the numbers follow the order
in which a reader meets the facts, and the "Źródła" list at the end of the page holds exactly the
sources cited above it, each once.
"""


class Citations:
    def __init__(self):
        self._numbers = {}
        self.sources = []

    def number(self, source):
        """The source's number on this page (given on first citation); None for no source."""
        if source is None:
            return None
        if source.pk not in self._numbers:
            self.sources.append(source)
            self._numbers[source.pk] = len(self.sources)
        return self._numbers[source.pk]
