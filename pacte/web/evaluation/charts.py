"""The evaluation's charts, drawn on the server as inline SVG strings (no JavaScript): bars, lines
over the years, and the survival curves. Every chart has a title and a description for screen
readers, its series are told apart by the line's dash and the marker's shape as well as by colour,
and the page gives the same figures in a table next to it. The annual review reuses them.
"""

import math

from django.utils.html import escape

# Colour-blind safe (Okabe–Ito), with a dash pattern and a marker each.
STYLES = (
    ("#0072b2", "", "circle"),
    ("#d55e00", "8 4", "square"),
    ("#009e73", "2 3", "triangle"),
    ("#cc79a7", "10 3 2 3", "diamond"),
    ("#1e1e1e", "4 4", "circle"),
)
FONT = 'font-family="sans-serif" font-size="13" fill="#1e1e1e"'
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 16, 56
PADDING = 16  # between the plot's frame and its first and last points


def _svg(width, height, title, description, body, chart_id):
    return (
        f'<svg id="{escape(chart_id)}" role="img" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-d">{escape(description)}</desc>{body}</svg>'
    )


def _number(value):
    text = f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _marker(shape, x, y, colour):
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
    if shape == "diamond":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


LEGEND_LINE = 20


def _legend(entries, y):
    """`entries` [(name, style index)], one a line from `y` down."""
    items = []
    for line, (name, index) in enumerate(entries):
        colour, dash, shape = STYLES[index % len(STYLES)]
        at = y + line * LEGEND_LINE
        items.append(
            f'<line x1="{LEFT}" y1="{at}" x2="{LEFT + 28}" y2="{at}" stroke="{colour}" stroke-width="2.5" '
            f'stroke-dasharray="{dash}"/>{_marker(shape, LEFT + 14, at, colour)}'
            f'<text x="{LEFT + 36}" y="{at + 4}" {FONT}>{escape(name)}</text>'
        )
    return "".join(items)


def _nice(top):
    """A round value at least `top` whose quarters are round too (the four ticks)."""
    scale = 10 ** math.floor(math.log10(top)) if top > 0 else 1
    return next(step * scale for step in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10) if step * scale >= top)


def bars_svg(title, rows, *, unit=" %", chart_id="barres", maximum=None):
    """Horizontal bars of `rows` [(label, value or None)]; None is written "non publié"."""
    label_width, area, height_each = 240, 360, 28
    values = [value for _, value in rows if value is not None]
    largest = maximum or max(values, default=0) or 1
    parts = []
    for index, (label, value) in enumerate(rows):
        y = TOP + index * height_each
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" {FONT}>{escape(label[:36])}</text>'
        )
        if value is None:
            parts.append(f'<text x="{label_width}" y="{y + 15}" {FONT}>non publié</text>')
            continue
        width = max(1, round(area * value / largest)) if value else 0
        parts.append(f'<rect x="{label_width}" y="{y}" width="{width}" height="20" fill="#0072b2"/>')
        parts.append(
            f'<text x="{label_width + width + 6}" y="{y + 15}" {FONT}>{escape(_number(value))}{escape(unit)}</text>'
        )
    height = TOP + max(len(rows), 1) * height_each + 8
    description = "; ".join(
        f"{label} : {'non publié' if value is None else _number(value) + unit}" for label, value in rows
    )
    return _svg(label_width + area + 90, height, title, description, "".join(parts), chart_id)


def _axes(width, height, x_ticks, y_ticks, x_label, y_label):
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    parts = [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#8c8c8c"/>'
    ]
    for x, text in x_ticks:
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP + plot_h}" x2="{x:.1f}" y2="{TOP + plot_h + 5}" stroke="#1e1e1e"/>'
            f'<text x="{x:.1f}" y="{TOP + plot_h + 19}" text-anchor="middle" {FONT}>{escape(text)}</text>'
        )
    for y, text in y_ticks:
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#e0e0e0"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{escape(text)}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h + 36}" text-anchor="middle" {FONT}>{escape(x_label)}</text>'
        f'<text x="14" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" transform="rotate(-90 14 {TOP + plot_h / 2:.1f})" {FONT}>{escape(y_label)}</text>'
    )
    return parts


def series_svg(title, series, *, y_label="%", chart_id="series", y_max=100):
    """Lines over the years: `series` [(name, [(year, value or None)])]; a missing value breaks the
    line. The y axis runs from 0 to `y_max` (or a round value above the largest when None)."""
    width, plot_height = 720, 240
    height = plot_height + 8 + len(series) * LEGEND_LINE
    years = sorted({year for _, points in series for year, _ in points})
    values = [value for _, points in series for _, value in points if value is not None]
    top = y_max or _nice(max(values, default=0) or 1)
    plot_w, plot_h = width - LEFT - RIGHT, plot_height - TOP - BOTTOM
    first, last = (years[0], years[-1]) if years else (0, 0)
    inner = plot_w - 2 * PADDING

    def at(year, value):
        x = LEFT + PADDING + ((year - first) / (last - first) if last > first else 0.5) * inner
        return x, TOP + plot_h - plot_h * value / top

    x_ticks = [(at(year, 0)[0], str(year)) for year in range(first, last + 1)] if years else []
    y_ticks = [(TOP + plot_h - plot_h * step / 4, _number(top * step / 4)) for step in range(5)]
    parts = _axes(width, plot_height, x_ticks, y_ticks, "Année", y_label)
    described = []
    for index, (name, points) in enumerate(series):
        colour, dash, shape = STYLES[index % len(STYLES)]
        segments, current = [], []
        for year, value in sorted(points):
            if value is None:
                segments, current = [*segments, current] if current else segments, []
                continue
            current.append(at(year, value))
        if current:
            segments.append(current)
        for segment in segments:
            coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            parts.append(
                f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2.5" '
                f'stroke-dasharray="{dash}"/>'
            )
            parts.extend(_marker(shape, x, y, colour) for x, y in segment)
        shown = ", ".join(f"{year} : {'—' if v is None else _number(v)}" for year, v in sorted(points))
        described.append(f"{name} ({shown})")
    parts.append(_legend([(name, i) for i, (name, _) in enumerate(series)], plot_height + 8))
    return _svg(width, height, title, "; ".join(described), "".join(parts), chart_id)


def _step_points(curve, scale_x, scale_y, last_day):
    """The staircase of a right-continuous step function, drawn to `last_day`."""
    points, previous = [], None
    for day, survival in curve:
        if previous is not None:
            points.append((scale_x(day), scale_y(previous)))
        points.append((scale_x(day), scale_y(survival)))
        previous = survival
    if previous is not None:
        points.append((scale_x(last_day), scale_y(previous)))
    return points


def survival_svg(result, *, chart_id="courbes-survie", hidden=()):
    """The Kaplan-Meier curves of `pacte.evaluation.survival.delay_cohorts(...)`: the share of each
    cohort still in rights and duties against the days since entry, with the 50 % line (medians).
    Cohorts whose key is in `hidden` (too few persons to show) are left out of the drawing."""
    cohorts = [c for c in result["cohorts"] if c["curve"] and c["key"] not in hidden]
    width, plot_height = 720, 340
    plot_w, plot_h = width - LEFT - RIGHT, plot_height - TOP - BOTTOM
    last_day = max((c["curve"][-1][0] for c in cohorts), default=0)
    last_day = max(last_day, 30)
    tick = next(step for step in (30, 90, 180, 365, 730, 1825) if last_day / step <= 8)

    def scale_x(day):
        return LEFT + plot_w * day / last_day

    def scale_y(survival):
        return TOP + plot_h * (1 - survival)

    x_ticks = [(scale_x(day), str(day)) for day in range(0, last_day + 1, tick)]
    y_ticks = [(scale_y(step / 4), f"{step * 25} %") for step in range(5)]
    parts = _axes(
        width,
        plot_height,
        x_ticks,
        y_ticks,
        "Jours depuis l'entrée dans les droits et devoirs",
        "Encore soumis",
    )
    parts.append(
        f'<line x1="{LEFT}" y1="{scale_y(0.5):.1f}" x2="{LEFT + plot_w}" y2="{scale_y(0.5):.1f}" '
        f'stroke="#8c8c8c" stroke-dasharray="3 3"/>'
    )
    described, legend = [], []
    for index, cohort in enumerate(result["cohorts"]):
        if not cohort["curve"] or cohort["key"] in hidden:
            continue
        legend.append((f"Délai {cohort['label']}", index))
        colour, dash, _ = STYLES[index % len(STYLES)]
        coordinates = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in _step_points(cohort["curve"], scale_x, scale_y, last_day)
        )
        parts.append(
            f'<polyline class="cohort" data-cohort="{escape(cohort["key"])}" points="{coordinates}" fill="none" '
            f'stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/>'
        )
        median = cohort["median_days"]
        described.append(
            f"{cohort['label']} : {cohort['n']} personnes, médiane "
            + (f"{median} jours" if median is not None else "non atteinte")
        )
    parts.append(_legend(legend, plot_height + 8))
    title = survival_title(result)
    description = "; ".join(described) or "Aucune cohorte à dessiner."
    height = plot_height + 8 + len(legend) * LEGEND_LINE
    return _svg(width, height, title, description, "".join(parts), chart_id)


def survival_title(result):
    return (
        "Part des personnes encore soumises aux droits et devoirs, par délai d'orientation "
        f"(au {result['at']:%d/%m/%Y})"
    )
