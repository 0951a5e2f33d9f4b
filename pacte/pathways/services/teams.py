"""Équipes pluridisciplinaires: sessions, the cases examined, their decisions."""

from django.db import transaction

from pacte.core.errors import DomainError
from pacte.core.transitions import transition
from pacte.pathways.enums import TEAM_CASE_TRANSITIONS, TeamCaseKind, TeamCaseStatus, TeamDecision
from pacte.pathways.models import TeamCase, TeamSession
from pacte.pathways.services.common import (
    audit,
    author,
    check_not_before,
    check_not_future,
    check_within_work_window,
    today,
)

DECISIONS_BY_KIND = {
    TeamCaseKind.REORIENTATION: {TeamDecision.MAINTAIN, TeamDecision.REORIENT},
    TeamCaseKind.NON_COMPLIANCE: {
        TeamDecision.NO_SANCTION,
        TeamDecision.SUSPENSION_REMOBILISATION,
        TeamDecision.SUSPENSION,
        TeamDecision.RADIATION,
    },
    TeamCaseKind.SUSPENSION_REMOBILISATION: {
        TeamDecision.REMOBILISED,
        TeamDecision.SUSPENSION,
        TeamDecision.RADIATION,
    },
}


@transaction.atomic
def create_team_session(
    *, actor, departement_code, held_on, territory=None, place="", members=(), external_members=""
):
    if territory is not None and territory.departement_id != departement_code:
        raise DomainError("Ce territoire n'appartient pas au département.", field="territory")
    check_within_work_window(held_on, "de la séance", field="held_on")
    session = TeamSession.objects.create(
        departement_code=departement_code,
        territory=territory,
        held_on=held_on,
        place=place,
        external_members=external_members,
    )
    session.members.set(members)
    audit(actor, "team.session.create", session, held_on=held_on, members=[m.pk for m in members])
    return session


@transaction.atomic
def add_team_case(*, actor, session, person, kind, summary=""):
    if person.departement_code != session.departement_code:
        raise DomainError("La personne ne relève pas du département de cette équipe.")
    if TeamCase.objects.filter(session=session, person=person, kind=kind).exists():
        raise DomainError("Ce dossier est déjà inscrit à cette séance.")
    case = TeamCase.objects.create(
        departement_code=session.departement_code, session=session, person=person, kind=kind, summary=summary
    )
    audit(actor, "team.case.add", case, kind=kind)
    return case


@transaction.atomic
def decide_team_case(*, actor, case, decision, note, decided_at=None):
    TEAM_CASE_TRANSITIONS.check(case.status, TeamCaseStatus.DECIDED)
    if decision not in DECISIONS_BY_KIND[case.kind]:
        raise DomainError(
            f"La décision « {TeamDecision(decision).label} » ne s'applique pas à un examen pour "
            f"« {TeamCaseKind(case.kind).label.lower()} »."
        )
    if not (note or "").strip():
        raise DomainError("Indiquez le motif de la décision.", field="note")
    decided_at = decided_at or today()
    check_not_future(decided_at, "de décision", field="decided_at")
    check_not_before(
        decided_at, case.session.held_on, "La décision ne peut précéder la séance", field="decided_at"
    )
    return transition(
        case,
        TeamCaseStatus.DECIDED,
        actor=actor,
        table=TEAM_CASE_TRANSITIONS,
        changes={
            "decision": decision,
            "decision_note": note.strip(),
            "decided_at": decided_at,
            "decided_by": author(actor),
        },
        data={"decision": decision},
    )


@transaction.atomic
def postpone_team_case(*, actor, case, note=""):
    return transition(
        case,
        TeamCaseStatus.POSTPONED,
        actor=actor,
        table=TEAM_CASE_TRANSITIONS,
        changes={"decision_note": note},
    )
