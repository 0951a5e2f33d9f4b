"""Small charts drawn on the server as inline SVG: no JavaScript, readable without colour, with a
data table alongside for screen readers."""

import dataclasses

BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 260
BAR_AREA = 300
VALUE_WIDTH = 70


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int


@dataclasses.dataclass(frozen=True)
class BarChart:
    title: str
    bars: list
    width: int
    height: int
    bar_x: int

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)


def bar_chart(title, rows):
    """A horizontal bar chart of `rows` [(label, value), ...], scaled to the largest value."""
    largest = max((value for _, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        width = round(BAR_AREA * value / largest) if value else 0
        bars.append(Bar(label=label, value=value, y=y, width=max(width, 1 if value else 0), text_y=y + 16))
    height = max(len(bars) * (BAR_HEIGHT + GAP) - GAP, BAR_HEIGHT)
    return BarChart(
        title=title, bars=bars, width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height=height, bar_x=LABEL_WIDTH
    )
