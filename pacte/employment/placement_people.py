"""The persons an immersion, a tutoring or a clause's hours may be written for, found by who they
are (names and birth date), never browsed: the employer-relations officers and the direction find
the persons of their département, a référent their own caseload."""

from django.db.models import Q

from pacte.beneficiaries.models import Person
from pacte.beneficiaries.names import fold
from pacte.core.errors import DomainError
from pacte.employment.models import RELATIONS_ROLES
from pacte.organizations import perms
from pacte.pathways.models import ReferentAssignment


def caseload_ids(user):
    return ReferentAssignment.objects.filter(referent=user, end_date=None).values("person_id")


def writable_persons(user):
    """The persons `user` may record a placement for."""
    if perms.sees_everything(user):
        return Person.objects.all()
    return Person.objects.filter(perms.departement_q(user, *RELATIONS_ROLES) | Q(pk__in=caseload_ids(user)))


def _matches(person, words):
    key = person.search_key or ""
    return all(f" {word} " in key for word in words)


def find_person(user, *, last_name, first_name, birth_date, departement_code=None):
    """The one person of `user`'s reach with these names (accents and case aside; a usage or birth
    name) born on `birth_date`; a DomainError on `last_name` if there is none or several."""
    words = fold(f"{last_name} {first_name}").split()
    if not fold(last_name) or not fold(first_name):
        raise DomainError("Indiquez le nom et le prénom de la personne.", field="last_name")
    if birth_date is None:
        raise DomainError("Indiquez la date de naissance de la personne.", field="birth_date")
    candidates = writable_persons(user).filter(birth_date=birth_date, anonymised_at=None)
    if departement_code:
        candidates = candidates.filter(departement_code=departement_code)
    found = [person for person in candidates.order_by("sort_key", "id")[:200] if _matches(person, words)]
    if not found:
        raise DomainError(
            f"Aucune personne de ce nom née le {birth_date:%d/%m/%Y} parmi les personnes que vous suivez "
            "ou de votre département. Vérifiez l'orthographe et la date de naissance.",
            field="last_name",
        )
    if len(found) > 1:
        raise DomainError(
            "Plusieurs personnes portent ce nom et sont nées ce jour : indiquez tous les prénoms.",
            field="first_name",
        )
    return found[0]
