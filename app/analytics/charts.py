"""Chart geometry for server-rendered SVG: bars and scales computed here, drawn by templates.

Templates draw the shapes with CSS classes (colours from custom properties, text in
currentColor), so a chart follows light and dark mode and needs no script. A scale's
top is a "nice" number (1, 2 or 5 times a power of ten) at or above the largest value,
so the grid lines read as round numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

# The drawing's own units; the SVG scales to the page's width by its viewBox.
WIDTH = 480
BAND = 100  # the height of one series' bars
GAP = 50  # room under a band for its day labels, and above the next for its name
TOP = 24  # room above the first band for its name
LEFT = 40  # room for the scale's numbers
ROW = 28  # one network's row in the bar chart
LABEL = 96  # room for a network's name


@dataclass(frozen=True)
class Bar:
    """One rectangle, with the value it stands for."""

    x: float
    y: float
    width: float
    height: float
    value: int


@dataclass(frozen=True)
class Band:
    """One series of a day chart: its bars under a scale from 0 to `top`."""

    name: str  # "shares" or "clicks": the CSS class and the legend
    top: int
    y: float  # the band's upper edge
    bars: list[Bar]


@dataclass(frozen=True)
class DayChart:
    """Shares and clicks per day, each in a band of its own (clicks outnumber shares)."""

    width: int
    height: int
    left: int
    band_height: int
    bands: list[Band]
    labels: list[tuple[float, date]]  # x and day of the days named under the chart


@dataclass(frozen=True)
class NetworkBar:
    """One network's row: its name's place, and its bar."""

    network: str
    y: float
    bar: Bar


@dataclass(frozen=True)
class NetworkChart:
    """Clicks by network as horizontal bars, the largest first."""

    width: int
    height: int
    label_width: int
    top: int
    rows: list[NetworkBar]


def nice_top(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 … that is at least `value` (and at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def day_chart(days: Sequence[tuple[date, int, int]]) -> DayChart:
    """(day, shares, clicks) rows as two bands of bars, about five days named below."""
    plot = WIDTH - LEFT - 8
    slot = plot / max(len(days), 1)
    bands = []
    for n, name in enumerate(("shares", "clicks")):
        values = [row[1] if name == "shares" else row[2] for row in days]
        top = nice_top(max(values, default=0))
        y0 = n * (BAND + GAP) + TOP
        bars = [
            Bar(
                x=round(LEFT + i * slot + slot * 0.15, 2),
                y=round(y0 + BAND - BAND * v / top, 2),
                width=round(slot * 0.7, 2),
                height=round(BAND * v / top, 2),
                value=v,
            )
            for i, v in enumerate(values)
        ]
        bands.append(Band(name, top, y0, bars))
    every = max(1, round(len(days) / 5))
    labels = [
        (round(LEFT + i * slot + slot / 2, 2), row[0])
        for i, row in enumerate(days)
        if i % every == 0
    ]
    return DayChart(WIDTH, 2 * BAND + GAP + TOP + 26, LEFT, BAND, bands, labels)


def network_chart(counts: dict[str, int]) -> NetworkChart:
    """Counts by network as bars, the largest first; the bars' lengths share one scale."""
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = nice_top(max((n for _, n in rows), default=0))
    plot = WIDTH - LABEL - 56  # room after a bar for its number
    drawn = [
        NetworkBar(
            network,
            i * ROW + 4,
            Bar(x=LABEL, y=i * ROW + 6, width=round(plot * n / top, 2), height=ROW - 12, value=n),
        )
        for i, (network, n) in enumerate(rows)
    ]
    return NetworkChart(WIDTH, max(len(rows), 1) * ROW + 8, LABEL, top, drawn)
