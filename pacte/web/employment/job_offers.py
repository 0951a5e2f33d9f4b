"""Job offers: list with filters (ROME, commune, status, métiers en tension), detail, creation
for an employer, edition and status; and the métiers en tension by territory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.employment import perms, tension
from pacte.employment import services as employment_services
from pacte.employment.enums import JobOfferStatus
from pacte.employment.models import JobOffer, TensionList
from pacte.employment.services import JOB_OFFER_TRANSITIONS
from pacte.organizations import perms as org_perms
from pacte.web.employment.access import PAGE_SIZE, check, employer_or_404, form_page, job_offer_or_404, posted
from pacte.web.employment.forms import JobOfferFilterForm, JobOfferForm

STATUS_BUTTONS = {
    JobOfferStatus.FILLED: "Marquer comme pourvue",
    JobOfferStatus.CLOSED: "Clore sans recrutement",
    JobOfferStatus.OPEN: "Rouvrir l'offre",
}


def _detail(offer):
    return reverse("web:employment_job_offer_detail", kwargs={"uuid": offer.uuid})


def _filtered(offers, data, user):
    query = data.get("q", "").strip()
    if query:
        offers = offers.filter(Q(title__icontains=query) | Q(employer__organization__name__icontains=query))
    if data.get("rome"):
        offers = offers.filter(rome_id=data["rome"].strip().upper())
    if data.get("commune"):
        offers = offers.filter(commune_id=data["commune"].strip().upper())
    if data.get("status"):
        offers = offers.filter(status=data["status"])
    if data.get("tension"):
        codes = org_perms.departements_for(user) or []
        if org_perms.sees_everything(user):
            codes = list(offers.order_by().values_list("departement_code", flat=True).distinct())
        offers = offers.filter(tension.in_tension_q(codes))
    return offers


@login_required
def job_offer_list(request):
    check(perms.can_read_job_offers(request.user))
    filters = JobOfferFilterForm(request.GET or None)
    offers = JobOffer.objects.visible_to(request.user).select_related(
        "employer__organization", "appellation", "commune"
    )
    if filters.is_valid():
        offers = _filtered(offers, filters.cleaned_data, request.user)
    page = Paginator(offers.order_by("-opened_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = tension.flag(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query_string": params.urlencode(),
        "can_see_employers": perms.can_read_employers(request.user),
        "can_import": perms.can_manage_employers(request.user),
    }
    return render(request, "web/employment/job_offer_list.html", context)


@login_required
def job_offer_detail(request, uuid):
    offer = job_offer_or_404(request, uuid)
    tension.flag([offer])
    can_manage = JobOffer.objects.editable_by(request.user).filter(pk=offer.pk).exists()
    targets = [(status, STATUS_BUTTONS[status]) for status in JOB_OFFER_TRANSITIONS.targets(offer.status)]
    context = {
        "offer": offer,
        "can_manage": can_manage,
        "targets": targets if can_manage else [],
        "can_see_employer": perms.can_read_employers(request.user),
    }
    return render(request, "web/employment/job_offer_detail.html", context)


def _form_fields(form):
    data = dict(form.cleaned_data)
    data["appellation"] = data["appellation"].strip()
    return data


@login_required
def job_offer_create(request, uuid):
    employer = employer_or_404(request, uuid, edit=True)
    initial = {"opened_on": timezone.localdate(), "commune": employer.commune_id or ""}
    form = JobOfferForm(posted(request), initial=initial)

    def action(form):
        return employment_services.create_job_offer(
            actor=request.user, employer=employer, **_form_fields(form)
        )

    context = {
        "title": "Nouvelle offre d'emploi",
        "lead": employer.organization.name,
        "submit": "Enregistrer l'offre",
        "back": reverse("web:employment_employer_detail", kwargs={"uuid": employer.uuid}),
        "back_label": employer.organization.name,
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_detail,
        message="L'offre d'emploi est enregistrée.",
    )


@login_required
def job_offer_edit(request, uuid):
    offer = job_offer_or_404(request, uuid, edit=True)
    initial = {
        "title": offer.title,
        "appellation": offer.appellation_id,
        "commune": offer.commune_id,
        "contract_type": offer.contract_type,
        "weekly_hours": offer.weekly_hours,
        "positions": offer.positions,
        "opened_on": offer.opened_on,
        "external_reference": offer.external_reference,
        "description": offer.description,
    }
    form = JobOfferForm(posted(request), initial=initial)

    def action(form):
        return employment_services.update_job_offer(actor=request.user, job_offer=offer, **_form_fields(form))

    context = {
        "title": f"Modifier « {offer.title} »",
        "submit": "Enregistrer les modifications",
        "back": _detail(offer),
        "back_label": offer.title,
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_detail(offer),
        message="L'offre d'emploi est modifiée.",
    )


@login_required
@require_POST
def job_offer_status(request, uuid):
    offer = job_offer_or_404(request, uuid, edit=True)
    status = request.POST.get("status", "")
    if status not in JobOfferStatus.values:
        messages.error(request, "Choisissez le nouveau statut de l'offre.")
        return redirect(_detail(offer))
    try:
        employment_services.set_job_offer_status(actor=request.user, job_offer=offer, status=status)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"L'offre est désormais « {JobOfferStatus(status).label.lower()} ».")
    return redirect(_detail(offer))


@login_required
def tension_list(request):
    """The lists of métiers en tension by territory; the one chosen (else the first in force for the
    user's départements) with its jobs."""
    check(perms.can_read_tension(request.user))
    lists = list(
        TensionList.objects.annotate(job_count=Count("jobs")).order_by(
            "territory_kind", "territory_code", "-year", "source", "id"
        )
    )
    in_force = tension.lists_in_force(org_perms.departements_for(request.user))
    in_force_ids = {t.pk for lists_ in in_force.values() for t in lists_}
    chosen = next((t for t in lists if str(t.pk) == request.GET.get("liste")), None)
    chosen = chosen or next((t for t in lists if t.pk in in_force_ids), None) or (lists[0] if lists else None)
    jobs = chosen.jobs.select_related("rome").order_by("rome_id", "id") if chosen else []
    context = {"lists": lists, "chosen": chosen, "jobs": jobs, "in_force_ids": in_force_ids}
    return render(request, "web/employment/tension_list.html", context)
