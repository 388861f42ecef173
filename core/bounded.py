"""A list a page shows in part: its first rows and how many there are in all.

Pages that are not listings (an ecosystem, a profile, a specialisation) name related rows whose number
grows with the directory. They show the first ``PREVIEW_SIZE`` and say how many there are, linking to
the listing that holds them all (``templates/includes/preview_note.html``), so no page grows with the
data. Counting costs a query only when the list is cut.
"""

from dataclasses import dataclass

from core.compiled_pages import key_with, page_rows

# Rows a page shows of a related list before it links to the full listing.
PREVIEW_SIZE = 50


@dataclass(frozen=True)
class Preview:
    items: list
    total: int

    @property
    def is_partial(self):
        return self.total > len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __bool__(self):
        return bool(self.items)


def preview(queryset, size=None, *, count=None, sql_key=None):
    """The first ``size`` (default ``PREVIEW_SIZE``) rows of ``queryset`` and their total: one
    query when all of them fit, one more to count them when they do not (``count``: a callable
    giving the total more cheaply). ``queryset`` may be a function building it: with ``sql_key``
    (the question, core.compiled_pages) it is built only when the first rows' SQL is not kept or
    the rows are counted without ``count``."""
    size = PREVIEW_SIZE if size is None else size
    built = queryset if callable(queryset) else (lambda: queryset)
    items = list(page_rows(key_with(sql_key, 0, size + 1), lambda: built()[: size + 1]))
    return cut(items, count or (lambda: built().order_by().count()), size)


def cut(items, count, size=None):
    """A Preview of ``items``, read one more than a page shows (``size``, default
    ``PREVIEW_SIZE``): all of them when they fit, else the first ``size`` and ``count()``, called
    only then."""
    size = PREVIEW_SIZE if size is None else size
    if len(items) <= size:
        return Preview(items, len(items))
    return Preview(items[:size], count())
