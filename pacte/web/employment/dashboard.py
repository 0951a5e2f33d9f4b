"""The employment dashboard of a département, for its direction and its employer-relations officers:
recruitments (by month, sector, territory and programme), coverage of the métiers en tension by the
people's projects and the open offers, social clause hours done against required. Aggregates only:
no person reaches this page. Figures: pacte/web/employment/dashboard_figures.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from pacte.employment.models import RELATIONS_ROLES
from pacte.organizations import perms
from pacte.territory.models import Departement
from pacte.web.charts import bar_chart
from pacte.web.employment import dashboard_figures as figures

FIRST_YEAR = 2020  # before Pacte, no positioning


def dashboard_departements(user):
    """Codes of the départements whose dashboard `user` reads; PermissionDenied if none."""
    if not perms.holds(user, *RELATIONS_ROLES):
        raise PermissionDenied
    return perms.departements_for(user, *RELATIONS_ROLES)


@login_required
def employment_dashboard(request):
    """The first département's dashboard (most users have one)."""
    codes = dashboard_departements(request.user)
    if not codes:
        raise PermissionDenied
    return redirect("web:employment_dashboard_departement", code=codes[0])


def _year(request, today):
    """The year asked for (`?annee=`), else the current one; an unreadable year is said so."""
    raw = (request.GET.get("annee") or "").strip()
    if not raw:
        return today.year, ""
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= today.year:
        return int(raw), ""
    return today.year, (
        f"L'année « {raw} » n'est pas disponible : choisissez une année de {FIRST_YEAR} à {today.year}. "
        f"Les chiffres affichés sont ceux de {today.year}."
    )


def _charts(recruitments, coverage, clause_figures):
    return {
        "month_chart": bar_chart(
            "Recrutements par mois", [(label, total) for _, label, total, _ in recruitments.by_month]
        ),
        "sector_chart": bar_chart(
            "Recrutements par secteur d'activité", [(g["label"], g["count"]) for g in recruitments.by_sector]
        ),
        "territory_chart": bar_chart(
            "Recrutements par territoire d'action",
            [(g["label"], g["count"]) for g in recruitments.by_territory],
        ),
        "programme_chart": bar_chart(
            "Recrutements par dispositif", [(g["label"], g["count"]) for g in recruitments.by_programme]
        ),
        "tension_chart": bar_chart(
            "Personnes dont le projet vise le métier en tension",
            [(f"{row.label} ({row.rome})", row.people) for row in coverage.rows],
        ),
        "clause_chart": bar_chart(
            "Heures d'insertion réalisées, en % des heures exigées",
            [
                (f"{row.clause.reference} – {row.clause.title}", round(row.compliance.rate))
                for row in clause_figures.rows
            ],
        ),
        "clause_month_chart": bar_chart(
            "Heures d'insertion réalisées par mois",
            [(label, round(hours)) for _, label, hours in clause_figures.by_month],
        ),
    }


@login_required
def employment_dashboard_departement(request, code):
    codes = dashboard_departements(request.user)
    if code not in codes:
        raise Http404
    departement = Departement.objects.filter(code=code).first()
    if departement is None:
        raise Http404
    today = timezone.localdate()
    year, year_error = _year(request, today)
    recruitments = figures.recruitment_figures(code, year, today)
    coverage = figures.tension_coverage(code)
    clause_figures = figures.clause_figures(code, year, today)
    context = {
        "departement": departement,
        "departements": codes,
        "year": year,
        "years": list(range(today.year, FIRST_YEAR - 1, -1)),
        "year_error": year_error,
        "recruitments": recruitments,
        "coverage": coverage,
        "clauses": clause_figures,
        **_charts(recruitments, coverage, clause_figures),
    }
    return render(request, "web/employment/dashboard/dashboard.html", context)
