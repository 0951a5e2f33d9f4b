"""The person's pathway page, and the designation of their référent unique."""

from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from pacte.audit.services import log_read
from pacte.invitations import perms as invitation_perms
from pacte.invitations.queries import invitations_of
from pacte.invitations.services import appointment_reminder_channel
from pacte.organizations import perms as org_perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Membership
from pacte.pathways import perms, queries, services, timeline
from pacte.pathways.dates import contract_deadline
from pacte.pathways.enums import AppointmentStatus, ContractKind, ContractStatus
from pacte.pathways.models import (
    Appointment,
    Contract,
    Orientation,
    PathwayExit,
    PlanAction,
    PlanObjective,
    ReferentAssignment,
    ReorientationRequest,
)
from pacte.pathways.services.appointments import ATTENDANCE_STATUSES
from pacte.web.offers.prescriptions.context import person_prescriptions
from pacte.web.pathways.followup.access import check, form_page, person_or_404, posted
from pacte.web.pathways.followup.forms import ObjectiveForm, ReferentForm

REMINDER_WINDOW_DAYS = 2


def plan_objectives(person):
    actions = PlanAction.objects.order_by("position", "id")
    return list(
        PlanObjective.objects.filter(person=person)
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("position", "id")
    )


def plan_context(request, person, form=None, error=""):
    return {
        "person": person,
        "objectives": plan_objectives(person),
        "can_edit_plan": perms.can_edit_plan(request.user, person),
        "objective_form": form or ObjectiveForm(),
        "plan_error": error,
    }


def _contracts(person):
    contracts = list(
        Contract.objects.filter(person=person)
        .select_related("organization", "orientation")
        .order_by(F("signed_on").desc(nulls_first=True), "-id")  # drafts first, on every database
    )
    current = [c for c in contracts if c.kind == ContractKind.CONTRAT_ENGAGEMENT]
    history = [c for c in contracts if c.kind != ContractKind.CONTRAT_ENGAGEMENT]
    return current, history


def _signed_since(orientation, contracts):
    """A contract was signed since the current orientation: its one-month deadline is met."""
    return orientation is not None and any(
        c.signed_on and c.signed_on >= orientation.decision_date for c in contracts
    )


def _contract_open(orientation, contracts):
    """A draft to sign, or a contract in force signed since the orientation: nothing new to prepare."""
    return any(c.status == ContractStatus.DRAFT for c in contracts) or any(
        c.status == ContractStatus.SIGNED and c.signed_on >= orientation.decision_date
        for c in contracts
        if orientation is not None
    )


def _contract_late(orientation, contracts):
    """Oriented more than a month ago and no contract signed since the orientation."""
    if orientation is None or not queries.contract_is_late(orientation.decision_date, timezone.localdate()):
        return False
    return not _signed_since(orientation, contracts)


def _appointments(person, now):
    rows = list(
        Appointment.objects.filter(person=person)
        .select_related("organization", "referent")
        .order_by("-starts_at", "-id")
    )
    for row in rows:
        row.to_record = row.status == AppointmentStatus.SCHEDULED and row.starts_at <= now
        row.reminder_due = (
            row.status == AppointmentStatus.SCHEDULED
            and now < row.starts_at <= now + timezone.timedelta(days=REMINDER_WINDOW_DAYS)
            and row.reminder_sent_at is None
        )
    return rows


def _permissions(user, person):
    return {
        "can_follow": perms.can_follow(user, person),
        "can_request_reorientation": perms.can_request_reorientation(user, person),
        "can_assign_referent": perms.can_assign_referent(user, person),
        "can_record_exit": perms.can_record_exit(user, person),
        "can_open_diagnostic": perms.can_record_diagnostic(user, person),
        "can_invite": invitation_perms.can_invite(user, person),
    }


@login_required
def person_pathway(request, uuid):
    person = person_or_404(request, uuid)
    log_read(request, person, action="person.read.pathway")
    now = timezone.now()
    orientation = Orientation.objects.current().filter(person=person).select_related("body").first()
    contracts, history = _contracts(person)
    context = {
        **plan_context(request, person),
        **_permissions(request.user, person),
        "timeline": timeline.events(person),
        "reminder_channel": appointment_reminder_channel(person),
        **person_prescriptions(request.user, person),
        "orientation": orientation,
        "contract_deadline": contract_deadline(orientation.decision_date) if orientation else None,
        "assignment": ReferentAssignment.objects.active()
        .filter(person=person)
        .select_related("referent", "organization")
        .first(),
        "contracts": contracts,
        "contract_history": history,
        "appointments": _appointments(person, now),
        "invitations": invitations_of(person),
        "attendance_statuses": ATTENDANCE_STATUSES,
        "reorientations": ReorientationRequest.objects.filter(person=person)
        .select_related("proposed_body", "decided_by")
        .order_by("-requested_on", "-id"),
        "exits": PathwayExit.objects.filter(person=person)
        .select_related("reason")
        .order_by("-exit_date", "-id"),
        "contract_late": _contract_late(orientation, contracts),
        "contract_signed": _signed_since(orientation, contracts),
        "contract_open": _contract_open(orientation, contracts),
    }
    return render(request, "web/pathways/followup/pathway.html", context)


def referent_memberships(user, person):
    """Whom `user` may designate: the référents of the département, or of their own structures."""
    memberships = Membership.objects.active().filter(
        role=Role.REFERENT, organization__departement_id=person.departement_code
    )
    if not perms.can_orient(user, person):
        mine = [org.pk for org in org_perms.organizations_for(user, Role.REFERENT)]
        memberships = memberships.filter(organization_id__in=mine)
    return memberships.select_related("user", "organization").order_by(
        "user__last_name", "user__first_name", "user_id", "organization__name", "id"
    )


@login_required
def designate_referent(request, uuid):
    person = person_or_404(request, uuid)
    check(perms.can_assign_referent(request.user, person))
    form = ReferentForm(
        posted(request),
        memberships=referent_memberships(request.user, person),
        initial={"start_date": timezone.localdate()},
    )

    def action(data):
        services.assign_referent(
            actor=request.user,
            person=person,
            referent=data["membership"].user,
            organization=data["membership"].organization,
            start_date=data["start_date"],
            reason="Changement de référent·e",
        )

    context = {
        "person": person,
        "title": "Désigner le ou la référent·e unique",
        "lead": "La désignation en cours, s'il y en a une, prend fin à la date de la nouvelle.",
        "submit": "Désigner",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=reverse("web:followup_pathway", kwargs={"uuid": person.uuid}),
        message="Le ou la référent·e unique est désigné·e.",
    )
