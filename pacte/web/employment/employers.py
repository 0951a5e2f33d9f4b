"""Employers, SIAE and GEIQ: list, detail (profile, contacts, interactions, positions, offers),
creation and edition, contacts and interactions, the follow-ups due."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.employment import perms, services, tension
from pacte.employment.enums import JobOfferStatus
from pacte.employment.models import EMPLOYER_KINDS, EmployerContact, EmployerProfile, Interaction
from pacte.territory.models import Departement
from pacte.web.employment.access import PAGE_SIZE, check, employer_or_404, form_page, posted
from pacte.web.employment.forms import (
    ContactForm,
    EmployerFilterForm,
    EmployerForm,
    InteractionForm,
    PositionForm,
)


def _detail(employer):
    return reverse("web:employment_employer_detail", kwargs={"uuid": employer.uuid})


@login_required
def employer_list(request):
    check(perms.can_read_employers(request.user))
    filters = EmployerFilterForm(request.GET or None)
    employers = EmployerProfile.objects.visible_to(request.user).select_related("organization", "commune")
    if filters.is_valid():
        query, kind = filters.cleaned_data["q"].strip(), filters.cleaned_data["kind"]
        if query:
            employers = employers.filter(
                Q(organization__name__icontains=query) | Q(organization__siret=query.replace(" ", ""))
            )
        if kind in EMPLOYER_KINDS:
            employers = employers.filter(organization__kind=kind)
    employers = employers.annotate(
        open_offers=Count("job_offers", filter=Q(job_offers__status=JobOfferStatus.OPEN), distinct=True)
    ).order_by("organization__name", "id")
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query_string": _query_string(request),
        "can_manage": perms.can_manage_employers(request.user),
    }
    return render(request, "web/employment/employer_list.html", context)


def _query_string(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def employer_detail(request, uuid):
    employer = employer_or_404(request, uuid)
    can_manage = perms.can_manage_employers(request.user) and (
        EmployerProfile.objects.editable_by(request.user).filter(pk=employer.pk).exists()
    )
    offers = tension.flag(
        employer.job_offers.select_related("appellation", "commune").order_by("-opened_on", "-id")[:100]
    )
    positions = tension.flag(
        employer.insertion_positions.select_related("appellation", "commune").order_by(
            "appellation__label", "id"
        )
    )
    context = {
        "employer": employer,
        "organization": employer.organization,
        "can_manage": can_manage,
        "offers": offers,
        "positions": positions,
        "today": timezone.localdate(),
    }
    if can_manage:
        # Contacts and interactions are the employer-relations officers' own: not shown to the SIAE.
        context["contacts"] = employer.contacts.order_by("-is_active", "last_name", "first_name", "id")
        context["interactions"] = employer.interactions.select_related("contact", "author").order_by(
            "-day", "-id"
        )
    return render(request, "web/employment/employer_detail.html", context)


@login_required
def employer_create(request):
    check(perms.can_manage_employers(request.user))
    departements = perms.relations_departements(request.user)
    form = EmployerForm(posted(request), departements=departements)

    def action(form):
        departement = get_object_or_404(Departement, code=form.cleaned_data["departement"])
        return services.create_employer(actor=request.user, departement=departement, **form.service_fields())

    context = {
        "title": "Nouvel employeur",
        "submit": "Enregistrer l'employeur",
        "back": reverse("web:employment_employer_list"),
        "back_label": "Employeurs",
    }
    return form_page(
        request, form, action=action, context=context, success=_detail, message="L'employeur est enregistré."
    )


@login_required
def employer_edit(request, uuid):
    employer = employer_or_404(request, uuid, edit=True)
    organization = employer.organization
    initial = {
        "name": organization.name,
        "kind": organization.kind,
        "siret": organization.siret,
        "naf_code": employer.naf_code,
        "size_bracket": employer.size_bracket,
        "address": employer.address,
        "commune": employer.commune_id or "",
        "website": employer.website,
        "description": employer.description,
    }
    form = EmployerForm(posted(request), initial=initial)

    def action(form):
        return services.update_employer(actor=request.user, employer=employer, **form.service_fields())

    context = {
        "title": f"Modifier « {organization.name} »",
        "submit": "Enregistrer les modifications",
        "back": _detail(employer),
        "back_label": organization.name,
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_detail(employer),
        message="L'employeur est modifié.",
    )


@login_required
def contact_add(request, uuid):
    employer = employer_or_404(request, uuid, edit=True)
    form = ContactForm(posted(request))

    def action(form):
        return services.add_contact(actor=request.user, employer=employer, **form.cleaned_data)

    context = {
        "title": "Ajouter un contact",
        "lead": employer.organization.name,
        "submit": "Ajouter le contact",
        "back": _detail(employer),
        "back_label": employer.organization.name,
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_detail(employer) + "#contacts",
        message="Le contact est ajouté.",
    )


@login_required
@require_POST
def contact_left(request, uuid):
    check(perms.can_manage_employers(request.user))
    contacts = EmployerContact.objects.filter(employer__in=EmployerProfile.objects.editable_by(request.user))
    contact = get_object_or_404(contacts.select_related("employer"), uuid=uuid)
    try:
        services.contact_left(actor=request.user, contact=contact)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{contact} est noté·e comme n'étant plus en poste.")
    return redirect(_detail(contact.employer) + "#contacts")


@login_required
def interaction_add(request, uuid):
    employer = employer_or_404(request, uuid, edit=True)
    contacts = employer.contacts.active().order_by("last_name", "first_name", "id")
    form = InteractionForm(posted(request), contacts=contacts, initial={"day": timezone.localdate()})

    def action(form):
        return services.add_interaction(actor=request.user, employer=employer, **form.service_fields())

    context = {
        "title": "Enregistrer un échange",
        "lead": f"{employer.organization.name} : visite, job dating, événement ou engagement.",
        "submit": "Enregistrer l'échange",
        "back": _detail(employer),
        "back_label": employer.organization.name,
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_detail(employer) + "#echanges",
        message="L'échange est enregistré.",
    )


@login_required
@require_POST
def follow_up_done(request, uuid):
    check(perms.can_manage_employers(request.user))
    interactions = Interaction.objects.filter(employer__in=EmployerProfile.objects.editable_by(request.user))
    interaction = get_object_or_404(interactions.select_related("employer"), uuid=uuid)
    try:
        services.mark_follow_up_done(actor=request.user, interaction=interaction)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "La relance est notée comme faite.")
    target = request.POST.get("next")
    if target == "relances":
        return redirect("web:employment_follow_ups")
    return redirect(_detail(interaction.employer) + "#echanges")


@login_required
def follow_ups(request):
    """The follow-ups due today or late, of the employers the user keeps relations with."""
    check(perms.can_manage_employers(request.user))
    today = timezone.localdate()
    due = (
        Interaction.objects.follow_ups_due(today)
        .filter(employer__in=EmployerProfile.objects.editable_by(request.user))
        .select_related("employer", "employer__organization", "contact")
        .order_by("follow_up_on", "employer__organization__name", "id")
    )
    page = Paginator(due, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/employment/follow_ups.html", {"page": page, "today": today})


@login_required
def position_add(request, uuid):
    employer = employer_or_404(request, uuid, edit=True)
    form = PositionForm(posted(request))

    def action(form):
        return services.add_insertion_position(actor=request.user, employer=employer, **form.cleaned_data)

    context = {
        "title": "Ajouter des postes d'insertion",
        "lead": employer.organization.name,
        "submit": "Ajouter les postes",
        "back": _detail(employer),
        "back_label": employer.organization.name,
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_detail(employer) + "#postes",
        message="Les postes d'insertion sont ajoutés.",
    )
