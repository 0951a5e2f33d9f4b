"""The evaluation dashboards: the survey indicators (the engine's, the same figures as
`pacte indicators`) with their breakdowns, years and the DREES published figures; the time in rights
and duties by delay to orientation (survival curves); outcomes and no-shows; and their exports.

Aggregates only, for those who read statistics (`perms.aggregates_for`: the direction of its
départements, the analysts); other roles answer 403, a département out of reach 404. Counts of 1 to
4 are masked for everyone but the direction (pacte/web/evaluation/tables.py).
"""

import dataclasses
import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import render

from pacte.core.exports import write_csv, write_ods, write_xlsx
from pacte.evaluation import drees, engine, outcomes, survival
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.pathways.models import Orientation
from pacte.territory.models import Departement, Territory
from pacte.web.evaluation import charts, tables
from pacte.web.evaluation.forms import FIRST_YEAR, EvaluationForm

SERIES_YEARS = 5


@dataclasses.dataclass(frozen=True)
class Figure:
    """A chart with its visible caption (the SVG carries the same title for screen readers)."""

    title: str
    svg: str


def _figure(draw, title, *args, **kwargs):
    return Figure(title=title, svg=draw(title, *args, **kwargs))


BREAKDOWN_BY = {"territoire": "territory", "organisme": "body", "mois": "month"}
BREAKDOWN_TITLES = {
    "territoire": ("Par territoire d'action", "Territoire d'action"),
    "organisme": ("Par organisme d'orientation", "Organisme"),
    "mois": ("Par mois", "Mois"),
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def _choice(request):
    """(form, département code, exact); 403 without the right to statistics, 404 for a
    département the user does not read."""
    user = request.user
    if not perms.holds(user, *perms.AGGREGATE_ROLES):
        raise PermissionDenied
    codes = perms.aggregates_for(user)
    code = request.GET.get("departement") or (codes[0] if codes else "")
    if code and code not in codes:
        raise Http404
    departements = list(Departement.objects.filter(code__in=codes).order_by("code"))
    territories = list(Territory.objects.filter(departement__code=code).order_by("name", "pk"))
    bodies = list(
        Organization.objects.filter(
            Exists(Orientation.objects.filter(body=OuterRef("pk"), departement_code=code))
        ).order_by("name", "pk")
    )
    data = {"departement": code}
    data.update(
        {key: request.GET.get(key, "") for key in ("annee", "date", "territoire", "organisme", "par")}
    )
    form = EvaluationForm(data, departements=departements, territories=territories, bodies=bodies)
    return form, code, perms.reaches(user, code, Role.DIRECTION)


def _filters(form):
    return {
        "territory": form.cleaned_data["territory"],
        "body": form.cleaned_data["body"],
    }


def indicator_tables(form, code, exact):
    year, day = form.cleaned_data["annee"], form.reference_date
    result = engine.compute(code, year, day, **_filters(form))
    par = form.cleaned_data["par"]
    groups = engine.breakdown(code, year, day, by=BREAKDOWN_BY[par])
    title, column = BREAKDOWN_TITLES[par]
    years = range(max(FIRST_YEAR, year - SERIES_YEARS + 1), year + 1)
    by_year = [
        (y, result if y == year else engine.compute(code, y, datetime.date(y, 12, 31), **_filters(form)))
        for y in years
    ]
    return {
        "result": result,
        "groups": groups,
        "by_year": by_year,
        "tables": [
            tables.indicators_table(result, exact),
            tables.breakdown_table("ventilation", title, groups, exact, column),
            tables.series_table(by_year, exact),
            tables.drees_table(result, code, exact),
            tables.households_table(code),
        ],
    }


def _indicator_charts(computed, code, exact):
    groups = computed["groups"]
    published = drees.oarsa(code)

    def values(key):
        rows = [(str(y), tables.value_of(r["indicators"][key], exact)) for y, r in computed["by_year"]]
        return [(int(y), v if isinstance(v, int | float) else None) for y, v in rows]

    series = [
        ("Orientés (B1), Pacte", values("B1")),
        ("Orientés dans les 6 semaines, Pacte", values("orientation_within_6_weeks")),
    ]
    if published:
        series.append(
            ("Orientés (B1), publié par la DREES", [(e.year, e.indicators["B1"]) for e in published])
        )
    breakdown_rows = []
    for group in groups:
        value = tables.value_of(group["indicators"]["B1"], exact)
        breakdown_rows.append((group["label"], value if isinstance(value, int | float) else None))
    households = [(e.year, e.households) for e in drees.households(code)]
    return [
        _figure(
            charts.bars_svg,
            "Part des personnes soumises aux droits et devoirs orientées (B1)",
            breakdown_rows,
            chart_id="graphique-ventilation",
            maximum=100,
        ),
        _figure(charts.series_svg, "Évolution sur les années (%)", series, chart_id="graphique-annees"),
        *(
            [
                _figure(
                    charts.series_svg,
                    "Foyers allocataires du RSA au 31 décembre (DREES)",
                    [("Foyers allocataires", households)],
                    y_label="foyers",
                    chart_id="graphique-foyers",
                    y_max=None,
                )
            ]
            if households
            else []
        ),
    ]


def survival_tables(form, code, exact):
    result = survival.delay_cohorts(code, form.reference_date, territory=form.cleaned_data["territory"])
    return {
        "result": result,
        "tables": [tables.survival_table(result, exact), tables.logrank_table(result, exact)],
    }


def outcome_tables(form, code, exact):
    year = form.cleaned_data["annee"]
    at = form.cleaned_data["date"] or datetime.date.today()
    territory = form.cleaned_data["territory"]
    result = outcomes.outcomes(code, year, at, territory=territory)
    absences = outcomes.no_shows(code, year, territory=territory)
    return {
        "result": result,
        "absences": absences,
        "tables": [
            tables.outcomes_table(result, exact),
            tables.no_show_table(
                "absences-mois",
                f"Absences aux rendez-vous par mois, {year}",
                absences["by_month"],
                exact,
                "Mois",
            ),
            tables.no_show_table(
                "absences-territoire",
                f"Absences aux rendez-vous par territoire d'action, {year}",
                [*absences["by_territory"], absences["total"]],
                exact,
                "Territoire d'action",
            ),
        ],
    }


def _numeric(value):
    return value if isinstance(value, int | float) else None


def _outcome_charts(computed, code, exact):
    result, absences = computed["result"], computed["absences"]
    rows = []
    for horizon in result["horizons"]:
        for key, label in (
            ("out_of_sdd", "hors droits et devoirs"),
            ("employment_or_training", "emploi ou formation"),
        ):
            rows.append(
                (f"{horizon['months']} mois : {label}", _numeric(tables.value_of(horizon[key], exact)))
            )
    return [
        _figure(
            charts.bars_svg,
            "Résultats après la première orientation (%)",
            rows,
            chart_id="graphique-resultats",
            maximum=100,
        ),
        _figure(
            charts.bars_svg,
            "Taux d'absence aux rendez-vous par mois (%)",
            [(row["label"], _numeric(tables.value_of(row["rate"], exact))) for row in absences["by_month"]],
            chart_id="graphique-absences",
            maximum=100,
        ),
    ]


PAGES = {
    "indicateurs": indicator_tables,
    "survie": survival_tables,
    "resultats": outcome_tables,
}


def _page(request, page, template, charts_of):
    form, code, exact = _choice(request)
    context = {"form": form, "departement_code": code, "exact": exact, "page": page}
    if code and form.is_valid():
        computed = PAGES[page](form, code, exact)
        context.update(computed)
        context["charts"] = charts_of(computed, code, exact)
        context["export_query"] = request.GET.urlencode()
        context["reference_date"] = form.reference_date
    return render(request, template, context)


@login_required
def dashboard(request):
    return _page(request, "indicateurs", "web/evaluation/dashboard.html", _indicator_charts)


def _survival_charts(computed, code, exact):
    result = computed["result"]
    svg = charts.survival_svg(result, hidden=tables.hidden_cohorts(result, exact))
    return [Figure(title=charts.survival_title(result), svg=svg)]


@login_required
def survival_page(request):
    return _page(request, "survie", "web/evaluation/survival.html", _survival_charts)


@login_required
def outcomes_page(request):
    return _page(request, "resultats", "web/evaluation/outcomes.html", _outcome_charts)


def _text(message, status=400):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@login_required
def export(request):
    """?page=indicateurs|survie|resultats&tableau=KEY&format=csv|xlsx|ods, with the page's filters.
    CSV holds one table (the page's first without `tableau`); XLSX and ODS every table of the page
    as a sheet each, or the one asked for."""
    form, code, exact = _choice(request)
    page, kind, key = (
        request.GET.get("page", "indicateurs"),
        request.GET.get("format", "csv"),
        request.GET.get("tableau"),
    )
    if page not in PAGES:
        return _text("Page inconnue : indicateurs, survie ou resultats.")
    if kind not in CONTENT_TYPES:
        return _text("Format inconnu : csv, xlsx ou ods.")
    if not code or not form.is_valid():
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return _text(errors or "Aucun département.")
    computed_tables = PAGES[page](form, code, exact)["tables"]
    if key:
        computed_tables = [table for table in computed_tables if table.key == key]
        if not computed_tables:
            return _text("Tableau inconnu pour cette page.")
    year = form.cleaned_data["annee"]
    name = f"evaluation-{page}-{code}-{year}{'-' + key if key else ''}"
    if kind == "csv":
        content = write_csv(computed_tables[0].export_rows())
    else:
        writer = write_xlsx if kind == "xlsx" else write_ods
        content = writer([(table.key, table.export_rows()) for table in computed_tables])
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
