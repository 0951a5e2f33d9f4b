"""Positionings: the confirmation form that positions a person on a job offer or a SIAE position
(reached from the matching rows with `?person=<uuid>`), the positioning's page and its moves
(interview, hire, not retained), the people positioned on an offer, and the list of positionings.

What a page shows of a person: their name and commune, never a health detail nor the NIR (the
employer-relations officers read no one's record). Reads and lists are audited.
"""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from pacte.audit.services import log_list, log_read
from pacte.beneficiaries.models import Person
from pacte.employment import positionings as services
from pacte.employment.models import Positioning, PositioningStatus
from pacte.web.employment.access import PAGE_SIZE, check, job_offer_or_404, posted
from pacte.web.employment.positioning_forms import (
    HireForm,
    InterviewForm,
    NotRetainedForm,
    PositioningFilterForm,
    ProposeForm,
)
from pacte.web.form_pages import form_page

FORM_TEMPLATE = "web/employment/form.html"
RELATED = (
    "person__dossier__commune",
    "job_offer__employer__organization",
    "job_offer__commune",
    "insertion_position__employer__organization",
    "insertion_position__appellation",
)
MOVES = {
    PositioningStatus.INTERVIEW: ("web:employment_positioning_interview", "Enregistrer l'entretien"),
    PositioningStatus.HIRED: ("web:employment_positioning_hire", "Enregistrer le recrutement"),
    PositioningStatus.NOT_RETAINED: ("web:employment_positioning_not_retained", "Non retenu"),
}


def _detail(positioning):
    return reverse("web:employment_positioning_detail", kwargs={"uuid": positioning.uuid})


def _target_url(positioning):
    if positioning.job_offer_id:
        return reverse("web:employment_job_offer_detail", kwargs={"uuid": positioning.job_offer.uuid})
    return None


def _matches_url(opening, name="web:employment_offer_matches"):
    """The offer's (or position's) matching people (another part's page), when it is there."""
    try:
        return reverse(name, kwargs={"uuid": opening.uuid})
    except NoReverseMatch:
        return None


def _person_to_position(request, data):
    """The person named by `?person=` (or the posted field), if `user` may position them."""
    value = (data or {}).get("person", "")
    if not value:
        return None
    person = (
        services.positionable_persons(request.user)
        .select_related("dossier__commune")
        .filter(uuid=value)
        .first()
        if _is_uuid(value)
        else None
    )
    if person is None or not services.may_position(request.user, person):
        raise Http404
    return person


def _is_uuid(value):
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


def _propose_page(request, *, target, job_offer=None, insertion_position=None, back, matches=None):
    check(services.can_propose(request.user))
    person = _person_to_position(request, request.POST if request.method == "POST" else request.GET)
    initial = {
        "programme": services.default_programme(job_offer=job_offer, insertion_position=insertion_position)
    }
    if person is not None:
        initial["person"] = person.uuid
    form = ProposeForm(posted(request) if person is not None else None, initial=initial)

    def write(form):
        return services.propose(
            request.user,
            person,
            job_offer=job_offer,
            insertion_position=insertion_position,
            programme=form.cleaned_data["programme"],
            note=form.cleaned_data["note"],
        )

    context = {
        "title": f"Positionner sur « {target} »",
        "target": target,
        "employer": target.employer.organization.name,
        "person": person,
        "submit": "Positionner cette personne",
        "back": back,
        "back_label": str(target),
        "matches": matches,
    }
    return form_page(
        request,
        form,
        template="web/employment/positionings/propose.html",
        context=context,
        write=write,
        message="La personne est positionnée.",
        success=_detail,
    )


@login_required
def positioning_create(request, uuid):
    offer = job_offer_or_404(request, uuid)
    back = reverse("web:employment_job_offer_detail", kwargs={"uuid": offer.uuid})
    return _propose_page(request, target=offer, job_offer=offer, back=back, matches=_matches_url(offer))


@login_required
def position_positioning_create(request, uuid):
    check(services.can_propose(request.user))
    positions = services.positionable_positions(request.user).select_related(
        "employer__organization", "appellation", "commune"
    )
    position = get_object_or_404(positions, uuid=uuid)
    matches = _matches_url(position, "web:employment_position_matches")
    back = matches or reverse("web:employment_positioning_list")
    return _propose_page(request, target=position, insertion_position=position, back=back, matches=matches)


def positioning_or_404(request, uuid):
    check(services.can_list(request.user))
    positionings = Positioning.objects.visible_to(request.user).select_related(*RELATED, "proposed_by")
    return get_object_or_404(positionings, uuid=uuid)


@login_required
def positioning_detail(request, uuid):
    positioning = positioning_or_404(request, uuid)
    log_read(request, positioning, action="positioning.read")
    can_follow = services.can_follow(request.user, positioning)
    moves = [
        (reverse(MOVES[target][0], kwargs={"uuid": positioning.uuid}), MOVES[target][1])
        for target in services.POSITIONING_TRANSITIONS.targets(positioning.status)
    ]
    sees_person = Person.objects.visible_to(request.user).filter(pk=positioning.person_id).exists()
    context = {
        "positioning": positioning,
        "moves": moves if can_follow else [],
        "target_url": _target_url(positioning),
        "person_url": reverse("web:followup_pathway", kwargs={"uuid": positioning.person.uuid})
        if sees_person
        else None,
    }
    return render(request, "web/employment/positionings/detail.html", context)


def _move_page(request, uuid, *, form_class, title, submit, message, write, initial=None):
    positioning = positioning_or_404(request, uuid)
    check(services.can_follow(request.user, positioning))
    form = form_class(posted(request), initial=initial(positioning) if initial else None)
    context = {
        "title": title,
        "lead": f"{positioning.person.full_name} – {positioning.target_label}",
        "submit": submit,
        "back": _detail(positioning),
        "back_label": "Le positionnement",
    }
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=context,
        write=lambda form: write(positioning, form.cleaned_data),
        message=message,
        success=_detail(positioning),
    )


@login_required
def positioning_interview(request, uuid):
    return _move_page(
        request,
        uuid,
        form_class=InterviewForm,
        title="Entretien d'embauche",
        submit="Enregistrer l'entretien",
        message="L'entretien est enregistré.",
        initial=lambda p: {"interview_on": p.interview_on},
        write=lambda positioning, data: services.record_interview(
            request.user, positioning, interview_on=data["interview_on"], note=data["note"]
        ),
    )


@login_required
def positioning_hire(request, uuid):
    return _move_page(
        request,
        uuid,
        form_class=HireForm,
        title="Recrutement",
        submit="Enregistrer le recrutement",
        message="Le recrutement est enregistré.",
        initial=lambda p: {"contract_type": p.target.contract_type},
        write=lambda positioning, data: services.record_hire(
            request.user,
            positioning,
            hired_on=data["hired_on"],
            contract_type=data["contract_type"],
            contract_months=data["contract_months"],
        ),
    )


@login_required
def positioning_not_retained(request, uuid):
    return _move_page(
        request,
        uuid,
        form_class=NotRetainedForm,
        title="Positionnement non retenu",
        submit="Enregistrer la réponse",
        message="Le positionnement est clos : non retenu.",
        write=lambda positioning, data: services.record_not_retained(
            request.user, positioning, reason=data["reason"], on=data["on"], note=data["note"]
        ),
    )


def _page(request, positionings):
    return Paginator(positionings.order_by("-proposed_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )


@login_required
def positioning_list(request):
    """The positionings the user reads: their département's for the employer-relations officers and
    the direction, their people's for the référents and agents."""
    check(services.can_list(request.user))
    filters = PositioningFilterForm(request.GET or None)
    positionings = Positioning.objects.visible_to(request.user).select_related(*RELATED)
    query = {}
    if filters.is_valid() and filters.cleaned_data["status"]:
        query["status"] = filters.cleaned_data["status"]
        positionings = positionings.filter(status=query["status"])
    page = _page(request, positionings)
    log_list(request, action="positioning.list", persons=[row.person.uuid for row in page], query=query)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"page": page, "filters": filters, "query_string": params.urlencode()}
    return render(request, "web/employment/positionings/list.html", context)


@login_required
def offer_positionings(request, uuid):
    """The people positioned on one offer (those the user reads), with where each one stands."""
    offer = job_offer_or_404(request, uuid)
    check(services.can_list(request.user))
    positionings = (
        Positioning.objects.visible_to(request.user).filter(job_offer=offer).select_related(*RELATED)
    )
    page = _page(request, positionings)
    log_list(
        request,
        action="positioning.list",
        persons=[row.person.uuid for row in page],
        query={"offre": str(offer.uuid)},
    )
    hired = Positioning.objects.filter(job_offer=offer, status=PositioningStatus.HIRED)
    context = {
        "offer": offer,
        "page": page,
        "query_string": "",
        "hired": hired.count(),
        "matches": _matches_url(offer),
        "can_propose": services.can_propose(request.user) and offer.status == "open",
    }
    return render(request, "web/employment/positionings/offer.html", context)
