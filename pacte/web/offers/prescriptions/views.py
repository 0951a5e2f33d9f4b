"""The prescription of a person to an offer, and a prescription's page: everything for the
professionals who follow the person, the bounded card for the partner (what it needs to convoke the
person, never the NIR, the RSA amounts, the diagnostic nor the need), and the moves each may make."""

import uuid as uuid_module

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pacte.audit.services import log_read
from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.offers import prescriptions as services
from pacte.offers.enums import SEAT_STATUSES, PrescriptionStatus
from pacte.offers.models import Offer, Prescription
from pacte.organizations import perms
from pacte.web.form_pages import add_domain_error
from pacte.web.offers.prescriptions import forms
from pacte.web.offers.prescriptions.access import age, check, follows, visible_prescription

S = PrescriptionStatus


def detail_url(prescription):
    return reverse("web:prescription_detail", kwargs={"uuid": prescription.uuid})


def _upcoming_sessions(offer, today):
    return list(
        offer.sessions.upcoming(today)
        .select_related("commune")
        .annotate(seats_taken=Count("prescriptions", filter=Q(prescriptions__status__in=SEAT_STATUSES)))
        .order_by("start_date", "id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def prescription_create(request, uuid):
    check(services.can_prescribe(request.user))
    offers = Offer.objects.visible_to(request.user).published().select_related("organization", "commune")
    offer = get_object_or_404(offers, uuid=uuid)
    people = Person.objects.visible_to(request.user).select_related("dossier", "dossier__commune")
    person = get_object_or_404(people, uuid=_uuid_or_none(request.GET.get("personne")))
    today = timezone.localdate()
    sessions = _upcoming_sessions(offer, today)
    health_allowed = perms.can_read_health(request.user)
    initial = {"barrier_theme": request.GET.get("besoin", "")}
    if initial["barrier_theme"] == "health" and not health_allowed:
        initial = {}
    form = forms.PrescribeForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        sessions=sessions,
        health_allowed=health_allowed,
    )
    if request.method == "POST" and form.is_valid():
        try:
            prescription = services.prescribe(
                actor=request.user,
                person=person,
                offer=offer,
                session=form.cleaned_data["session"],
                barrier_theme=form.cleaned_data["barrier_theme"],
                motive=form.cleaned_data["motive"],
                today=today,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"Prescription envoyée à {offer.organization.name} : la structure en est avertie."
            )
            return redirect(detail_url(prescription))
    context = {"offer": offer, "person": person, "sessions": sessions, "form": form}
    return render(request, "web/offers/prescriptions/create.html", context)


def _uuid_or_none(text):
    try:
        return uuid_module.UUID(str(text))
    except ValueError:
        return None


# The moves of the page: (action posted, form class or None, what may be done in which status).
ANSWERS = (S.SENT, S.WAITLISTED)
RUNNING = (S.ACCEPTED, S.STARTED)
CANCELLABLE = (S.SENT, S.WAITLISTED, S.ACCEPTED)


def available_actions(user, prescription):
    status = prescription.status
    answer = services.can_answer(user, prescription)
    actions = set()
    if answer and status in ANSWERS:
        actions |= {"accept", "refuse"}
        if status == S.SENT:
            actions.add("waitlist")
    if answer and status == S.ACCEPTED:
        actions.add("start")
    if answer and status in RUNNING:
        actions |= {"end", "attendance"}
    if services.can_cancel(user, prescription) and status in CANCELLABLE:
        actions.add("cancel")
    return actions


def _forms(prescription, action=None, data=None):
    """The page's forms, the one of the posted `action` bound to what was typed."""

    def bound(name):
        return data if action == name else None

    return {
        "accept": forms.NoteForm(bound("accept"), prefix="accepter"),
        "waitlist": forms.NoteForm(bound("waitlist"), prefix="attente"),
        "refuse": forms.RefuseForm(bound("refuse"), prefix="refus"),
        "start": forms.StartForm(
            bound("start"), prefix="entree", initial={"started_on": timezone.localdate()}
        ),
        "end": forms.EndForm(
            bound("end"),
            prefix="fin",
            current=prescription.status,
            initial={"ended_on": timezone.localdate()},
        ),
        "attendance": forms.AttendanceForm(
            bound("attendance"), prefix="presence", initial={"day": timezone.localdate()}
        ),
    }


SUCCESS = {
    "accept": "Prescription acceptée : le prescripteur en est averti.",
    "waitlist": "Prescription mise en liste d'attente : le prescripteur en est averti.",
    "refuse": "Prescription refusée : le prescripteur en est averti.",
    "start": "Entrée dans l'action enregistrée.",
    "end": "Fin de l'action enregistrée.",
    "attendance": "Présence enregistrée.",
    "cancel": "Prescription annulée : la structure en est avertie.",
}


def _run(user, prescription, action, form):
    """Call the service of `action` with the cleaned form."""
    values = form.cleaned_data if form is not None else {}
    if action == "accept":
        services.accept(actor=user, prescription=prescription, note=values["answer_note"])
    elif action == "waitlist":
        services.accept(actor=user, prescription=prescription, waiting_list=True, note=values["answer_note"])
    elif action == "refuse":
        services.refuse(
            actor=user, prescription=prescription, reason=values["refusal_reason"], note=values["answer_note"]
        )
    elif action == "start":
        services.start(actor=user, prescription=prescription, on=values["started_on"])
    elif action == "end":
        services.end(
            actor=user,
            prescription=prescription,
            status=values["status"],
            outcome=values["outcome"],
            note=values["note"],
            on=values["ended_on"],
        )
    elif action == "attendance":
        services.record_attendance(
            actor=user,
            prescription=prescription,
            day=values["day"],
            status=values["status"],
            hours=values["hours"],
            note=values["note"],
        )
    elif action == "cancel":
        services.cancel(actor=user, prescription=prescription)


def after_move(user, prescription):
    """The prescription's page, or the partner's inbox once the partner no longer sees it (refused)."""
    if Prescription.objects.visible_to(user).filter(pk=prescription.pk).exists():
        return detail_url(prescription)
    return reverse("web:prescriptions_received")


@login_required
@require_http_methods(["GET", "POST"])
def prescription_detail(request, uuid):
    prescription = visible_prescription(request, uuid)
    user = request.user
    actions = available_actions(user, prescription)
    page_forms = _forms(prescription)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in actions:
            messages.error(request, "Cette action n'est pas possible sur cette prescription.")
            return redirect(detail_url(prescription))
        page_forms = _forms(prescription, action, request.POST)
        form = page_forms.get(action)
        if form is None or form.is_valid():
            try:
                _run(user, prescription, action, form)
            except DomainError as exc:
                if form is None:
                    error = exc.message
                else:
                    add_domain_error(form, exc)
            else:
                messages.success(request, SUCCESS[action])
                return redirect(after_move(user, prescription))
        prescription.refresh_from_db()
    professional = follows(user, prescription.person)
    log_read(request, prescription)
    today = timezone.localdate()
    context = {
        "prescription": prescription,
        "person": prescription.person,
        "professional": professional,
        "age": age(prescription.person, today),
        "actions": actions,
        "forms": page_forms,
        "error": error,
        "attendances": list(prescription.attendances.order_by("-day", "-id")),
        "summary": services.attendance_summary(prescription),
    }
    return render(request, "web/offers/prescriptions/detail.html", context)
