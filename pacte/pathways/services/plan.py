"""The action plan: objectives and their actions, co-built with the person."""

from django.db import transaction
from django.db.models import Max

from pacte.core.errors import DomainError
from pacte.core.transitions import transition
from pacte.pathways.enums import PLAN_ITEM_TRANSITIONS, PlanItemStatus
from pacte.pathways.models import PlanAction, PlanObjective
from pacte.pathways.services.common import audit, author

EDITABLE_FIELDS = {"title", "description", "due_date"}


def _check_title(title):
    if not (title or "").strip():
        raise DomainError("Indiquez un intitulé.")


def _next_position(queryset):
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def add_objective(
    *, actor, person, title, description="", due_date=None, contract=None, created_by_person=False
):
    _check_title(title)
    if contract is not None and contract.person_id != person.pk:
        raise DomainError("Ce contrat n'est pas celui de la personne.")
    objective = PlanObjective.objects.create(
        departement_code=person.departement_code,
        person=person,
        contract=contract,
        title=title.strip(),
        description=description,
        due_date=due_date,
        position=_next_position(PlanObjective.objects.filter(person=person)),
        created_by_person=created_by_person,
        created_by=author(actor),
    )
    audit(actor, "plan.objective.add", objective, by_person=created_by_person)
    return objective


@transaction.atomic
def add_action(*, actor, objective, title, description="", due_date=None, created_by_person=False):
    _check_title(title)
    if objective.status not in (PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS):
        raise DomainError("Cet objectif est clos : on ne peut plus y ajouter d'action.")
    action = PlanAction.objects.create(
        departement_code=objective.departement_code,
        person_id=objective.person_id,
        objective=objective,
        title=title.strip(),
        description=description,
        due_date=due_date,
        position=_next_position(objective.actions.all()),
        created_by_person=created_by_person,
        created_by=author(actor),
    )
    audit(actor, "plan.action.add", action, by_person=created_by_person)
    return action


@transaction.atomic
def update_plan_item(*, actor, item, **changes):
    """Change the title, description or due date of an objective or an action still open."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    if item.status not in (PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS):
        raise DomainError("Un élément clos du plan ne se modifie plus.")
    if "title" in changes:
        _check_title(changes["title"])
        changes["title"] = changes["title"].strip()
    for name, value in changes.items():
        setattr(item, name, value)
    item.save(update_fields=[*changes, "updated_at"])
    audit(actor, f"plan.{item._meta.model_name}.update", item, fields=sorted(changes))
    return item


@transaction.atomic
def set_plan_item_status(*, actor, item, status):
    return transition(item, status, actor=actor, table=PLAN_ITEM_TRANSITIONS)


@transaction.atomic
def delete_plan_item(*, actor, item):
    """Only an item not started yet is deleted (an objective with its actions); others are abandoned."""
    if item.status != PlanItemStatus.PLANNED:
        raise DomainError("Seul un élément pas encore commencé peut être supprimé ; sinon, abandonnez-le.")
    audit(actor, f"plan.{item._meta.model_name}.delete", item, title=item.title)
    item.delete()
