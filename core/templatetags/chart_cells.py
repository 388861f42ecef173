"""``{{ bars|bar_cells }}``, ``{{ chart|column_cells }}``: the cells of the charts' rows, for
``{% rows %}``.

Each bar's figures were formatted by the template engine, a filter at a time (the length
unlocalised, the share as a percentage or "brak danych"): a profile's two charts and the home page's
three took about a millisecond. Here a bar's cells are made in one pass, the same text.
"""

from django import template
from django.templatetags.l10n import unlocalize
from django.utils.translation import gettext

from core.templatetags.content_language import percent

register = template.Library()


@register.filter
def bar_cells(bars):
    """[(address, label, length, count, note, share)] of ``core.charts.Bar`` rows: the length as
    the SVG reads it, the share as the page writes it ("82 %"), or "brak danych" when unknown."""
    unknown = None
    cells = []
    for bar in bars or ():  # no bars given: no rows, as {% for %} prints
        if bar.percent is None:
            unknown = unknown or gettext("brak danych")
            share = unknown
        else:
            share = percent(bar.percent)
        cells.append((bar.url, bar.label, unlocalize(bar.length), bar.count, bar.note, share))
    return cells


@register.filter
def column_cells(chart):
    """[(x, y, width, height, centre, value_y, label_y, value, label)] of a
    ``core.charts.ColumnChart``'s columns for ``includes/chart_columns.html``: the geometry
    unlocalised as the SVG reads it (nine filters a column in the template), the value and the
    label as they are."""
    label_y = unlocalize(chart.label_y)
    return [
        (
            unlocalize(column.x),
            unlocalize(column.y),
            unlocalize(column.width),
            unlocalize(column.height),
            unlocalize(column.centre),
            unlocalize(column.value_y),
            label_y,
            column.value,
            column.label,
        )
        for column in chart.columns
    ]
