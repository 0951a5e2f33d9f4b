"""Helpers shared by the pathway services."""

from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import jsonable
from pacte.pathways.dates import add_months

# Dates of the daily work (appointments, team sessions): a year either side of today; further off,
# the year was mistyped (2205, 1925).
WORK_WINDOW_MONTHS = 12


def today():
    return timezone.localdate()


def audit(actor, action, obj, departement_code="", **data):
    return log(actor=actor, action=action, obj=obj, data=jsonable(data), departement_code=departement_code)


def author(actor):
    """The user to record as author of a row (None for the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def check_not_future(day, label, *, field=None):
    if day > today():
        raise DomainError(f"La date {label} ne peut pas être dans le futur.", field=field)


def check_within_work_window(day, label, *, field=None):
    """`day` is at most `WORK_WINDOW_MONTHS` before or after today."""
    earliest, latest = add_months(today(), -WORK_WINDOW_MONTHS), add_months(today(), WORK_WINDOW_MONTHS)
    if not earliest <= day <= latest:
        raise DomainError(
            f"La date {label} doit être comprise entre le {earliest:%d/%m/%Y} et le {latest:%d/%m/%Y}.",
            field=field,
        )


def check_not_before(day, limit, message, *, field=None):
    """`day` is on or after `limit` (None: no limit); else `message`, which names the limit."""
    if limit is not None and day < limit:
        raise DomainError(f"{message} ({limit:%d/%m/%Y}).", field=field)


def check_same_departement(person, organization, what):
    if organization is not None and organization.departement_id != person.departement_code:
        raise DomainError(f"{what} n'appartient pas au département de la personne.")
