"""Appointments: convocations, attendance, cancellation, the person's calendar (.ics)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from pacte.audit.services import log_read
from pacte.core.errors import DomainError
from pacte.pathways import perms, services
from pacte.pathways.exports import appointments_ics
from pacte.pathways.models import Appointment, Orientation, ReferentAssignment
from pacte.web.pathways.followup.access import check, form_page, person_or_404, posted, record_or_404
from pacte.web.pathways.followup.forms import AppointmentForm, AttendanceForm, CancelForm


def _back(person):
    return reverse("web:followup_pathway", kwargs={"uuid": person.uuid}) + "#rendez-vous"


def _organization(person):
    """The structure the appointment is held by: the référent's designation, else the orientation body."""
    assignment = (
        ReferentAssignment.objects.active().filter(person=person).select_related("organization").first()
    )
    if assignment is not None:
        return assignment.organization
    orientation = Orientation.objects.current().filter(person=person).select_related("body").first()
    return orientation.body if orientation else None


@login_required
def appointment_add(request, uuid):
    person = person_or_404(request, uuid)
    check(perms.can_manage_appointments(request.user, person))
    organization = _organization(person)
    initial = {
        "kind": "convocation",
        "duration_minutes": 45,
        "place": getattr(organization, "address", "") or "",
    }
    form = AppointmentForm(posted(request), initial=initial)

    def action(data):
        if organization is None:
            raise DomainError(
                "La personne n'a ni référent·e ni orientation : aucune structure pour la recevoir."
            )
        services.schedule_appointment(
            actor=request.user,
            person=person,
            organization=organization,
            starts_at=form.starts_at(),
            place=data["place"],
            kind=data["kind"],
            referent=request.user if perms.is_active_referent(request.user, person) else None,
            duration_minutes=data["duration_minutes"],
            purpose=data["purpose"],
        )

    context = {
        "person": person,
        "title": "Programmer un rendez-vous",
        "lead": f"Structure : {organization}." if organization else "",
        "submit": "Programmer le rendez-vous",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(person),
        message="Le rendez-vous est programmé.",
        aliases={"starts_at": "day"},
    )


def _when(appointment):
    return f"{timezone.localtime(appointment.starts_at):%d/%m/%Y à %H:%M}"


@login_required
def appointment_attendance(request, uuid):
    appointment = record_or_404(request, Appointment, uuid)
    check(perms.can_manage_appointments(request.user, appointment.person))
    form = AttendanceForm(posted(request))

    def action(data):
        services.record_attendance(
            actor=request.user, appointment=appointment, status=data["status"], note=data["note"]
        )

    context = {
        "person": appointment.person,
        "title": "Enregistrer la présence",
        "lead": f"{appointment.get_kind_display()} du {_when(appointment)}, {appointment.place}.",
        "submit": "Enregistrer la présence",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(appointment.person),
        message="La présence est enregistrée.",
    )


@login_required
def appointment_cancel(request, uuid):
    appointment = record_or_404(request, Appointment, uuid)
    check(perms.can_manage_appointments(request.user, appointment.person))
    form = CancelForm(posted(request))

    def action(data):
        services.cancel_appointment(actor=request.user, appointment=appointment, note=data["note"])

    context = {
        "person": appointment.person,
        "title": "Annuler le rendez-vous",
        "lead": f"{appointment.get_kind_display()} du {_when(appointment)}.",
        "submit": "Annuler le rendez-vous",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(appointment.person),
        message="Le rendez-vous est annulé.",
    )


@login_required
def appointments_calendar(request, uuid):
    person = person_or_404(request, uuid)
    log_read(request, person, action="person.read.appointments_ics")
    appointments = (
        Appointment.objects.filter(person=person).select_related("person").order_by("starts_at", "id")
    )
    body = appointments_ics(appointments, name=f"Rendez-vous de {person.first_name} {person.last_name[:1]}.")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{person.uuid}.ics"'
    return response
