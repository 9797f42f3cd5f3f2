"""Horizontal bar charts of figure rows, laid out on the server for inline SVG.

The template only places what is computed here: every bar's length as a
percentage of the chart's width (so the chart scales with its box while the
text keeps its size), the vertical positions, and the values as Dutch text.
"""

import textwrap
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from .models import FigureRow

# The longest bar takes this share of the width; the rest keeps room for its value.
LONGEST_BAR_PERCENT = Decimal(72)
LABEL_SIZE = 15
LINE_HEIGHT = 19
# SVG text does not wrap: longer labels get more lines, so that they fit in a box on
# the narrowest phone (about 250 px wide).
LABEL_LINE_CHARS = 26
BAR_HEIGHT = 16
# Label line(s), then the bar, then this gap to the next label.
BAR_GAP = 5
ROW_GAP = 12
VALUE_OFFSET = 12


@dataclass(frozen=True)
class Line:
    text: str
    y: int


@dataclass(frozen=True)
class Bar:
    label: str
    label_lines: list[Line]
    value: str
    width: str
    bar_y: int
    value_y: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    bar_height: int = BAR_HEIGHT
    label_size: int = LABEL_SIZE

    @property
    def description(self):
        """Every bar as text, for the chart's accessible description."""
        return "; ".join(f"{bar.label}: {bar.value}" for bar in self.bars)


def figure_value(row):
    """A row's value as a Dutch reader writes it: "55,6%" or "1.234"."""
    if row.unit == FigureRow.Unit.PERCENT:
        return f"{number_format(row.value, 1, use_l10n=True, force_grouping=True)}%"
    return number_format(row.value, 0, use_l10n=True, force_grouping=True)


def bar_chart(rows):
    """The chart of `rows`, bars proportional to their values; None when there is
    nothing to compare (no rows, or counts and percentages mixed)."""
    rows = list(rows)
    if not rows or len({row.unit for row in rows}) > 1:
        return None
    longest = max(row.value for row in rows)
    bars = []
    top = 0
    for row in rows:
        share = row.value / longest * LONGEST_BAR_PERCENT if longest else Decimal(0)
        lines = textwrap.wrap(row.label, LABEL_LINE_CHARS, break_long_words=False) or [""]
        bar_y = top + (len(lines) - 1) * LINE_HEIGHT + LABEL_SIZE + BAR_GAP
        bars.append(
            Bar(
                label=row.label,
                label_lines=[
                    Line(text=line, y=top + index * LINE_HEIGHT + LABEL_SIZE)
                    for index, line in enumerate(lines)
                ],
                value=figure_value(row),
                # SVG lengths take a decimal point, whatever the language of the page.
                width=f"{share:.2f}%",
                bar_y=bar_y,
                value_y=bar_y + VALUE_OFFSET,
            )
        )
        top = bar_y + BAR_HEIGHT + ROW_GAP
    return BarChart(bars=bars, height=top - ROW_GAP)
