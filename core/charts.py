"""Chart geometry computed on the server: counts in, bar lengths and column boxes out.

Templates draw the shapes as inline SVG with presentation attributes (no JavaScript, no inline
styles) and always print the same numbers in a table beside the picture.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: ``length`` is 0–100 (per cent of the chart's width)."""

    label: str
    count: int
    percent: int | None
    length: float
    url: str = ""
    # what the figure needs beside it, e.g. the year a member count describes
    note: str = ""


def percent_of(count: int | None, total: int | None) -> int | None:
    """Whole-number share of ``total``; None when either figure is unknown or the total is zero."""
    if count is None or not total:
        return None
    return round(100 * count / total)


def share_bars(items: Iterable[tuple], total: int) -> list[Bar]:
    """Bars for parts of one whole: each is as long as its share of ``total``.

    ``items`` are ``(label, count)`` or ``(label, count, url)`` when the bar's label is a link.
    """
    bars = []
    for label, count, *url in items:
        length = min(100.0, 100 * count / total) if total else 0.0
        bars.append(Bar(label, count, percent_of(count, total), round(length, 2), *url))
    return bars


def scaled_bars(items: Iterable[tuple]) -> list[Bar]:
    """Bars for figures that are not parts of one whole (each cluster's member count): each is as
    long as its share of the largest, and no percentage is given.

    ``items`` are ``(label, count)``, ``(label, count, url)`` or ``(label, count, url, note)``.
    """
    items = list(items)
    largest = max((count for _label, count, *_rest in items), default=0)
    return [
        Bar(label, count, None, round(100 * count / largest, 2) if largest else 0.0, *rest)
        for label, count, *rest in items
    ]


VALUE_GAP = 6


@dataclass(frozen=True)
class Column:
    """One column of a column chart, in the chart's viewBox units."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def value_y(self) -> float:
        """Baseline of the value printed just above the column."""
        return round(self.y - VALUE_GAP, 2)


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    width: int
    height: int
    baseline: float
    label_y: float


def column_chart(
    points: Iterable[tuple[str, int]],
    *,
    width: int = 320,
    height: int = 180,
    top: int = 22,
    bottom: int = 26,
    gap_ratio: float = 0.35,
) -> ColumnChart:
    """Columns scaled to the largest value, leaving ``top`` for value labels and ``bottom`` for names.

    Each column gets an equal slot; ``gap_ratio`` of the slot is left empty around it.
    """
    points = list(points)
    plot_height = height - top - bottom
    baseline = height - bottom
    largest = max((value for _, value in points), default=0)
    columns = []
    if points:
        slot = width / len(points)
        column_width = slot * (1 - gap_ratio)
        for index, (label, value) in enumerate(points):
            column_height = plot_height * value / largest if largest else 0.0
            columns.append(
                Column(
                    label=label,
                    value=value,
                    x=round(index * slot + (slot - column_width) / 2, 2),
                    y=round(baseline - column_height, 2),
                    width=round(column_width, 2),
                    height=round(column_height, 2),
                )
            )
    return ColumnChart(columns, width, height, baseline, label_y=height - bottom / 3)
