"""What the annual review of a pact says for a year, section by section: key figures, progress by
thematic and action (the validated yearly reports only), the indicators against their targets,
the difficulties, the steering committees' decisions, and the delay–duration analysis.

Every figure is an aggregate: the document names no beneficiary. Reports still in draft, submitted
or returned are not the direction's word yet: they are counted, never quoted.
"""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from pacte.core.progress import NullProgress
from pacte.evaluation import pact_indicators, survival
from pacte.evaluation.bilan import charts
from pacte.evaluation.bilan.blocks import Chart, Document, Heading, Paragraph, Table
from pacte.pact.enums import ReportStatus
from pacte.pact.models import Action, ActionReport, CommitteeDecision, FollowUpTask, PactIndicator

# The key figures, in the order of the pact's concerns: orientation and its delays, contracts,
# the offer, employment.
KEY_FIGURES = (
    "first_orientations",
    "B1",
    "median_orientation_delay_days",
    "B13",
    "orientation_within_6_weeks",
    "B9",
    "contract_within_1_month",
    "prescriptions_sent",
    "prescriptions_acceptance_rate",
    "prescriptions_started",
    "offer_fill_rate",
    "recruitments",
    "social_clause_hours",
)
SECTIONS = 6


def number(value, unit=""):
    """A figure written the French way: 1 234,5 (no-break spaces), its unit after it."""
    if value is None:
        return "—"
    value = Decimal(str(value))
    text = f"{value:,.1f}" if value != value.to_integral_value() else f"{int(value):,}"
    text = text.replace(",", "\u00a0").replace(".", ",")
    if unit == "%":
        return f"{text}\u00a0%"
    return f"{text} {unit}".strip()


def day(value):
    return value.strftime("%d/%m/%Y")


def _detail(details):
    if "denominator" in details:
        return f"{number(details['numerator'])} sur {number(details['denominator'])}"
    if "n" in details and details.get("kind") == "mean":
        return f"sur {number(details['n'])} personnes"
    return ""


def key_figures(pact, year, at, today):
    context = pact_indicators.Context(departement=pact.departement_id, year=year, at=at, today=today)
    rows = []
    for key in KEY_FIGURES:
        computation = pact_indicators.REGISTRY[key]
        result = pact_indicators.evaluate(key, context)
        rows.append(
            [
                computation.label,
                number(result.value, computation.unit) if result.value is not None else "non disponible",
                _detail(result.details) if result.value is not None else result.reason,
            ]
        )
    return [
        Heading(f"1. Chiffres clés de l'année {year}"),
        Paragraph(
            f"Calculés par Pacte à partir de ses données (parcours, offre d'insertion, emploi) du département, "
            f"au {day(at)}.",
            style="note",
        ),
        Table(["Indicateur", "Valeur", "Détail"], rows, widths=(0.5, 0.18, 0.32)),
    ]


def _actions(pact, year):
    """The pact's actions in the order of the tree, each with its report of `year` (or None)."""
    reports = ActionReport.objects.filter(year=year)
    actions = (
        Action.objects.filter(objective__thematic__pact=pact)
        .select_related("objective__thematic", "pilot")
        .prefetch_related(Prefetch("reports", queryset=reports, to_attr="year_reports"))
        .order_by("objective__thematic__position", "objective__thematic_id", "objective__position",
                  "objective_id", "position", "id")
    )  # fmt: skip
    for action in actions:
        action.report = action.year_reports[0] if action.year_reports else None
        action.validated = (
            action.report if action.report and action.report.status == ReportStatus.VALIDATED else None
        )
    return list(actions)


def _progress_label(report):
    if report is None:
        return "—"
    parts = []
    if report.progress_percent is not None:
        parts.append(f"{report.progress_percent}\u00a0%")
    if report.progress_status:
        parts.append(report.get_progress_status_display())
    return " · ".join(parts) or "—"


def _report_state(action):
    if action.report is None:
        return "Pas de bilan"
    return action.report.get_status_display()


def _mean_progress(actions):
    percents = [
        a.validated.progress_percent
        for a in actions
        if a.validated and a.validated.progress_percent is not None
    ]
    return round(sum(percents) / len(percents)) if percents else None


def _action_text(action):
    report = action.validated
    blocks = [Heading(action.title, level=3)]
    for lead, text in (
        ("Réalisations chiffrées", report.values),
        ("Avancées", report.advances),
        ("Prochaines étapes", report.next_steps),
    ):
        if text.strip():
            blocks.append(Paragraph(text.strip(), style="lead", lead=lead))
    return blocks


def progress(pact, year, actions):
    part = pact.thematic_label.lower()
    by_thematic = {}
    for action in actions:
        by_thematic.setdefault(action.objective.thematic, []).append(action)
    validated = sum(1 for action in actions if action.validated)
    blocks = [
        Heading(f"2. Avancement par {part} et par action"),
        Paragraph(
            f"{number(len(actions))} action(s) saisie(s) dans Pacte"
            + (f" sur les {pact.announced_actions} annoncées par le pacte" if pact.announced_actions else "")
            + f" ; {number(validated)} bilan(s) {year} validé(s) par la direction. Seuls les bilans validés "
            "sont repris ici."
        ),
    ]
    if not actions:
        return blocks
    rows = [(thematic.title, _mean_progress(members)) for thematic, members in by_thematic.items()]
    blocks.append(
        Chart(
            charts.progress_chart(f"Avancement moyen des actions par {part} ({year})", rows),
            "Avancement moyen des actions, d'après les bilans validés : "
            + " ; ".join(f"{label} : {number(percent, '%')}" for label, percent in rows)
            + ".",
        )
    )
    for thematic, members in by_thematic.items():
        blocks.append(Heading(thematic.title, level=2))
        blocks.append(
            Table(
                ["Action", "Pilote", "Avancement", "Bilan"],
                [
                    [a.title, a.pilot_label or "—", _progress_label(a.validated), _report_state(a)]
                    for a in members
                ],
                widths=(0.42, 0.24, 0.18, 0.16),
            )
        )
        for action in members:
            if action.validated:
                blocks += _action_text(action)
    return blocks


def _indicator_rows(indicators, year):
    rows = []
    for indicator in indicators:
        value = indicator.year_value
        rows.append(
            [
                indicator.name,
                indicator.unit,
                number(indicator.baseline)
                + (f" ({indicator.baseline_year})" if indicator.baseline_year else "")
                if indicator.baseline is not None
                else "—",
                number(indicator.targets.get(str(year))),
                ("≈ " if value and value.is_approximate else "") + (number(value.value) if value else "—"),
                value.get_source_display() if value else "—",
            ]
        )
    return rows


def indicators(pact, year):
    indicators = list(
        PactIndicator.objects.filter(pact=pact).prefetch_related("values").order_by("code", "id")
    )
    blocks = [Heading("3. Indicateurs du pacte et cibles")]
    if not indicators:
        return [*blocks, Paragraph("Le pacte n'a pas encore d'indicateur.")]
    for indicator in indicators:
        indicator.by_year = {row.year: row for row in indicator.values.all()}
        indicator.year_value = indicator.by_year.get(year)
    blocks.append(
        Table(
            ["Indicateur", "Unité", "Référence", f"Cible {year}", f"Valeur {year}", "Origine"],
            _indicator_rows(indicators, year),
            widths=(0.36, 0.12, 0.13, 0.12, 0.13, 0.14),
        )
    )
    for indicator in indicators:
        values = {y: row.value for y, row in indicator.by_year.items() if y <= year}
        targets = {int(y): v for y, v in indicator.targets.items() if int(y) <= pact.end_year}
        years = sorted(set(values) | set(targets))
        if not years:
            continue
        blocks.append(
            Chart(
                charts.target_chart(f"{indicator.name} ({indicator.unit})", years, values, targets),
                f"{indicator.name}, valeurs et cibles par année : "
                + " ; ".join(
                    f"{y} : valeur {number(values.get(y))}, cible {number(targets.get(y))}" for y in years
                )
                + ".",
            )
        )
    return blocks


def difficulties(actions, year):
    blocks = [Heading("4. Difficultés rencontrées")]
    quoted = [a for a in actions if a.validated and a.validated.difficulties.strip()]
    if not quoted:
        return [*blocks, Paragraph(f"Aucune difficulté signalée dans les bilans {year} validés.")]
    return blocks + [Paragraph(a.validated.difficulties.strip(), style="lead", lead=a.title) for a in quoted]


def committees(pact, year):
    committees = list(
        pact.committees.filter(held_on__year=year)
        .prefetch_related(
            Prefetch("decisions", queryset=CommitteeDecision.objects.select_related("action").order_by("position", "id")),
            Prefetch("tasks", queryset=FollowUpTask.objects.order_by("due_on", "id")),
        )
        .order_by("held_on", "id")
    )  # fmt: skip
    blocks = [Heading("5. Décisions des comités de pilotage")]
    if not committees:
        return [*blocks, Paragraph(f"Aucun comité de pilotage enregistré en {year}.")]
    for committee in committees:
        blocks.append(Heading(f"{committee.title} du {day(committee.held_on)}", level=2))
        decisions = committee.decisions.all()
        if decisions:
            blocks.append(
                Table(
                    ["Décision", "Action concernée"],
                    [[d.text, d.action.title if d.action_id else "—"] for d in decisions],
                    widths=(0.65, 0.35),
                )
            )
        else:
            blocks.append(Paragraph("Aucune décision enregistrée."))
        tasks = committee.tasks.all()
        if tasks:
            blocks.append(
                Table(
                    ["Suite à donner", "Échéance", "État"],
                    [
                        [t.title, day(t.due_on) if t.due_on else "—", f"faite le {day(t.done_at)}" if t.done_at else "à faire"]
                        for t in tasks
                    ],
                    widths=(0.6, 0.18, 0.22),
                )
            )  # fmt: skip
    return blocks


def _median(cohort):
    if not cohort["n"]:
        return "—"
    return "non atteinte" if cohort["median_days"] is None else number(cohort["median_days"], "jours")


def delays(pact, at):
    result = survival.delay_cohorts(pact.departement_id, at)
    cohorts = result["cohorts"]
    blocks = [
        Heading("6. Délai d'orientation et durée dans les droits et devoirs"),
        Paragraph(
            "Les personnes orientées sont réparties selon le délai entre leur demande de RSA et leur première "
            "orientation ; la courbe de chaque groupe donne la part encore soumise aux droits et devoirs au fil "
            f"des jours (estimateur de Kaplan-Meier, observations arrêtées au {day(at)})."
        ),
    ]
    if not any(cohort["n"] for cohort in cohorts):
        return [*blocks, Paragraph("Aucune personne orientée : pas de courbe à tracer.")]
    blocks.append(
        Chart(
            charts.survival_chart("Part des personnes encore dans les droits et devoirs", cohorts),
            "Courbes de maintien dans les droits et devoirs par délai d'orientation ; durées médianes : "
            + " ; ".join(f"{c['label']} : {_median(c)}" for c in cohorts if c["n"])
            + ".",
        )
    )
    blocks.append(
        Table(
            ["Délai d'orientation", "Personnes", "Sorties", "Encore présentes", "Durée médiane"],
            [
                [c["label"], number(c["n"]), number(c["events"]), number(c["censored"]), _median(c)]
                for c in cohorts
            ],
            widths=(0.28, 0.16, 0.16, 0.2, 0.2),
        )
    )  # fmt: skip
    test = result["logrank"]
    if test["p_value"] is not None:
        p_value = f"{test['p_value']:.3g}".replace(".", ",")
        verdict = " : les durées diffèrent nettement selon le délai" if test["p_value"] < 0.05 else ""
        blocks.append(
            Paragraph(
                f"Test du log-rank entre les groupes : statistique {number(round(test['statistic'], 2))} "
                f"pour {test['df']} degré(s) de liberté, p = {p_value}{verdict}."
            )
        )
    return blocks


def build(pact, year, *, today=None, progress_bar=None):
    """The `Document` of the annual review of `pact` for `year` (checked against its period)."""
    bar = progress_bar or NullProgress()
    today = today or timezone.localdate()
    year = pact_indicators.check_year(pact, year, today)
    at = pact_indicators.reference_date(year, today)
    bar.start(SECTIONS, f"Bilan {year} du pacte {pact.slug}", unit=" parties")
    actions = _actions(pact, year)
    blocks = [
        Paragraph(
            f"{pact.title} ({pact.territory}, {pact.period}). Bilan de l'année {year}, données arrêtées au "
            f"{day(at)}, produit par Pacte le {day(today)}. Document de travail à relire et compléter par la "
            "direction avant sa présentation à l'assemblée départementale.",
            style="note",
        )
    ]
    for section in (
        lambda: key_figures(pact, year, at, today),
        lambda: progress(pact, year, actions),
        lambda: indicators(pact, year),
        lambda: difficulties(actions, year),
        lambda: committees(pact, year),
        lambda: delays(pact, at),
    ):
        blocks += section()
        bar.advance()
    bar.finish()
    return Document(title=f"Bilan annuel {year}", subtitle=pact.title, blocks=blocks)
