"""Helpers shared by the pathway services."""

import datetime

from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError


def today():
    return timezone.localdate()


def audit(actor, action, obj, departement_code="", **data):
    return log(actor=actor, action=action, obj=obj, data=_jsonable(data), departement_code=departement_code)


def _jsonable(data):
    clean = {}
    for key, value in data.items():
        if isinstance(value, datetime.date | datetime.datetime):
            value = value.isoformat()
        elif hasattr(value, "uuid"):
            value = str(value.uuid)
        clean[key] = value
    return clean


def check_not_future(day, label):
    if day > today():
        raise DomainError(f"La date {label} ne peut pas être dans le futur.")


def check_same_departement(person, organization, what):
    if organization is not None and organization.departement_id != person.departement_code:
        raise DomainError(f"{what} n'appartient pas au département de la personne.")
