"""The person's part in their pathway, from their space: propose an objective or an action (they
go into the plan, marked as proposed by the person), comment on the plan, agree to it (the consent,
dated, with the plan as it stood), say what blocks them. Each is audited and told to the référent."""

from django.db import transaction

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.pathways.enums import ContractStatus
from pacte.pathways.services.plan import add_action, add_objective
from pacte.portal.models import Contribution, ContributionKind
from pacte.portal.notify import tell_referent

TEXT_MAX = 2000


def _text(text, *, required_message):
    text = (text or "").strip()
    if not text:
        raise DomainError(required_message, field="text")
    if len(text) > TEXT_MAX:
        raise DomainError(f"Votre message est trop long ({TEXT_MAX} caractères au plus).", field="text")
    return text


def current_contract(person):
    return (
        person.contracts.filter(status=ContractStatus.SIGNED).order_by("-signed_on", "-id").first()
        or person.contracts.filter(status=ContractStatus.DRAFT).order_by("-created_at", "-id").first()
    )


def plan(person):
    """The person's objectives with their actions, in the plan's order."""
    return person.plan_objectives.prefetch_related("actions").order_by("position", "id")


@transaction.atomic
def propose(*, user, person, title, details="", objective=None, request=None):
    title = (title or "").strip()
    if not title:
        raise DomainError("Écrivez en quelques mots ce que vous proposez.", field="title")
    if objective is not None and objective.person_id != person.pk:
        raise DomainError("Cet objectif n'est pas dans votre plan.", field="objective")
    if objective is None:
        item = add_objective(
            actor=user, person=person, title=title, description=details, contract=current_contract(person),
            created_by_person=True,
        )  # fmt: skip
        what = f"propose un objectif pour son plan : « {title} »."
    else:
        item = add_action(
            actor=user, objective=objective, title=title, description=details, created_by_person=True
        )
        what = f"propose une action pour l'objectif « {objective.title} » : « {title} »."
    tell_referent(person, "Une proposition pour le plan d'action", what, request=request)
    return item


def _contribution(user, person, kind, text="", request=None, **extra):
    contribution = Contribution.objects.create(
        departement_code=person.departement_code, person=person, kind=kind, text=text, **extra
    )
    log(actor=user, action=f"portal.{kind}", obj=person, request=request)
    return contribution


@transaction.atomic
def comment(*, user, person, text, request=None):
    text = _text(text, required_message="Écrivez votre commentaire.")
    contribution = _contribution(
        user, person, ContributionKind.COMMENT, text, request, contract=current_contract(person)
    )
    tell_referent(
        person,
        "Un commentaire sur le plan d'action",
        f"a commenté son plan d'action :\n{text}",
        request=request,
    )
    return contribution


@transaction.atomic
def agree(*, user, person, request=None):
    objectives = list(plan(person))
    if not objectives:
        raise DomainError("Votre plan d'action est encore vide : il n'y a rien à approuver.")
    snapshot = [
        {"objectif": item.title, "statut": item.get_status_display(),
         "actions": [{"action": action.title, "statut": action.get_status_display()} for action in item.actions.all()]}
        for item in objectives
    ]  # fmt: skip
    contribution = _contribution(
        user,
        person,
        ContributionKind.AGREEMENT,
        request=request,
        contract=current_contract(person),
        plan_snapshot=snapshot,
    )
    tell_referent(
        person, "Accord sur le plan d'action", "a donné son accord à son plan d'action.", request=request
    )
    return contribution


def last_agreement(person):
    return person.contributions.filter(kind=ContributionKind.AGREEMENT).order_by("-created_at").first()


@transaction.atomic
def tell_blocker(*, user, person, text, request=None):
    text = _text(text, required_message="Écrivez ce qui vous bloque, avec vos mots.")
    contribution = _contribution(user, person, ContributionKind.BLOCKER, text, request)
    tell_referent(
        person, "Quelque chose bloque la personne", f"dit ce qui la bloque :\n{text}", request=request
    )
    return contribution


def mark_seen(*, actor, contribution, now):
    if contribution.seen_at is None:
        contribution.seen_at = now
        contribution.save(update_fields=["seen_at"])
        log(actor=actor, action="portal.contribution_seen", obj=contribution.person)
    return contribution
