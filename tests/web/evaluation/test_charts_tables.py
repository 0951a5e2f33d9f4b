"""The evaluation's SVG charts (well-formed, titled, one line per cohort or series) and its tables'
rules of statistical secrecy and French number writing."""

import datetime
from xml.etree import ElementTree

from pacte.evaluation import survival
from pacte.web.evaluation import charts, tables

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ElementTree.fromstring(svg)


def fake_result():
    cohorts = []
    for key, label, size in (
        ("0-30", "0 à 30 jours", 12),
        ("31-60", "31 à 60 jours", 3),
        ("61-90", "61 à 90 jours", 0),
        ("90+", "plus de 90 jours", 8),
    ):
        fit = survival.kaplan_meier([30 * (i + 1) for i in range(size)], [i % 2 == 0 for i in range(size)])
        cohorts.append(
            {
                "key": key,
                "label": label,
                "n": size,
                "events": sum(fit.events),
                "censored": sum(fit.censored),
                "median_days": fit.median if size else None,
                "curve": list(zip(fit.timeline, fit.survival, strict=True)) if size else [],
                "at_risk": [(day, fit.at_risk_at(day)) for day in survival.AT_RISK_DAYS],
            }
        )
    return {
        "at": datetime.date(2025, 12, 31),
        "cohorts": cohorts,
        "logrank": {"statistic": 1.5, "df": 3, "p_value": 0.68},
    }


def test_survival_svg_draws_one_step_line_per_cohort_with_persons():
    root = parse(charts.survival_svg(fake_result()))
    assert root.find(f"{SVG}title").text == charts.survival_title(fake_result())
    assert "au 31/12/2025" in root.find(f"{SVG}title").text
    lines = root.findall(f".//{SVG}polyline")
    assert [line.get("data-cohort") for line in lines] == ["0-30", "31-60", "90+"]
    assert "médiane" in root.find(f"{SVG}desc").text
    points = lines[0].get("points").split()
    assert (
        len(points) == 2 * 13
    )  # a staircase: two points per time of the timeline (0 and 12 durations), and the end


def test_survival_svg_leaves_hidden_cohorts_out():
    root = parse(charts.survival_svg(fake_result(), hidden={"31-60"}))
    assert [line.get("data-cohort") for line in root.findall(f".//{SVG}polyline")] == ["0-30", "90+"]
    legend = " ".join(text.text for text in root.findall(f".//{SVG}text") if text.text)
    assert "31 à 60 jours" not in legend and "plus de 90 jours" in legend


def test_survival_svg_of_an_empty_departement():
    empty = {
        "at": datetime.date(2025, 12, 31),
        "cohorts": [],
        "logrank": {"statistic": None, "df": 0, "p_value": None},
    }
    root = parse(charts.survival_svg(empty))
    assert (
        root.findall(f".//{SVG}polyline") == []
        and root.find(f"{SVG}desc").text == "Aucune cohorte à dessiner."
    )


def test_series_svg_breaks_the_line_at_a_missing_value():
    root = parse(
        charts.series_svg(
            "Taux",
            [("Pacte", [(2021, 10.0), (2022, None), (2023, 30.0), (2024, 35.0)]), ("DREES", [(2015, 84.0)])],
        )
    )
    lines = root.findall(f".//{SVG}polyline")
    assert [len(line.get("points").split()) for line in lines] == [1, 2, 1]
    ticks = [t.text for t in root.findall(f".//{SVG}text")]
    assert "2015" in ticks and "2019" in ticks and "2024" in ticks  # every year of the span


def test_bars_svg_writes_missing_values():
    root = parse(charts.bars_svg("B1", [("Nord", 42.5), ("Sud", None)]))
    texts = [t.text for t in root.findall(f".//{SVG}text")]
    assert "42,5 %" in texts and "non publié" in texts
    assert len(root.findall(f".//{SVG}rect")) == 1


def test_secrecy_rules():
    rate = {"numerator": 3, "denominator": 40, "value": 7.5}
    assert tables.figure(rate, exact=True) == (3, 40, 7.5)
    assert tables.figure(rate, exact=False) == ("< 5", 40, "< 5")
    small = {"numerator": 0, "denominator": 4, "value": 0.0}
    assert tables.figure(small, exact=False) == ("< 5", "< 5", "< 5")
    assert tables.figure({"numerator": 0, "denominator": 0, "value": None}, exact=False) == (0, 0, None)
    assert tables.figure({"numerator": 12, "denominator": 30, "value": 40.0}, exact=False) == (12, 30, 40.0)
    assert tables.figure({"n": 2, "value": 50.0}, exact=False) == (None, "< 5", "< 5")
    assert tables.figure({"n": 5, "value": 50.0}, exact=False) == (None, 5, 50.0)
    assert [tables.count(n, exact=False) for n in (0, 1, 4, 5)] == [0, "< 5", "< 5", 5]


def test_survival_table_masks_small_cohorts_for_analysts():
    result = fake_result()
    analyst = tables.survival_table(result, exact=False).rows
    assert analyst[1][1:5] == ["< 5", "< 5", "< 5", "< 5"]
    assert analyst[2][1] == 0 and analyst[2][4] is None  # an empty cohort has no median
    assert tables.logrank_table(result, exact=False).rows == [[None, 3, None]]
    direction = tables.survival_table(result, exact=True).rows
    assert direction[1][1] == 3
    assert tables.logrank_table(result, exact=True).rows == [[1.5, 3, 0.68]]


def test_display_in_french():
    assert [tables.display(v) for v in (None, 0, 12.5, 100.0, 10042, 1916100.0, "< 5")] == [
        "—",
        "0",
        "12,5",
        "100,0",
        "10\u202f042",
        "1\u202f916\u202f100",
        "< 5",
    ]
