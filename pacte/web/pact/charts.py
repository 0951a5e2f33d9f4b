"""An indicator's yearly values against its targets, drawn on the server as inline SVG (two bars a
year: the value, filled; the target, outlined), with the data table alongside."""

import dataclasses

ROW = 46
BAR = 18
LABEL_WIDTH = 70
BAR_AREA = 420
VALUE_WIDTH = 110


@dataclasses.dataclass(frozen=True)
class YearBars:
    year: int
    value: object
    target: object
    value_width: int
    target_width: int
    y: int


@dataclasses.dataclass(frozen=True)
class TargetChart:
    title: str
    rows: list
    width: int
    height: int
    bar_x: int


def _width(number, largest):
    if number is None:
        return 0
    return max(1, round(BAR_AREA * float(number) / largest)) if number else 0


def target_chart(title, values, targets, years):
    """`values` and `targets`: {year: number}; one row for each of `years` that has either."""
    years = [year for year in years if year in values or year in targets]
    numbers = [float(n) for n in [*values.values(), *targets.values()] if n is not None]
    largest = max(numbers, default=0) or 1
    rows = [
        YearBars(
            year=year,
            value=values.get(year),
            target=targets.get(year),
            value_width=_width(values.get(year), largest),
            target_width=_width(targets.get(year), largest),
            y=index * ROW,
        )
        for index, year in enumerate(years)
    ]
    return TargetChart(
        title=title,
        rows=rows,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=max(len(rows) * ROW - (ROW - 2 * BAR), 2 * BAR),
        bar_x=LABEL_WIDTH,
    )
