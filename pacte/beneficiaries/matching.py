"""The one way Pacte finds the stored person a row of an outside file speaks of.

Both the CAF import and the spreadsheet import go through it. Within one dossier, a person is
found by their NIR (its first 13 characters, through the keyed look-up hash), else by birth name,
first name and birth date, else (a spreadsheet that only has the usage name) by usage name, first
name and birth date; names compare without case. The persons are loaded beforehand, a few hundred
dossiers per query (`matchers_for`), so that matching itself queries nothing.

A matcher also remembers which person each row claimed: the CAF import makes a second row claiming
the same person a new person, the spreadsheet import reports it as a duplicate of the earlier line.
"""

import dataclasses
import datetime

from pacte.beneficiaries.crypto import nir_lookup_hash
from pacte.beneficiaries.models import Person

LOOKUP_CHUNK = 500


@dataclasses.dataclass(frozen=True)
class Identity:
    """What a row says of a person: the NIR when it has one, names and birth date."""

    first_name: str
    birth_date: datetime.date | None
    birth_name: str = ""
    last_name: str = ""  # the usage name, used only when no birth name is given
    nir: str = ""

    @property
    def key(self):
        """The identity of a person no stored person matches (to spot a row given twice)."""
        return ((self.birth_name or self.last_name).upper(), self.first_name.upper(), self.birth_date)


class PersonMatcher:
    """The stored persons of one dossier, and the rows that claimed them."""

    def __init__(self, persons):
        self.by_nir = {p.nir_hash: p for p in persons if p.nir_hash}
        self.by_birth_name = {(p.birth_name.upper(), p.first_name.upper(), p.birth_date): p for p in persons}
        self.by_usage_name = {(p.last_name.upper(), p.first_name.upper(), p.birth_date): p for p in persons}
        self.claims = {}

    def find(self, identity):
        """The stored person `identity` designates, or None."""
        if identity.nir:
            person = self.by_nir.get(nir_lookup_hash(identity.nir))
            if person is not None:
                return person
        first_name = identity.first_name.upper()
        if identity.last_name and not identity.birth_name:
            return self.by_usage_name.get((identity.last_name.upper(), first_name, identity.birth_date))
        return self.by_birth_name.get((identity.birth_name.upper(), first_name, identity.birth_date))

    def claim(self, identity, token):
        """(the stored person or None, the token of an earlier row of the same person or None).

        `token` stands for the row (its line number, say); the first row to claim a person keeps it.
        """
        person = self.find(identity)
        key = ("person", person.pk) if person is not None else ("new", identity.key)
        earlier = self.claims.get(key)
        if earlier is None:
            self.claims[key] = token
        return person, earlier


def persons_by_dossier(dossier_ids):
    """{dossier id: [its persons]} for `dossier_ids`, a few hundred dossiers per query."""
    dossier_ids = sorted(set(dossier_ids))
    found = {pk: [] for pk in dossier_ids}
    for start in range(0, len(dossier_ids), LOOKUP_CHUNK):
        chunk = dossier_ids[start : start + LOOKUP_CHUNK]
        for person in Person.objects.filter(dossier_id__in=chunk).order_by("id"):
            found[person.dossier_id].append(person)
    return found


def matchers_for(dossier_ids):
    """{dossier id: PersonMatcher} for `dossier_ids`, loaded in bulk."""
    return {pk: PersonMatcher(persons) for pk, persons in persons_by_dossier(dossier_ids).items()}
