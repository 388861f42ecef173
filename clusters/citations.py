"""Numbered citations on a page: each source gets a number the first time the page cites it.

The profile's template cites as it renders (``{% cite source %}``), so the numbers follow the order
in which a reader meets the facts, and the "Źródła" list at the end of the page holds exactly the
sources cited above it, each once.
"""

from django.utils.html import escape
from django.utils.translation import gettext

from core.templatetags.content_language import polish


class Citations:
    def __init__(self):
        self._numbers = {}
        self.sources = []
        self._links = {}  # {number: its link's HTML}: a source is cited several times a page

    def marks(self, sources):
        """The HTML of the superscript links to the numbers of ``sources`` (None skipped, a
        number once), numbering each source on its first citation; "" when none has a number."""
        numbers = []
        for source in sources:
            number = self.number(source)
            if number is not None and number not in numbers:
                numbers.append(number)
        if not numbers:
            return ""
        return f'<sup class="cite">{"".join(map(self._link, numbers))}</sup>'

    def _link(self, number):
        # written out rather than through format_html (a profile cites some 90 times): the
        # number is an integer, the label is escaped
        link = self._links.get(number)
        if link is None:
            label = escape(gettext("źródło %(n)s") % {"n": number})
            link = f'<a href="#zrodlo-{number}" aria-label="{label}">[{number}]</a>'
            self._links[number] = link
        return link

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
