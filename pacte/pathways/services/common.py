"""Helpers shared by the pathway services."""

from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import jsonable


def today():
    return timezone.localdate()


def audit(actor, action, obj, departement_code="", **data):
    return log(actor=actor, action=action, obj=obj, data=jsonable(data), departement_code=departement_code)


def author(actor):
    """The user to record as author of a row (None for the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def check_not_future(day, label):
    if day > today():
        raise DomainError(f"La date {label} ne peut pas être dans le futur.")


def check_same_departement(person, organization, what):
    if organization is not None and organization.departement_id != person.departement_code:
        raise DomainError(f"{what} n'appartient pas au département de la personne.")
