"""The pathways app's own timeline events: one provider per kind of record."""

from django.utils.timezone import localdate

from pacte.pathways.models import (
    Appointment,
    Contract,
    Diagnostic,
    Orientation,
    PathwayExit,
    PlanObjective,
    ReferentAssignment,
    ReorientationRequest,
    TeamCase,
)
from pacte.pathways.timeline import TimelineEvent, register


@register
def orientations(person):
    for item in Orientation.objects.filter(person=person).select_related("body"):
        day = item.decision_date or localdate(item.created_at)
        yield TimelineEvent(day, "orientation", f"{item} ({item.get_status_display().lower()})", item)


@register
def referents(person):
    for item in ReferentAssignment.objects.filter(person=person).select_related("referent", "organization"):
        yield TimelineEvent(
            item.start_date, "referent", f"Référent : {item.referent} ({item.organization})", item
        )
        if item.end_date:
            yield TimelineEvent(
                item.end_date, "referent_end", f"Fin de désignation de {item.referent}", item, rank=1
            )


@register
def contracts(person):
    for item in Contract.objects.filter(person=person):
        yield TimelineEvent(item.signed_on or localdate(item.created_at), "contract", str(item), item)


@register
def appointments(person):
    for item in Appointment.objects.filter(person=person).select_related("organization"):
        yield TimelineEvent(
            localdate(item.starts_at), "appointment", f"{item} : {item.get_status_display().lower()}", item
        )


@register
def diagnostics(person):
    for item in Diagnostic.objects.filter(person=person):
        yield TimelineEvent(item.made_on, "diagnostic", str(item), item)


@register
def objectives(person):
    for item in PlanObjective.objects.filter(person=person):
        yield TimelineEvent(localdate(item.created_at), "objective", f"Objectif : {item.title}", item)


@register
def reorientations(person):
    for item in ReorientationRequest.objects.filter(person=person):
        yield TimelineEvent(
            item.requested_on, "reorientation", f"{item} ({item.get_status_display().lower()})", item
        )


@register
def team_cases(person):
    for item in TeamCase.objects.filter(person=person).select_related("session"):
        yield TimelineEvent(item.decided_at or item.session.held_on, "team_case", str(item), item)


@register
def exits(person):
    for item in PathwayExit.objects.filter(person=person):
        yield TimelineEvent(item.exit_date, "exit", str(item), item, rank=2)
