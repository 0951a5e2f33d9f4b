"""Référent unique: dated designations, and transfers of a caseload between référents."""

from django.db import transaction

from pacte.core.errors import DomainError
from pacte.organizations.enums import Role
from pacte.organizations.models import Membership
from pacte.pathways.models import Orientation, ReferentAssignment
from pacte.pathways.services.common import (
    audit,
    check_not_before,
    check_not_future,
    check_same_departement,
    today,
)


def _check_referent(referent, organization):
    if (
        not Membership.objects.active()
        .filter(user=referent, organization=organization, role=Role.REFERENT)
        .exists()
    ):
        raise DomainError(f"{referent} n'est pas référent·e de la structure {organization}.")


def _check_start(person, start_date, field):
    """A designation starts by today, and not before the orientation it follows (if any)."""
    check_not_future(start_date, "de la désignation", field=field)
    orientation = Orientation.objects.current().filter(person=person).first()
    check_not_before(
        start_date,
        orientation.decision_date if orientation else None,
        f"La désignation de {person} précède la décision d'orientation",
        field=field,
    )


def _end(actor, assignment, end_date, reason):
    if end_date < assignment.start_date:
        raise DomainError("La fin de la désignation précède son début.")
    assignment.end_date = end_date
    assignment.end_reason = reason
    assignment.save(update_fields=["end_date", "end_reason"])
    # Not the reason: free text, kept on the row for the purge to erase, never in the hashed entry.
    audit(actor, "referent.end", assignment, end_date=end_date)
    return assignment


@transaction.atomic
def assign_referent(*, actor, person, referent, organization, start_date=None, reason="Nouvelle désignation"):
    """Designate `referent` (of `organization`) for `person`; the previous designation ends that day."""
    _check_referent(referent, organization)
    check_same_departement(person, organization, "La structure")
    start_date = start_date or today()
    _check_start(person, start_date, "start_date")
    current = ReferentAssignment.objects.select_for_update().filter(person=person, end_date=None).first()
    if current is not None:
        if current.referent_id == referent.pk and current.organization_id == organization.pk:
            raise DomainError(f"{referent} est déjà le ou la référent·e de {person}.")
        _end(actor, current, start_date, reason)
    assignment = ReferentAssignment.objects.create(
        departement_code=person.departement_code,
        person=person,
        referent=referent,
        organization=organization,
        start_date=start_date,
    )
    audit(actor, "referent.assign", assignment, referent=referent, organization=organization)
    return assignment


@transaction.atomic
def assign_referent_to_many(*, actor, persons, referent, organization):
    """Designate `referent` for every person of `persons` (a queryset), all or none: the first
    refusal (`DomainError`, naming the person) undoes the others. Returns the designations."""
    _check_referent(referent, organization)
    return [
        assign_referent(actor=actor, person=person, referent=referent, organization=organization)
        for person in persons.order_by("id")
    ]


@transaction.atomic
def end_referent_assignment(*, actor, assignment, end_date=None, reason=""):
    if assignment.end_date is not None:
        raise DomainError("Cette désignation est déjà terminée.")
    return _end(actor, assignment, end_date or today(), reason)


@transaction.atomic
def transfer_caseload(*, actor, from_referent, to_referent, organization, persons=None, on=None):
    """Move the active designations of `from_referent` (all, or those of `persons`) to `to_referent`."""
    if from_referent.pk == to_referent.pk:
        raise DomainError("Choisissez un autre référent pour le transfert.")
    _check_referent(to_referent, organization)
    on = on or today()
    current = ReferentAssignment.objects.select_for_update().filter(referent=from_referent, end_date=None)
    if persons is not None:
        current = current.filter(person__in=persons.values("pk"))
    moved = []
    for assignment in current.select_related("person").order_by("id"):
        check_same_departement(assignment.person, organization, "La structure")
        _check_start(assignment.person, on, "on")
        _end(actor, assignment, on, f"Transfert vers {to_referent}")
        moved.append(
            ReferentAssignment.objects.create(
                departement_code=assignment.departement_code,
                person=assignment.person,
                referent=to_referent,
                organization=organization,
                start_date=on,
            )
        )
        audit(actor, "referent.transfer", moved[-1], from_referent=from_referent, to_referent=to_referent)
    return moved
