"""Immersions (PMSMP): the list, the convention's form, its page with the signatures and the
moves of its status, its evaluation, its cancellation and its PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.audit.services import log_list, log_read
from pacte.beneficiaries.names import fold
from pacte.core.errors import DomainError
from pacte.employment import immersions as services
from pacte.employment import placement_perms
from pacte.employment.immersion_pdf import convention_pdf
from pacte.employment.immersions import IMMERSION_TRANSITIONS
from pacte.employment.models import EmployerProfile, Immersion
from pacte.employment.placement_enums import ImmersionStatus
from pacte.employment.placement_people import find_person, writable_persons
from pacte.organizations import perms as org_perms
from pacte.web.employment.access import FORM_TEMPLATE, PAGE_SIZE, check, posted
from pacte.web.employment.placement_forms import (
    CancelForm,
    EvaluationForm,
    ImmersionFilterForm,
    ImmersionForm,
)
from pacte.web.form_pages import form_page, save_form

RELATED = ("person", "employer__organization", "appellation", "prescriber", "prescriber_organization")


def detail_url(immersion):
    return reverse("web:employment_immersion_detail", kwargs={"uuid": immersion.uuid})


def immersion_or_404(request, uuid, *, edit=False):
    user = request.user
    check(placement_perms.can_write_placements(user) if edit else placement_perms.can_read_placements(user))
    rows = Immersion.objects.editable_by(user) if edit else Immersion.objects.visible_to(user)
    return get_object_or_404(rows.select_related(*RELATED, "employer__commune"), uuid=uuid)


def employers_for(user, departement_code=None):
    """The active employers a placement may name: of the person's département when it is known,
    within the départements where `user` writes placements."""
    rows = EmployerProfile.objects.select_related("organization").filter(organization__is_active=True)
    if departement_code:
        rows = rows.filter(departement_code=departement_code)
    if not org_perms.sees_everything(user):
        rows = rows.filter(departement_code__in=placement_perms.placement_departements(user))
    return list(rows.order_by("organization__name", "id"))


@login_required
def immersion_list(request):
    check(placement_perms.can_read_placements(request.user))
    filters = ImmersionFilterForm(request.GET or None, statuses=ImmersionStatus.choices)
    rows = Immersion.objects.visible_to(request.user).select_related(*RELATED)
    if filters.is_valid():
        query, status = filters.cleaned_data["q"].strip(), filters.cleaned_data["status"]
        if query:
            rows = rows.filter(
                Q(person__search_key__icontains=fold(query))
                | Q(employer__organization__name__icontains=query)
            )
        if status:
            rows = rows.filter(status=status)
    page = Paginator(rows.order_by("-starts_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    log_list(request, action="immersion.list", persons=[row.person.uuid for row in page])
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query_string": params.urlencode(),
        "can_create": placement_perms.can_write_placements(request.user),
    }
    return render(request, "web/employment/immersions/list.html", context)


def fixed_person(request):
    """The person named by `?person=<uuid>` (from their page), among those the user writes for."""
    key = request.GET.get("person") or request.POST.get("person_uuid")
    if not key:
        return None
    return get_object_or_404(writable_persons(request.user), uuid=key)


@login_required
def immersion_create(request):
    check(placement_perms.can_write_placements(request.user))
    person = fixed_person(request)
    form = ImmersionForm(
        posted(request),
        person=person,
        employers=employers_for(request.user, person.departement_code if person else None),
        organizations=placement_perms.prescriber_organizations(request.user),
    )

    def write(form):
        target = form.person or find_person(request.user, **form.identity())
        return services.create_immersion(actor=request.user, person=target, **form.service_fields())

    context = {
        "title": "Nouvelle convention d'immersion (PMSMP)",
        "lead": f"Pour {person.full_name}"
        if person
        else "La personne est retrouvée par son nom et sa date de naissance.",
        "submit": "Enregistrer la convention",
        "back": reverse("web:employment_immersion_list"),
        "back_label": "Immersions",
        "person": person,
    }
    return save_form(
        request,
        form,
        write=write,
        message="La convention est enregistrée : elle attend les signatures.",
        success=detail_url,
    ) or render(request, "web/employment/immersions/form.html", {**context, "form": form})


@login_required
def immersion_edit(request, uuid):
    immersion = immersion_or_404(request, uuid, edit=True)
    initial = {
        "employer": str(immersion.employer.uuid),
        "tutor_name": immersion.tutor_name,
        "tutor_job_title": immersion.tutor_job_title,
        "appellation": immersion.appellation_id,
        "objective": immersion.objective,
        "starts_on": immersion.starts_on,
        "ends_on": immersion.ends_on,
        "weekly_hours": immersion.weekly_hours,
        "activities": immersion.activities,
    }
    form = ImmersionForm(
        posted(request),
        initial=initial,
        person=immersion.person,
        employers=employers_for(request.user, immersion.departement_code),
        editing=True,
    )

    def write(form):
        return services.update_immersion(actor=request.user, immersion=immersion, **form.service_fields())

    context = {
        "title": "Modifier la convention d'immersion",
        "lead": "Les signatures déjà recueillies devront l'être à nouveau.",
        "submit": "Enregistrer les modifications",
        "back": detail_url(immersion),
        "back_label": str(immersion),
    }
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=context,
        write=write,
        message="La convention est modifiée.",
        success=detail_url(immersion),
    )


@login_required
def immersion_detail(request, uuid):
    immersion = immersion_or_404(request, uuid)
    log_read(request, immersion)
    can_edit = placement_perms.can_write_placements(request.user) and (
        Immersion.objects.editable_by(request.user).filter(pk=immersion.pk).exists()
    )
    targets = IMMERSION_TRANSITIONS.targets(immersion.status) if can_edit else []
    context = {
        "immersion": immersion,
        "can_edit": can_edit,
        "is_draft": immersion.status == ImmersionStatus.DRAFT,
        "can_carry_out": ImmersionStatus.CARRIED_OUT in targets,
        "can_evaluate": ImmersionStatus.EVALUATED in targets,
        "can_cancel": ImmersionStatus.CANCELLED in targets,
        "planned_hours": services.planned_hours(immersion),
    }
    return render(request, "web/employment/immersions/detail.html", context)


def _form(request, form, write, context, message, immersion):
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=context,
        write=write,
        message=message,
        success=detail_url(immersion),
    )


def _post_action(request, immersion, write, message):
    try:
        write()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect(detail_url(immersion))


@login_required
@require_POST
def immersion_sign(request, uuid):
    immersion = immersion_or_404(request, uuid, edit=True)
    party = request.POST.get("party", "")

    def write():
        return services.sign(actor=request.user, immersion=immersion, party=party)

    return _post_action(request, immersion, write, "La signature est enregistrée.")


@login_required
@require_POST
def immersion_carried_out(request, uuid):
    immersion = immersion_or_404(request, uuid, edit=True)

    def write():
        return services.record_carried_out(actor=request.user, immersion=immersion)

    return _post_action(request, immersion, write, "L'immersion est notée comme réalisée.")


@login_required
def immersion_evaluate(request, uuid):
    immersion = immersion_or_404(request, uuid, edit=True)
    form = EvaluationForm(posted(request), initial={"day": timezone.localdate()})

    def write(form):
        return services.evaluate(actor=request.user, immersion=immersion, **form.cleaned_data)

    context = {
        "title": "Évaluer l'immersion",
        "lead": str(immersion),
        "submit": "Enregistrer l'évaluation",
        "back": detail_url(immersion),
        "back_label": "L'immersion",
    }
    return _form(request, form, write, context, "L'évaluation est enregistrée.", immersion)


@login_required
def immersion_cancel(request, uuid):
    immersion = immersion_or_404(request, uuid, edit=True)
    form = CancelForm(posted(request))

    def write(form):
        return services.cancel(actor=request.user, immersion=immersion, reason=form.cleaned_data["reason"])

    context = {
        "title": "Annuler l'immersion",
        "lead": str(immersion),
        "submit": "Annuler l'immersion",
        "back": detail_url(immersion),
        "back_label": "L'immersion",
    }
    return _form(request, form, write, context, "L'immersion est annulée.", immersion)


@login_required
def immersion_pdf(request, uuid):
    immersion = immersion_or_404(request, uuid)
    log_read(request, immersion, action="immersion.convention_pdf")
    response = HttpResponse(convention_pdf(immersion), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convention-immersion-{immersion.uuid}.pdf"'
    return response
