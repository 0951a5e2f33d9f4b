"""The steering committees of a pact: the committee (date, attendees, agenda, minutes), its
decisions and the follow-up tasks it gives, each with an owner and a due date; a task is marked
done by its owner or the direction. Every write is checked (French messages naming the field),
atomic and audited."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.organizations.models import Membership
from pacte.pact.models import CommitteeDecision, FollowUpTask, Pact, SteeringCommittee

MAX_TEXT = 20_000


def departement_users(departement_code):
    """The users an attendee or an owner is chosen among: an active membership in the département."""
    memberships = Membership.objects.active().filter(organization__departement_id=departement_code)
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__in=memberships)
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def _text(value, field, label, *, required=False, max_length=MAX_TEXT):
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"Indiquez {label}.", field=field)
    if len(value) > max_length:
        raise DomainError(f"{max_length} caractères au plus.", field=field)
    return value


def _check_people(pact, users, organizations):
    allowed = set(departement_users(pact.departement_id).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in users):
        raise DomainError("Les participant·es sont des comptes de ce département.", field="attendee_users")
    if any(org.departement_id != pact.departement_id for org in organizations):
        raise DomainError("Les structures présentes sont de ce département.", field="attendee_organizations")


def save_committee(
    *, actor, pact, committee=None, held_on, title, agenda="", minutes="", attendee_users=(),
    attendee_organizations=(), other_attendees="",
):  # fmt: skip
    """Record a steering committee of `pact`, or change `committee`."""
    if held_on is None:
        raise DomainError("Indiquez la date du comité.", field="held_on")
    if not pact.start_year - 1 <= held_on.year <= pact.end_year + 1:
        raise DomainError(
            f"Le comité se tient pendant le pacte ({pact.start_year - 1} à {pact.end_year + 1}).",
            field="held_on",
        )
    users, organizations = list(attendee_users), list(attendee_organizations)
    _check_people(pact, users, organizations)
    fields = {
        "held_on": held_on,
        "title": _text(title, "title", "l'intitulé du comité", required=True, max_length=250),
        "agenda": _text(agenda, "agenda", "l'ordre du jour"),
        "minutes": _text(minutes, "minutes", "le compte rendu"),
        "other_attendees": _text(other_attendees, "other_attendees", "les autres participants"),
    }
    with transaction.atomic():
        if committee is None:
            committee = SteeringCommittee.objects.create(pact=pact, **fields)
            verb = "pact.committee.create"
        else:
            for name, value in fields.items():
                setattr(committee, name, value)
            committee.save()
            verb = "pact.committee.update"
        committee.attendee_users.set(users)
        committee.attendee_organizations.set(organizations)
        log(actor=actor, action=verb, obj=committee, data={"pact": pact.slug, "held_on": held_on.isoformat()})
    return committee


def add_decision(*, actor, committee, text, action=None):
    text = _text(text, "text", "la décision", required=True)
    if action is not None and action.objective.thematic.pact_id != committee.pact_id:
        raise DomainError("L'action n'est pas de ce pacte.", field="action")
    with transaction.atomic():
        decision = CommitteeDecision.objects.create(
            committee=committee, position=committee.decisions.count() + 1, text=text, action=action
        )
        log(actor=actor, action="pact.committee.decision", obj=committee, data={"decision": decision.pk})
    return decision


def add_task(*, actor, committee, title, owner, due_on=None, decision=None):
    """A follow-up task of `committee`: its owner (a user of the département) sees it on their home
    page until it is done."""
    title = _text(title, "title", "la suite à donner", required=True, max_length=300)
    if owner is None:
        raise DomainError("Choisissez qui s'en charge.", field="owner")
    if not departement_users(committee.pact.departement_id).filter(pk=owner.pk).exists():
        raise DomainError("La personne chargée de la suite est un compte de ce département.", field="owner")
    if due_on is not None and due_on < committee.held_on:
        raise DomainError("L'échéance suit la date du comité.", field="due_on")
    if decision is not None and decision.committee_id != committee.pk:
        raise DomainError("La décision n'est pas de ce comité.", field="decision")
    with transaction.atomic():
        task = FollowUpTask.objects.create(
            committee=committee, decision=decision, title=title, owner=owner, due_on=due_on
        )
        log(actor=actor, action="pact.committee.task", obj=task, data={"committee": str(committee.uuid)})
    return task


def can_close_task(user, task):
    """The task's owner, or the direction of the pact's département."""
    if task.owner_id is not None and task.owner_id == user.pk:
        return True
    return Pact.objects.editable_by(user).filter(pk=task.committee.pact_id).exists()


def mark_done(*, actor, task):
    if not can_close_task(actor, task):
        raise DomainError(
            "Seule la personne chargée de cette suite, ou la direction, la dit faite.", code="forbidden"
        )
    if task.done_at is not None:
        raise DomainError("Cette suite est déjà faite.")
    with transaction.atomic():
        task.done_at, task.done_by = timezone.now(), actor
        task.save(update_fields=["done_at", "done_by"])
        log(actor=actor, action="pact.committee.task_done", obj=task, data={})
    return task
