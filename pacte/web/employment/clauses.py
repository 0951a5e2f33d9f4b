"""Social clauses: the contracts with their compliance (hours done against required, against the
required pace), a contract's page with its hours by month (chart) and by person, the forms, the
facilitator's XLSX export."""

import uuid as uuid_module

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.audit.services import log_list, log_read
from pacte.employment import clauses as services
from pacte.employment import placement_perms
from pacte.employment.models import RELATIONS_ROLES, ClauseHours, EmployerProfile, SocialClause
from pacte.employment.placement_people import find_person
from pacte.organizations import perms as org_perms
from pacte.web.charts import bar_chart
from pacte.web.employment.access import FORM_TEMPLATE, PAGE_SIZE, check, posted
from pacte.web.employment.placement_forms import ClauseForm, ClauseHoursForm
from pacte.web.form_pages import form_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def detail_url(clause):
    return reverse("web:employment_clause_detail", kwargs={"uuid": clause.uuid})


def clause_or_404(request, key):
    check(placement_perms.can_manage_clauses(request.user))
    rows = SocialClause.objects.visible_to(request.user).select_related("holder__organization", "facilitator")
    return get_object_or_404(rows, uuid=key)


def _departements(user):
    return org_perms.departements_for(user, *RELATIONS_ROLES)


def _employers(codes):
    return list(
        EmployerProfile.objects.filter(departement_code__in=codes, organization__is_active=True)
        .select_related("organization")
        .order_by("organization__name", "id")
    )


def _facilitators(codes):
    """The employer-relations officers of the départements."""
    return list(
        get_user_model()
        .objects.filter(
            memberships__role__in=RELATIONS_ROLES,
            memberships__organization__departement_id__in=codes,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


@login_required
def clause_list(request):
    check(placement_perms.can_manage_clauses(request.user))
    visible = SocialClause.objects.visible_to(request.user)
    rows = services.with_totals(visible.select_related("holder__organization"))
    page = Paginator(rows.order_by("-starts_on", "reference", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    items = [(clause, services.compliance(clause, today)) for clause in page]
    context = {"page": page, "items": items, "today": today, "totals": services.totals(visible)}
    return render(request, "web/employment/clauses/list.html", context)


def _clause_form(request, form, write, context, success, message):
    return form_page(
        request, form, template=FORM_TEMPLATE, context=context, write=write, message=message, success=success
    )


@login_required
def clause_create(request):
    check(placement_perms.can_manage_clauses(request.user))
    codes = _departements(request.user)
    form = ClauseForm(
        posted(request),
        departements=codes,
        employers=_employers(codes),
        facilitators=_facilitators(codes),
        initial={"facilitator": str(request.user.uuid)},
    )

    def write(form):
        departement = form.cleaned_data.get("departement") or (codes[0] if codes else "")
        return services.create_clause(
            actor=request.user, departement_code=departement, **form.service_fields()
        )

    context = {
        "title": "Nouvelle clause sociale",
        "lead": "Un marché public et les heures d'insertion que son titulaire s'engage à réaliser.",
        "submit": "Enregistrer la clause",
        "back": reverse("web:employment_clause_list"),
        "back_label": "Clauses sociales",
    }
    return _clause_form(request, form, write, context, detail_url, "La clause sociale est enregistrée.")


@login_required
def clause_edit(request, uuid):
    clause = clause_or_404(request, uuid)
    codes = [clause.departement_code]
    initial = {
        "buyer_name": clause.buyer_name,
        "title": clause.title,
        "reference": clause.reference,
        "holder": str(clause.holder.uuid) if clause.holder else "",
        "starts_on": clause.starts_on,
        "ends_on": clause.ends_on,
        "required_hours": clause.required_hours,
        "facilitator": str(clause.facilitator.uuid) if clause.facilitator else "",
    }
    form = ClauseForm(
        posted(request), initial=initial, employers=_employers(codes), facilitators=_facilitators(codes)
    )

    def write(form):
        return services.update_clause(actor=request.user, clause=clause, **form.service_fields())

    context = {
        "title": f"Modifier « {clause.title} »",
        "submit": "Enregistrer les modifications",
        "back": detail_url(clause),
        "back_label": clause.title,
    }
    return _clause_form(request, form, write, context, detail_url(clause), "La clause sociale est modifiée.")


def pace_chart(rows):
    """Cumulated hours done at the end of each month, beside the hours the required pace asks for."""
    bars = []
    for month, _, cumulated, pace in rows:
        label = services.month_label(month)
        bars += [(f"{label} : réalisées", round(cumulated)), (f"{label} : rythme requis", round(pace))]
    return bar_chart("Heures d'insertion cumulées : réalisées et rythme requis", bars)


@login_required
def clause_detail(request, uuid):
    clause = clause_or_404(request, uuid)
    today = timezone.localdate()
    entries = list(
        clause.hours.select_related("person", "employer__organization").order_by(
            "-month", "person__sort_key", "id"
        )
    )
    log_read(request, clause, action="social_clause.read")
    if entries:
        log_list(
            request,
            action="social_clause.read",
            persons=[entry.person.uuid for entry in entries],
            departement_code=clause.departement_code,
        )
    rows = services.monthly(clause, today)
    context = {
        "clause": clause,
        "figures": services.compliance(clause, today),
        "entries": entries,
        "monthly": rows,
        "chart": pace_chart(rows),
    }
    return render(request, "web/employment/clauses/detail.html", context)


@login_required
def hours_add(request, uuid):
    clause = clause_or_404(request, uuid)
    employers = _employers([clause.departement_code])
    initial = {
        "employer": str(clause.holder.uuid) if clause.holder else "",
        "month": timezone.localdate().replace(day=1),
    }
    form = ClauseHoursForm(posted(request), employers=employers, initial=initial)

    def write(form):
        person = find_person(request.user, departement_code=clause.departement_code, **form.identity())
        data = form.cleaned_data
        return services.record_hours(
            actor=request.user,
            clause=clause,
            person=person,
            month=data["month"],
            hours=data["hours"],
            employer=data["employer"],
        )

    context = {
        "title": "Saisir des heures d'insertion",
        "lead": f"{clause.title} ({clause.reference}). Une nouvelle saisie pour la même personne et le même mois remplace la précédente.",
        "submit": "Enregistrer les heures",
        "back": detail_url(clause),
        "back_label": clause.title,
    }
    return _clause_form(request, form, write, context, detail_url(clause), "Les heures sont enregistrées.")


@login_required
@require_POST
def hours_remove(request, uuid):
    check(placement_perms.can_manage_clauses(request.user))
    entries = ClauseHours.objects.filter(clause__in=SocialClause.objects.visible_to(request.user))
    entry = get_object_or_404(entries.select_related("clause", "person"), uuid=uuid)
    if request.POST.get("confirm") != "1":
        messages.error(request, "Confirmez la suppression de la saisie.")
        return redirect(detail_url(entry.clause))
    clause = services.remove_hours(actor=request.user, entry=entry)
    messages.success(request, "La saisie est supprimée.")
    return redirect(detail_url(clause))


@login_required
def clause_export(request):
    """The facilitator's workbook: every clause they follow, or the one asked for (`?clause=`)."""
    check(placement_perms.can_manage_clauses(request.user))
    clauses = SocialClause.objects.visible_to(request.user)
    key = request.GET.get("clause")
    if key:
        try:
            clauses = clauses.filter(pk=get_object_or_404(clauses, uuid=uuid_module.UUID(key)).pk)
        except ValueError:
            raise Http404 from None
    content, persons = services.export_xlsx(clauses)
    log_list(request, action="social_clause.export", persons=persons, query={"clause": key or ""})
    response = HttpResponse(content, content_type=XLSX)
    name = f"heures-insertion-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
