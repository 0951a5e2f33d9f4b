"""Orientation: proposals by the rules, validation one by one or by cohort, manual decisions."""

from django.db import transaction

from pacte.audit.services import log_many
from pacte.core.errors import DomainError
from pacte.core.transitions import jsonable, transition
from pacte.organizations.enums import ORIENTATION_BODY_BY_KIND, OrganizationKind, OrientationBodyKind
from pacte.organizations.models import Organization
from pacte.pathways import facts
from pacte.pathways import rules as rules_module
from pacte.pathways.enums import ORIENTATION_TRANSITIONS, OrientationOrigin, OrientationStatus
from pacte.pathways.models import Orientation, PreOrientationRule
from pacte.pathways.services.common import (
    audit,
    author,
    check_not_before,
    check_not_future,
    check_same_departement,
    today,
)


def organization_kinds_for(body_kind):
    """The organisation kinds that count as `body_kind` (`hors_spe` is every other kind)."""
    return sorted(
        kind
        for kind in OrganizationKind.values
        if ORIENTATION_BODY_BY_KIND.get(kind, OrientationBodyKind.HORS_SPE) == body_kind
    )


def resolve_body(person, body_kind, candidates=None):
    """The default body of that kind for the person: one of their territory first, then of their département."""
    if candidates is None:
        candidates = list(
            Organization.objects.filter(
                departement_id=person.departement_code,
                is_active=True,
                kind__in=organization_kinds_for(body_kind),
            ).order_by("name", "id")
        )
    territory_id = person.dossier.territory_id
    local = [org for org in candidates if territory_id and org.territory_id == territory_id]
    same_kind = [org for org in candidates if org.orientation_body_kind == body_kind]
    return (local or same_kind or [None])[0]


def active_rules(departement_code):
    return list(
        PreOrientationRule.objects.filter(departement_code=departement_code, is_active=True)
        .select_related("body")
        .order_by("position", "id")
    )


@transaction.atomic
def propose_orientations(*, actor, departement, persons, on=None):
    """Propose an orientation to every person of `persons` not yet oriented and without a proposal.

    The first active rule of `departement` (in order) that holds makes the proposal, which keeps
    the rule and its French explanation; once the rules with a condition are exhausted, the
    national criteria do (before the rules "toute personne"), and the proposal keeps the criterion
    that decided. Returns the created proposals; persons nothing applies to are left for a manual
    decision.
    """
    departement_code = getattr(departement, "code", departement)
    rules = active_rules(departement_code)
    on = on or today()
    pending = Orientation.objects.filter(
        status__in=[OrientationStatus.PROPOSED, OrientationStatus.VALIDATED]
    ).values("person_id")
    targets = rules_module.prepare_persons(
        persons.filter(departement_code=departement_code).exclude(pk__in=pending).order_by("id")
    )
    bodies = list(
        Organization.objects.filter(departement_id=departement_code, is_active=True).order_by("name", "id")
    )
    created = []
    for person in targets:
        match = rules_module.first_match(rules, person, on)
        if match is None:
            continue
        body = match.body or resolve_body(
            person, match.body_kind, [b for b in bodies if b.orientation_body_kind == match.body_kind]
        )
        orientation = Orientation.objects.create(
            departement_code=departement_code,
            person=person,
            track=match.track,
            body_kind=match.body_kind,
            body=body,
            origin=OrientationOrigin.CAF,
            rule=match.rule,
            explanation=match.explanation,
            national_criterion=match.criterion,
        )
        if match.rule is not None:
            audit(
                actor, "orientation.propose", orientation, rule=match.rule.pk, explanation=match.explanation
            )
        else:
            # The criterion, not its sentence: the sentence names the person's barriers, which the
            # row keeps and the purge handles, while the hashed entry would keep them forever.
            audit(actor, "orientation.propose", orientation, rule=None, criterion=match.criterion)
        created.append(orientation)
    return created


def _check_validation(orientation, decision_date, body, current):
    """Raise `DomainError` unless `orientation` may be validated with `body` on `decision_date`,
    `current` being the person's other decided orientation in force (or None)."""
    ORIENTATION_TRANSITIONS.check(orientation.status, OrientationStatus.VALIDATED)
    if body is None:
        raise DomainError(f"Choisissez l'organisme d'orientation de {orientation.person}.")
    if body.orientation_body_kind != orientation.body_kind:
        raise DomainError(
            f"{body} n'est pas un organisme de type « {OrientationBodyKind(orientation.body_kind).label} »."
        )
    check_same_departement(orientation.person, body, "L'organisme")
    check_not_future(decision_date, "de décision", field="decision_date")
    check_not_before(
        decision_date,
        current.decision_date if current else None,
        "La date de décision précède celle de l'orientation en cours",
        field="decision_date",
    )


def _validate(actor, orientation, decision_date, body):
    body = body or orientation.body
    decision_date = decision_date or today()
    current = (
        Orientation.objects.current().filter(person=orientation.person).exclude(pk=orientation.pk).first()
    )
    _check_validation(orientation, decision_date, body, current)
    validated = transition(
        orientation,
        OrientationStatus.VALIDATED,
        actor=actor,
        table=ORIENTATION_TRANSITIONS,
        changes={"body": body, "decision_date": decision_date, "decided_by": author(actor)},
        data={"decision_date": decision_date, "body": body},
    )
    facts.refresh([orientation.person_id])
    return validated


@transaction.atomic
def validate_orientation(*, actor, orientation, decision_date=None, body=None):
    """Validate a proposal (optionally choosing its body); the decision date defaults to today."""
    return _validate(actor, orientation, decision_date, body)


@transaction.atomic
def refuse_orientation(*, actor, orientation, reason):
    ORIENTATION_TRANSITIONS.check(orientation.status, OrientationStatus.REFUSED)
    if not reason.strip():
        raise DomainError("Indiquez pourquoi la proposition est écartée.")
    return transition(
        orientation,
        OrientationStatus.REFUSED,
        actor=actor,
        table=ORIENTATION_TRANSITIONS,
        # The reason stays on the row, which the purge erases; the hashed entry would keep it forever.
        changes={"refusal_reason": reason.strip(), "decided_by": author(actor)},
    )


def validate_cohort(*, actor, orientations, decision_date=None):
    """Validate a whole list of proposals at once: all of them, or none if one cannot be validated.

    Each is checked and logged as `validate_orientation` does it, but the batch is read, written
    and logged in a fixed number of queries whatever its size (a cohort may hold thousands).
    """
    orientations = list({orientation.pk: orientation for orientation in orientations}.values())
    if not orientations:
        raise DomainError("Aucune proposition sélectionnée.")
    decision_date = decision_date or today()
    current = {
        orientation.person_id: orientation
        for orientation in Orientation.objects.current()
        .filter(person_id__in=[o.person_id for o in orientations])
        .exclude(pk__in=[o.pk for o in orientations])
    }
    errors = []
    for orientation in orientations:
        try:
            _check_validation(
                orientation, decision_date, orientation.body, current.get(orientation.person_id)
            )
        except DomainError as error:
            errors.append(f"{orientation.person} : {error.message}")
    if errors:
        raise DomainError("Aucune orientation validée. " + " ".join(errors))
    decided_by = author(actor)
    with transaction.atomic():
        updated = Orientation.objects.filter(
            pk__in=[orientation.pk for orientation in orientations], status=OrientationStatus.PROPOSED
        ).update(status=OrientationStatus.VALIDATED, decision_date=decision_date, decided_by=decided_by)
        if updated != len(orientations):
            # Another agent decided one of them meanwhile: nothing of the batch stands.
            raise DomainError(
                "Aucune orientation validée : une partie de la sélection vient d'être traitée par ailleurs."
            )
        items = []
        for orientation in orientations:
            source = orientation.status
            orientation.status = OrientationStatus.VALIDATED
            orientation.decision_date, orientation.decided_by = decision_date, decided_by
            data = {"from": str(source), "to": str(orientation.status), "decision_date": decision_date}
            items.append((orientation, jsonable({**data, "body": orientation.body})))
        log_many(
            actor=actor,
            action=ORIENTATION_TRANSITIONS.action(OrientationStatus.VALIDATED, Orientation),
            items=items,
        )
        facts.refresh(orientation.person_id for orientation in orientations)
    return orientations


@transaction.atomic
def decide_orientation(*, actor, person, track, body, decision_date=None, origin=OrientationOrigin.MANUAL):
    """The agent decides a person's orientation (first one or a new one).

    A pending proposal that says the same is validated; a different one is set aside.
    """
    proposal = (
        Orientation.objects.select_for_update()
        .filter(person=person, status=OrientationStatus.PROPOSED)
        .first()
    )
    if proposal is not None:
        if proposal.track == track and proposal.body_kind == body.orientation_body_kind:
            return _validate(actor, proposal, decision_date, body)
        refuse_orientation(actor=actor, orientation=proposal, reason="Remplacée par la décision de l'agent.")
    orientation = Orientation.objects.create(
        departement_code=person.departement_code,
        person=person,
        track=track,
        body_kind=body.orientation_body_kind,
        body=body,
        origin=origin,
    )
    return _validate(actor, orientation, decision_date, body)
