"""Reorientation requests: asked by the référent, decided by the orientation agent with a reason."""

from django.db import transaction

from pacte.core.errors import DomainError
from pacte.core.transitions import transition
from pacte.organizations.models import Organization
from pacte.pathways.enums import REORIENTATION_TRANSITIONS, ReorientationStatus
from pacte.pathways.models import Orientation, ReorientationRequest
from pacte.pathways.services.common import (
    audit,
    author,
    check_not_before,
    check_not_future,
    check_same_departement,
    today,
)
from pacte.pathways.services.orientation import decide_orientation, resolve_body


@transaction.atomic
def request_reorientation(
    *, actor, person, reason, proposed_track, proposed_body_kind, proposed_body=None, requested_on=None
):
    current = Orientation.objects.current().filter(person=person).first()
    if current is None:
        raise DomainError(f"{person} n'est pas encore orienté·e : il n'y a rien à réorienter.")
    if not (reason or "").strip():
        raise DomainError("Indiquez le motif de la demande de réorientation.", field="reason")
    if (
        proposed_track == current.track
        and proposed_body_kind == current.body_kind
        and proposed_body in (None, current.body)
    ):
        raise DomainError(
            f"La réorientation demandée est l'orientation actuelle ({current}) : changez le parcours ou l'organisme.",
            field="proposed_track",
        )
    if ReorientationRequest.objects.filter(person=person, status=ReorientationStatus.PENDING).exists():
        raise DomainError("Une demande de réorientation est déjà en attente pour cette personne.")
    if proposed_body is not None:
        check_same_departement(person, proposed_body, "L'organisme proposé")
        if proposed_body.orientation_body_kind != proposed_body_kind:
            raise DomainError(f"{proposed_body} n'est pas un organisme du type proposé.")
    requested_on = requested_on or today()
    check_not_future(requested_on, "de la demande", field="requested_on")
    check_not_before(
        requested_on,
        current.decision_date,
        "La demande de réorientation précède la décision d'orientation en cours",
        field="requested_on",
    )
    request = ReorientationRequest.objects.create(
        departement_code=person.departement_code,
        person=person,
        current_orientation=current,
        requested_by=author(actor),
        requested_on=requested_on,
        reason=reason.strip(),
        proposed_track=proposed_track,
        proposed_body_kind=proposed_body_kind,
        proposed_body=proposed_body,
    )
    audit(actor, "reorientation.request", request, track=proposed_track, body_kind=proposed_body_kind)
    return request


def _body_for(request, body):
    body = body or request.proposed_body
    if body is None:
        candidates = Organization.objects.filter(
            departement_id=request.departement_code, is_active=True
        ).order_by("name", "id")
        body = resolve_body(
            request.person,
            request.proposed_body_kind,
            [org for org in candidates if org.orientation_body_kind == request.proposed_body_kind],
        )
    if body is None:
        raise DomainError("Choisissez l'organisme vers lequel réorienter la personne.")
    return body


@transaction.atomic
def decide_reorientation(*, actor, request, accept, reason, body=None, track=None, decision_date=None):
    """Accept (a new orientation is decided, by default the one proposed) or reject, always with a reason."""
    target = ReorientationStatus.ACCEPTED if accept else ReorientationStatus.REJECTED
    REORIENTATION_TRANSITIONS.check(request.status, target)
    if not (reason or "").strip():
        raise DomainError("Indiquez le motif de la décision.", field="reason")
    decision_date = decision_date or today()
    check_not_future(decision_date, "de décision", field="decision_date")
    check_not_before(
        decision_date, request.requested_on, "La date de décision précède la demande", field="decision_date"
    )
    resulting = None
    if accept:
        resulting = decide_orientation(
            actor=actor,
            person=request.person,
            track=track or request.proposed_track,
            body=_body_for(request, body),
            decision_date=decision_date,
        )
    return transition(
        request,
        target,
        actor=actor,
        table=REORIENTATION_TRANSITIONS,
        changes={
            "decision_reason": reason.strip(),
            "decided_by": author(actor),
            "decided_on": decision_date,
            "resulting_orientation": resulting,
        },
        data={"reason": reason.strip()},
    )
