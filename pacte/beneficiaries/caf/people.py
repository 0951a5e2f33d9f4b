"""Drawing the persons of a synthetic household: names, birth, NIR, activity, France Travail."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from pacte.beneficiaries.caf import synthetic
from pacte.beneficiaries.caf.codes import ADULT_ROLES
from pacte.beneficiaries.caf.nir import build_nir
from pacte.beneficiaries.caf.synthetic import Weighted

_SINGLE_SITFAM = Weighted(
    (("CEL", 60), ("DIV", 18), ("SEF", 8), ("ISO", 6), ("SEL", 3), ("VEU", 3), ("ABA", 1))
)
_LONE_SITFAM = Weighted((("CEL", 45), ("DIV", 25), ("SEF", 14), ("ISO", 12), ("SEL", 4)))
_COUPLE_SITFAM = Weighted((("VIM", 45), ("MAR", 38), ("PAC", 15), ("RVC", 2)))
_COUPLE_CHILDREN = Weighted(((0, 35), (1, 25), (2, 25), (3, 12), (4, 3)))
_LONE_CHILDREN = Weighted(((1, 50), (2, 32), (3, 13), (4, 5)))
_FOREIGN_BIRTH_DATE = Weighted((("N", 88), ("J", 9), ("O", 3)))
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass(slots=True)
class PersonState:
    role: str  # DEM, CJT, ENF, AUT
    sexe: str
    nom: str
    nomnai: str
    prenom: str
    prenoms: tuple[str, ...]  # second and third first names
    dtnai: date
    typedtnai: str
    birth_insee: str
    nomcomnai: str
    paysnai: str
    nir: str
    ddratdos: date
    sdd: bool = False
    entering: bool = False
    ddsoudrodev: date | None = None
    dfsoudrodev: date | None = None
    idassedic: str | None = None
    activity: tuple[str, date, str | None] | None = None  # (ACT, DDACT, NATCONTRTRA)
    income: int = 0  # monthly resources, euros

    @property
    def adult(self) -> bool:
        return self.role in ADULT_ROLES

    @property
    def lieunai(self) -> str:
        return self.birth_insee[:3] if self.birth_insee.startswith("97") else self.birth_insee[:2]


class PersonFactory:
    def __init__(self, rng: random.Random, departement: str, commune_picker):
        self.rng = rng
        self.departement = departement
        self._commune = commune_picker
        self._nirs: set[str] = set()

    def household(self, kind: str, dtdemrsa: date) -> tuple[list[PersonState], str]:
        """The persons of a new household (demandeur first) and its family situation."""
        rng = self.rng
        if kind == "couple":
            demandeur = self.adult("DEM", rng.choice("1112"), dtdemrsa, minimum_age=20)
            partner = self.partner(demandeur, dtdemrsa)
            sitfam = _COUPLE_SITFAM.pick(self.rng)
            if sitfam == "MAR" and partner.sexe == "2" and rng.random() < 0.6:
                partner.nom = demandeur.nomnai
            persons = [demandeur, partner]
            count = _COUPLE_CHILDREN.pick(rng)
        elif kind == "lone":
            demandeur = self.adult("DEM", "2" if rng.random() < 0.86 else "1", dtdemrsa, minimum_age=19)
            sitfam, persons = _LONE_SITFAM.pick(self.rng), [demandeur]
            count = _LONE_CHILDREN.pick(rng)
        else:
            demandeur = self.adult("DEM", "1" if rng.random() < 0.56 else "2", dtdemrsa)
            sitfam, persons, count = _SINGLE_SITFAM.pick(self.rng), [demandeur], 0
            if kind == "other":
                relative = self.adult("AUT", rng.choice("12"), dtdemrsa, minimum_age=18)
                relative.nom = relative.nomnai = demandeur.nomnai
                persons.append(relative)
        mother = next((person for person in persons if person.sexe == "2"), demandeur)
        for _ in range(count):
            persons.append(self.child(demandeur, mother, dtdemrsa))
        return persons, sitfam

    def adult(self, role: str, sexe: str, when: date, *, minimum_age: int = 25) -> PersonState:
        rng = self.rng
        age = minimum_age + int(rng.betavariate(1.4, 2.6) * (65 - minimum_age))
        born = when - timedelta(days=age * 365 + rng.randrange(0, 365))
        person = self._person(role, sexe, born, rng.choice(synthetic.surnames()), when, local_share=0.55)
        act = synthetic.ADULT_ACTIVITIES.pick(self.rng)
        contract = rng.choice(synthetic.CONTRACT_KINDS) if act == "SAL" else None
        person.activity = (act, when - timedelta(days=rng.randrange(0, 1100)), contract)
        if act in ("SAL", "ETI", "INT", "TSA"):
            person.income = rng.randrange(120, 950)
        elif act in ("CHR", "ASS") and rng.random() < 0.4:
            person.income = rng.randrange(100, 600)
        return person

    def partner(self, demandeur: PersonState, when: date) -> PersonState:
        sexe = demandeur.sexe if self.rng.random() < 0.03 else ("2" if demandeur.sexe == "1" else "1")
        partner = self.adult("CJT", sexe, when, minimum_age=20)
        partner.ddratdos = when
        return partner

    def child(self, father: PersonState, mother: PersonState, when: date) -> PersonState:
        rng = self.rng
        oldest = min(19, (when - mother.dtnai).days // 365 - 17)
        age = rng.randrange(0, max(oldest, 1))
        born = when - timedelta(days=age * 365 + rng.randrange(0, 365))
        child = self._person("ENF", rng.choice("12"), born, father.nomnai, when, local_share=0.85)
        child.activity = self._child_activity(child, when)
        return child

    def baby(self, household, when: date) -> PersonState:
        baby = self._person("ENF", self.rng.choice("12"), when, household.persons[0].nomnai, when, 1.0)
        baby.activity = ("NOB", when, None)
        return baby

    def _child_activity(self, child: PersonState, when: date):
        age = (when - child.dtnai).days // 365
        if age < 6:
            return ("NOB", child.dtnai, None)
        if age < 16:
            return ("SCO", date(child.dtnai.year + 6, 9, 1), None)
        return (self.rng.choice(("SCO", "SCO", "ETU", "APP")), date(child.dtnai.year + 16, 9, 1), None)

    def _person(self, role, sexe, born: date, surname: str, when: date, local_share: float) -> PersonState:
        rng = self.rng
        names = synthetic.first_names(sexe)
        others = tuple(name for name in rng.sample(names, rng.choice((0, 1, 1, 2))) if len(name) <= 15)
        birth_insee, nomcomnai, paysnai, typedtnai = self._birth_place(local_share)
        if typedtnai == "J":
            born = born.replace(day=1)
        elif typedtnai == "O":
            born = date(born.year, 1, 1)
        return PersonState(
            role=role,
            sexe=sexe,
            nom=surname,
            nomnai=surname,
            prenom=rng.choice(names),
            prenoms=others,
            dtnai=born,
            typedtnai=typedtnai,
            birth_insee=birth_insee,
            nomcomnai=nomcomnai[:26],
            paysnai=paysnai,
            nir=self._nir(sexe, born, birth_insee),
            ddratdos=max(when, born) if role == "ENF" else when,
        )

    def _birth_place(self, local_share: float) -> tuple[str, str, str, str]:
        rng = self.rng
        roll = rng.random()
        if roll < local_share:
            commune = self._commune()
            return commune["insee"], commune["name"].upper(), "FRANCE", "N"
        if roll < local_share + (1 - local_share) * 0.75:
            insee, name = rng.choice(synthetic.BIRTH_TOWNS)
            return insee, name, "FRANCE", "N"
        insee, town, country = rng.choice(synthetic.BIRTH_COUNTRIES)
        typedtnai = _FOREIGN_BIRTH_DATE.pick(rng)
        return insee, town, country, typedtnai

    def _nir(self, sexe: str, born: date, birth_insee: str) -> str:
        while True:
            nir = build_nir(
                sexe=sexe, birth_date=born, birth_insee=birth_insee, order=self.rng.randrange(1, 1000)
            )
            if nir not in self._nirs:
                self._nirs.add(nir)
                return nir

    def maybe_register(self, person: PersonState, when: date, probability: float) -> None:
        """Give the person a France Travail identifier with the given probability."""
        if person.idassedic is None and self.rng.random() < probability:
            digits = self.rng.randrange(0, 10_000_000)
            person.idassedic = f"{digits:07d}{self.rng.choice(_LETTERS)}"
