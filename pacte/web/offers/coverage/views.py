"""The coverage of the territory: the table of gaps (territories × barrier themes), its chart, its
map and its export. Aggregates only, for those who read statistics (`perms.aggregates_for`: the
direction of its départements, the analysts); other roles answer 403, a département out of reach
404, as the other aggregate pages do."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from pacte.core.exports import write_csv, write_xlsx
from pacte.offers.coverage import coverage
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.referentials.enums import BarrierTheme
from pacte.territory.models import Departement
from pacte.web.charts import bar_chart
from pacte.web.offers.coverage import map_svg, tables
from pacte.web.offers.coverage.forms import CoverageForm

EXPORT_FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def readable_themes(user):
    """Health barriers are health data: counted only for those who may read them."""
    if perms.can_read_health(user):
        return list(BarrierTheme)
    return [theme for theme in BarrierTheme if theme != BarrierTheme.HEALTH]


def _choice(request):
    """(form, departement code) of the request; 403 without the right to statistics, 404 for a
    département the user does not read."""
    user = request.user
    if not perms.holds(user, *perms.AGGREGATE_ROLES):
        raise PermissionDenied
    codes = perms.aggregates_for(user)
    code = request.GET.get("departement") or (codes[0] if codes else "")
    if code and code not in codes:
        raise Http404
    departements = list(Departement.objects.filter(code__in=codes).order_by("code"))
    data = {"departement": code, **{key: request.GET.get(key, "") for key in ("distance", "theme")}}
    form = CoverageForm(data, departements=departements, themes=readable_themes(user))
    return form, code


def _compute(user, form, code):
    theme = BarrierTheme(form.cleaned_data["theme"]) if form.cleaned_data["theme"] else None
    themes = [theme] if theme else readable_themes(user)
    result = coverage(code, distance_km=form.cleaned_data["distance"], themes=themes)
    return result, theme


def _chart(result, theme, *, exact):
    """Persons without an offer within reach: by territory for one theme, by theme for all."""
    distance = result.distance_km

    def entry(label, value):
        masked = tables.shown(value, exact=exact)
        return (f"{label} ({masked})", 0) if isinstance(masked, str) else (label, value)

    if theme:
        rows = [entry(row.label, row.cells[theme].without_offer) for row in result.rows]
        return bar_chart(
            f"Personnes sans offre « {theme.label} » à moins de {distance} km, par territoire", rows
        )
    rows = [entry(t.label, result.total.cells[t].without_offer) for t in result.themes]
    return bar_chart(f"Personnes sans offre à moins de {distance} km, par frein", rows)


@login_required
def offer_coverage(request):
    form, code = _choice(request)
    context = {"form": form, "departement_code": code}
    if code and form.is_valid():
        result, theme = _compute(request.user, form, code)
        exact = perms.reaches(request.user, code, Role.DIRECTION)
        territories = {row.territory_id: row.label for row in result.rows if row.territory_id is not None}
        *rows, total = tables.shown_rows(result, exact=exact)
        context.update(
            {
                "coverage": result,
                "theme": theme,
                "exact": exact,
                "rows": rows,
                "total": total,
                "chart": _chart(result, theme, exact=exact),
                "map": map_svg.draw(result, territories=territories, theme=theme),
                "export_query": request.GET.urlencode(),
            }
        )
    return render(request, "web/offers/coverage/coverage.html", context)


@login_required
def offer_coverage_export(request):
    form, code = _choice(request)
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_FORMATS:
        return HttpResponse(
            "Format inconnu : csv ou xlsx.", status=400, content_type="text/plain; charset=utf-8"
        )
    if not code or not form.is_valid():
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponse(
            errors or "Aucun département.", status=400, content_type="text/plain; charset=utf-8"
        )
    result, theme = _compute(request.user, form, code)
    rows = list(tables.export_rows(result, exact=perms.reaches(request.user, code, Role.DIRECTION)))
    name = f"couverture-{code}-{result.distance_km}km{'-' + theme.value if theme else ''}"
    if kind == "xlsx":
        response = HttpResponse(write_xlsx([("Couverture", rows)]), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
