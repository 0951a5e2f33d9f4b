"""The charts of the annual review, drawn once as reportlab drawings: placed as vectors in the
PDF, and written as SVG pictures into the ODT (LibreOffice opens and keeps them; see
docs/decisions/015-annual-review.md). Every chart goes with a table of its figures in the
document, and with a text description for those who do not see it."""

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

WIDTH = 440
VALUE_COLOUR = colors.HexColor("#1f5f8b")
TARGET_COLOUR = colors.HexColor("#c9d6e3")
# Distinct in print and for the common colour blindnesses (Okabe–Ito).
COHORT_COLOURS = [colors.HexColor(code) for code in ("#0072B2", "#E69F00", "#009E73", "#CC79A7")]
FONT = "Helvetica"


def _title(drawing, text):
    drawing.add(String(0, drawing.height - 12, text, fontName="Helvetica-Bold", fontSize=10))


def _legend(drawing, x, y, pairs):
    """The swatches in one row from `x`, each followed by its label."""
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 95
    legend.dx = legend.dy = 8
    legend.colorNamePairs = pairs
    drawing.add(legend)


def target_chart(title, years, values, targets):
    """Two bars a year: the value (dark) and the target (light). `values`, `targets`: {year: number}."""
    drawing = Drawing(WIDTH, 200)
    _title(drawing, title)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, WIDTH - 60, 120
    chart.data = [
        [float(values[year]) if values.get(year) is not None else 0 for year in years],
        [float(targets[year]) if targets.get(year) is not None else 0 for year in years],
    ]
    chart.categoryAxis.categoryNames = [str(year) for year in years]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor, chart.bars[1].fillColor = VALUE_COLOUR, TARGET_COLOUR
    chart.bars[1].strokeColor = VALUE_COLOUR
    chart.barSpacing, chart.groupSpacing = 2, 12
    drawing.add(chart)
    _legend(drawing, 40, 12, [(VALUE_COLOUR, "Valeur"), (TARGET_COLOUR, "Cible")])
    return drawing


def progress_chart(title, rows):
    """One bar per part of the pact: the mean progress (%) of its actions' validated reports.
    `rows`: [(label, percent or None)]; a part without a figure shows no bar."""
    height = 40 + 22 * len(rows)
    drawing = Drawing(WIDTH, height + 20)
    _title(drawing, title)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 170, 20, WIDTH - 190, height - 20
    chart.data = [[float(percent or 0) for _, percent in reversed(rows)]]
    chart.categoryAxis.categoryNames = [_short(label, 34) for label, _ in reversed(rows)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.bars[0].fillColor = VALUE_COLOUR
    drawing.add(chart)
    return drawing


def survival_chart(title, cohorts):
    """The Kaplan-Meier curves, one step line per cohort: the share still in rights and duties
    (y, 0 to 1) after x days. `cohorts`: [{"label", "curve": [(day, survival)]}]."""
    drawing = Drawing(WIDTH, 250)
    _title(drawing, title)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 45, 60, WIDTH - 65, 160
    drawn = [cohort for cohort in cohorts if cohort["curve"]]
    plot.data = [_steps(cohort["curve"]) for cohort in drawn] or [[(0, 1)]]
    for index in range(len(plot.data)):
        plot.lines[index].strokeColor = COHORT_COLOURS[index % len(COHORT_COLOURS)]
        plot.lines[index].strokeWidth = 1.5
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, 1, 0.25
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.labels.fontName = plot.yValueAxis.labels.fontName = FONT
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 8
    plot.yValueAxis.labelTextFormat = lambda value: f"{round(value * 100)} %"
    drawing.add(plot)
    drawing.add(String(plot.x + plot.width / 2, 38, "jours dans les droits et devoirs", fontName=FONT,
                       fontSize=8, textAnchor="middle"))  # fmt: skip
    _legend(
        drawing,
        plot.x,
        14,
        [(COHORT_COLOURS[i % len(COHORT_COLOURS)], cohort["label"]) for i, cohort in enumerate(drawn)],
    )
    return drawing


def _steps(curve):
    """A survival curve as the points of its staircase, starting at (0, 1)."""
    points, level = [(0, 1.0)], 1.0
    for day, survival in curve:
        points += [(day, level), (day, survival)]
        level = survival
    return points


def _short(text, length):
    return text if len(text) <= length else f"{text[: length - 1]}…"
