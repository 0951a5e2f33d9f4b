"""The evaluation's figures as tables: one `Table` for the page and for its CSV, XLSX and ODS
exports alike, so that both say the same.

Statistical secrecy: unless `exact` (the direction of the département), a count of 1 to 4 persons is
written "< 5", and so is every figure computed over such a count (a rate over a denominator of 1 to
4, a rate whose numerator is 1 to 4, a mean or median over 1 to 4 persons). Zero stays zero.
"""

import dataclasses
import datetime

from pacte.evaluation import drees
from pacte.evaluation.engine import INDICATORS, KINDS, LABELS, RATE

SMALL = "< 5"
SMALL_MAX = 4
SERIES_KEYS = ("B1", "B9", "B13", "orientation_within_6_weeks", "contract_within_1_month")
DREES_KEYS = tuple(f"B{n}" for n in range(1, 15))


@dataclasses.dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: list
    rows: list
    caption: str = ""

    def export_rows(self):
        return [self.header, *self.rows]

    @property
    def shown_rows(self):
        return display_rows(self)


def is_small(count):
    return count is not None and 1 <= count <= SMALL_MAX


def count(value, exact):
    return SMALL if not exact and is_small(value) else value


def figure(indicator, exact):
    """(numerator or None, denominator or n, value) of one indicator, masked as needed."""
    if "n" in indicator:
        n, value = indicator["n"], indicator["value"]
        return (None, SMALL, SMALL) if not exact and is_small(n) else (None, n, value)
    numerator, denominator, value = indicator["numerator"], indicator["denominator"], indicator["value"]
    if not exact and is_small(denominator):
        return SMALL, SMALL, SMALL
    if not exact and is_small(numerator):
        return SMALL, denominator, SMALL
    return numerator, denominator, value


def value_of(indicator, exact):
    return figure(indicator, exact)[2]


def indicators_table(result, exact):
    rows = []
    for key, label, _kind in INDICATORS:
        numerator, denominator, value = figure(result["indicators"][key], exact)
        rows.append([key, label, numerator, denominator, value])
    return Table(
        key="indicateurs",
        title=f"Indicateurs de l'enquête OARSA et délais légaux, {result['year']} (au {_french(result['at'])})",
        header=["Indicateur", "Libellé", "Numérateur", "Dénominateur ou effectif", "Valeur"],
        rows=rows,
        caption="Taux en %, délais en jours.",
    )


def _french(iso):
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _unit(key):
    return "%" if KINDS[key] == RATE else "jours"


def breakdown_table(key, title, groups, exact, first_column):
    header = [first_column, "Soumis aux droits et devoirs (B1)"]
    header += [f"{key_} – {LABELS[key_]} ({_unit(key_)})" for key_, _, _ in INDICATORS]
    rows = [
        [
            group["label"],
            count(group["indicators"]["B1"]["denominator"], exact),
            *(value_of(group["indicators"][k], exact) for k, _, _ in INDICATORS),
        ]
        for group in groups
    ]
    return Table(key=key, title=title, header=header, rows=rows)


def series_table(by_year, exact):
    """`by_year` [(year, compute result)], ascending."""
    return breakdown_table(
        "serie",
        "Évolution sur les années (au 31 décembre de chaque année)",
        [{"label": str(year), "indicators": result["indicators"]} for year, result in by_year],
        exact,
        "Année",
    )


def drees_table(result, departement, exact):
    published = drees.oarsa(departement)
    header = ["Indicateur", "Libellé", f"Pacte {result['year']}"]
    header += [f"DREES {entry.year}" for entry in published]
    rows = [
        [
            key,
            LABELS[key],
            value_of(result["indicators"][key], exact),
            *(entry.indicators[key] for entry in published),
        ]
        for key in DREES_KEYS
    ]
    return Table(
        key="drees",
        title="Les chiffres publiés par la DREES (enquête OARSA) à côté de ceux de Pacte",
        header=header,
        rows=rows,
        caption=drees.ATTRIBUTION,
    )


def households_table(departement):
    rows = [[str(entry.year), entry.households] for entry in drees.households(departement)]
    return Table(
        key="foyers",
        title="Foyers allocataires du RSA au 31 décembre (DREES)",
        header=["Année", "Foyers allocataires"],
        rows=rows,
        caption=drees.ATTRIBUTION,
    )


def hidden_cohorts(result, exact):
    return set() if exact else {c["key"] for c in result["cohorts"] if is_small(c["n"])}


def survival_table(result, exact):
    days = [day for day, _ in result["cohorts"][0]["at_risk"]] if result["cohorts"] else []
    header = ["Délai de la demande à la première orientation", "Personnes", "Sorties", "Censurées"]
    header += ["Durée médiane (jours)", *(f"À risque à {day} j" for day in days)]
    hidden = hidden_cohorts(result, exact)
    rows = []
    for cohort in result["cohorts"]:
        masked = cohort["key"] in hidden
        median = SMALL if masked else cohort["median_days"]
        rows.append(
            [
                cohort["label"],
                count(cohort["n"], exact),
                SMALL if masked else count(cohort["events"], exact),
                SMALL if masked else count(cohort["censored"], exact),
                "non atteinte" if median is None and cohort["n"] else median,
                *(SMALL if masked else count(n, exact) for _, n in cohort["at_risk"]),
            ]
        )
    return Table(
        key="survie",
        title=f"Temps passé dans les droits et devoirs par délai d'orientation (au {result['at']:%d/%m/%Y})",
        header=header,
        rows=rows,
        caption="« À risque » : personnes encore suivies ce jour-là (ni sorties, ni censurées avant).",
    )


def logrank_table(result, exact):
    test = result["logrank"]
    hidden = hidden_cohorts(result, exact)
    shown = test["statistic"] is not None and not hidden
    return Table(
        key="logrank",
        title="Test du log-rank (égalité des courbes entre les délais)",
        header=["Statistique du khi-deux", "Degrés de liberté", "p-valeur"],
        rows=[
            [
                round(test["statistic"], 3) if shown else None,
                test["df"],
                float(f"{test['p_value']:.3g}") if shown else None,
            ]
        ],
    )


def outcomes_table(result, exact):
    header = ["Horizon", "Personnes observées", "En attente (horizon pas encore atteint)"]
    columns = (
        ("out_of_sdd", "Sorties des droits et devoirs"),
        ("employment", "Sorties vers l'emploi"),
        ("training", "Sorties vers la formation"),
        ("employment_or_training", "Emploi ou formation"),
    )
    for _, label in columns:
        header += [label, f"{label} (%)"]
    rows = []
    for horizon in result["horizons"]:
        row = [horizon["label"], count(horizon["observed"], exact), count(horizon["pending"], exact)]
        for key, _ in columns:
            numerator, _denominator, value = figure(horizon[key], exact)
            row += [numerator, value]
        rows.append(row)
    return Table(
        key="resultats",
        title=f"Résultats des personnes orientées pour la première fois en {result['year']}",
        header=header,
        rows=rows,
        caption="Sorties d'emploi et de formation : celles enregistrées dans les parcours.",
    )


def no_show_table(key, title, rows, exact, first_column):
    header = [
        first_column,
        "Rendez-vous pointés",
        "Honorés",
        "Absences excusées",
        "Absences",
        "Taux d'absence (%)",
    ]
    body = []
    for row in rows:
        _numerator, recorded, value = figure(row["rate"], exact)
        body.append(
            [
                row["label"],
                recorded,
                count(row["seen"], exact),
                count(row["excused"], exact),
                count(row["absent"], exact),
                value,
            ]
        )
    return Table(key=key, title=title, header=header, rows=body)


def display(value):
    """A cell as the page writes it, the French way: "12,5", "10 042", "—" when missing."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float):
        text = f"{value:,.1f}" if value != int(value) or abs(value) < 1000 else f"{value:,.0f}"
    else:
        text = f"{value:,d}"
    return text.replace(",", "\u202f").replace(".", ",")


def display_rows(table):
    return [[display(cell) for cell in row] for row in table.rows]
