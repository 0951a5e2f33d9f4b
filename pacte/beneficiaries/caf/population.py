"""A synthetic RSA population that lives month after month, for the CAF file generator.

`Population` draws the households of a département (composition, names, NIR, addresses, state
of the right, rights and duties) from one seeded `random.Random`, then `advance(dtref)` makes it
live until `dtref`: new demands, decisions, suspensions and their lifting, closures, moves,
couples forming and parting, births, persons entering rights and duties. Every change is also
recorded as an event (`FG` code) for the daily files. Same seed and same calls: same population.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from pacte.beneficiaries.caf import synthetic
from pacte.beneficiaries.caf.codes import COUPLE_SITFAM
from pacte.beneficiaries.caf.people import PersonFactory, PersonState


@dataclass(slots=True)
class HouseholdState:
    numdemrsa: str
    matricule: str
    numorg: str
    dtdemrsa: date
    sitfam: str
    ddsitfam: date
    address: dict
    persons: list[PersonState]
    etat: str = "2"
    dtodrsa: date | None = None
    housing_aid: bool = True
    susp_droit: list[tuple[str, date]] = field(default_factory=list)
    susp_vers: list[tuple[str, date]] = field(default_factory=list)
    closure: tuple[str, date] | None = None
    refusal: tuple[str, date] | None = None
    previous_address: dict | None = None
    from_caf: tuple[str, date] | None = None  # (NUMORG of the former CAF, arrival date)
    events: list[tuple[date, str, str]] = field(default_factory=list)  # (DTLIQ, HEULIQ, FG)
    touched: bool = False

    @property
    def demandeur(self) -> PersonState:
        return self.persons[0]


_STATE_MIX = synthetic.Weighted(
    (("2", 780), ("4", 80), ("3", 20), ("5", 60), ("6", 15), ("0", 30), ("1", 15))
)
_COMPOSITIONS = synthetic.Weighted((("single", 52), ("lone", 27), ("couple", 18), ("other", 3)))


class Population:
    """The households of one département, as they stand at `self.dtref`."""

    def __init__(
        self, *, departement: str, seed: int | str, communes: list[dict], households: int, dtref: date
    ):
        if not communes:
            raise ValueError("at least one commune is needed")
        self.departement = departement
        self.seed = seed
        self.rng = random.Random(f"pacte-caf:{seed}")
        self.communes = communes
        self._communes = synthetic.Weighted((c, max(int(c.get("population") or 1), 1)) for c in communes)
        self.numorg = _caf_number(departement)
        self.dtref = dtref
        self.people = PersonFactory(self.rng, departement, self._commune)
        self._next_dossier = self.rng.randrange(10_000_000, 20_000_000)
        self._next_allocataire = self.rng.randrange(1_000_000, 2_000_000)
        self.households: list[HouseholdState] = [self._new_household(initial=True) for _ in range(households)]

    # -- drawing ---------------------------------------------------------------------------
    def _commune(self) -> dict:
        return self._communes.pick(self.rng)

    def _pick(self, weighted: synthetic.Weighted):
        return weighted.pick(self.rng)

    def _new_household(self, *, initial: bool) -> HouseholdState:
        rng = self.rng
        dtdemrsa = self.dtref - timedelta(days=int(rng.expovariate(1 / 900))) if initial else self.dtref
        dtdemrsa = max(dtdemrsa, date(2009, 6, 1))
        kind = self._pick(_COMPOSITIONS)
        persons, sitfam = self.people.household(kind, dtdemrsa)
        self._next_dossier += rng.randrange(1, 40)
        self._next_allocataire += rng.randrange(1, 25)
        household = HouseholdState(
            numdemrsa=f"{self.numorg}{self._next_dossier:08d}",
            matricule=f"{self._next_allocataire:07d}00000000",
            numorg=self.numorg,
            dtdemrsa=dtdemrsa,
            sitfam=sitfam,
            ddsitfam=max(
                dtdemrsa - timedelta(days=rng.randrange(0, 3000)), persons[0].dtnai + timedelta(6570)
            ),
            address=self._address(),
            persons=persons,
            housing_aid=rng.random() < 0.7,
        )
        if rng.random() < 0.06:
            household.from_caf = (rng.choice(synthetic.OTHER_CAFS), dtdemrsa)
        if rng.random() < 0.04:
            household.address = self._address(no_fixed_address=True)
        if initial:
            self._initial_state(household)
        else:
            self._open_demand(household)
        return household

    def _address(self, *, no_fixed_address: bool = False) -> dict:
        rng = self.rng
        commune = self._commune()
        address = {
            "commune": commune,
            "postcode": rng.choice(commune.get("postcodes") or (commune["postcode"],)),
            "numvoie": "",
            "libtypevoie": "",
            "nomvoie": "",
            "complideadr": "",
            "compladr": "",
            "lieudist": "",
            "dtemm": self.dtref - timedelta(days=rng.randrange(30, 4000)),
            "no_fixed_address": no_fixed_address,
        }
        if no_fixed_address:
            address["complideadr"] = f"{rng.choice(synthetic.DOMICILIATIONS)} {commune['name'].upper()}"[:38]
            address["libtypevoie"], address["nomvoie"] = "PLACE", "DE LA MAIRIE"
            return address
        if rng.random() < 0.12:
            address["lieudist"] = rng.choice(synthetic.LOCALITIES)
            return address
        number = str(rng.randrange(1, 180))
        if rng.random() < 0.05 and len(number) < 3:
            number += " BIS"
        address["numvoie"] = number
        address["libtypevoie"] = self._pick(synthetic.STREET_TYPES)
        address["nomvoie"] = rng.choice(synthetic.STREET_NAMES)
        if rng.random() < 0.2:
            address["compladr"] = f"{rng.choice(synthetic.BUILDINGS)} APPT {rng.randrange(1, 120)}"
        return address

    # -- states ------------------------------------------------------------------------------
    def _initial_state(self, household: HouseholdState) -> None:
        rng, dtref = self.rng, self.dtref
        state = self._pick(_STATE_MIX)
        recent = dtref - timedelta(days=rng.randrange(1, 28))
        if state in ("0", "1"):
            household.dtdemrsa = recent
            household.etat = "0"
            self._set_sdd(household, household.dtdemrsa)
            if state == "1":
                self._refuse(household, recent)
            return
        household.etat = "2"
        household.dtodrsa = household.dtdemrsa
        self._set_sdd(household, household.dtdemrsa)
        entering = household.dtdemrsa > dtref - timedelta(days=60)
        for person in household.persons:
            person.entering = person.sdd and entering
        if state in ("3", "4"):
            self._suspend(household, state, recent)
        elif state in ("5", "6"):
            self._close(household, recent, previous_month=state == "6")

    def _set_sdd(self, household: HouseholdState, since: date) -> None:
        for person in household.persons:
            if person.adult:
                person.sdd = person.income < 500 or self.rng.random() < 0.3
                person.ddsoudrodev = since if person.sdd else None
                self.people.maybe_register(person, since, 0.45)

    def _open_demand(self, household: HouseholdState) -> None:
        household.etat = "0"
        self._set_sdd(household, household.dtdemrsa)
        self._event(household, "DEMRSA")

    def _refuse(self, household: HouseholdState, when: date) -> None:
        household.etat = "1"
        household.refusal = (self._pick(synthetic.REFUSAL_REASONS), when)
        for person in household.persons:
            person.sdd = person.entering = False
            person.ddsoudrodev = None

    def _suspend(self, household: HouseholdState, state: str, when: date) -> None:
        household.etat = state
        if state == "3":
            household.susp_droit = [(self._pick(synthetic.SUSPENSION_RIGHT_REASONS), when)]
        else:
            household.susp_vers = [(self._pick(synthetic.SUSPENSION_PAYMENT_REASONS), when)]

    def _close(self, household: HouseholdState, when: date, *, previous_month: bool = False) -> None:
        household.etat = "6" if previous_month else "5"
        household.closure = (self._pick(synthetic.CLOSURE_REASONS), when)
        household.susp_droit, household.susp_vers = [], []
        for person in household.persons:
            if person.sdd:
                person.dfsoudrodev = when
            person.entering = False

    def _event(self, household: HouseholdState, fg: str) -> None:
        seconds = self.rng.randrange(0, 86400)
        time = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.0000"
        household.events.append((self.dtref, time, fg))
        household.touched = True

    # -- living ----------------------------------------------------------------------------------
    def advance(self, dtref: date) -> None:
        """Let the population live from `self.dtref` to `dtref` (any number of days)."""
        if dtref <= self.dtref:
            return
        share = (dtref - self.dtref).days / 30.4
        self.dtref = dtref
        month_ago = dtref - timedelta(days=31)
        for household in self.households:
            household.events = []
            household.touched = False
            for person in household.persons:
                # Entering rights and duties is news for a month.
                person.entering = (
                    person.entering and person.ddsoudrodev is not None and person.ddsoudrodev > month_ago
                )
        for household in list(self.households):
            self._live(household, share)
        self._forget_old_closures()
        open_count = sum(1 for household in self.households if household.etat in ("2", "3", "4"))
        for _ in range(_poisson(self.rng, open_count * 0.03 * share)):
            household = self._new_household(initial=False)
            self.households.append(household)

    def _live(self, household: HouseholdState, share: float) -> None:
        rng, etat, dtref = self.rng, household.etat, self.dtref
        roll = rng.random()
        if etat == "0":
            if roll < min(1.0, 0.9 * share):
                self._decide(household)
        elif etat == "2":
            if roll < 0.022 * share:
                self._close(household, dtref)
                self._event(household, "RAD")
            elif roll < 0.05 * share:
                self._suspend(household, "4", dtref)
                self._event(household, "SUS")
            elif roll < 0.055 * share:
                self._suspend(household, "3", dtref)
                self._event(household, "SUS")
            else:
                self._life_changes(household, share)
        elif etat in ("3", "4") and roll < 0.35 * share:
            household.etat, household.susp_droit, household.susp_vers = "2", [], []
            self._event(household, "CARRSA")
        elif etat in ("3", "4") and roll < 0.45 * share:
            self._close(household, dtref)
            self._event(household, "RAD")

    def _decide(self, household: HouseholdState) -> None:
        self._event(household, "DECDEMPCG")
        if self.rng.random() < 0.08:
            self._refuse(household, self.dtref)
            return
        household.etat = "2"
        household.dtodrsa = self.dtref
        for person in household.persons:
            if person.sdd:
                person.entering = True
                person.ddsoudrodev = self.dtref
                self._event(household, "ENTDED")

    def _life_changes(self, household: HouseholdState, share: float) -> None:
        rng = self.rng
        if rng.random() < 0.012 * share:
            household.previous_address = household.address
            household.address = self._address()
            household.address["dtemm"] = self.dtref
            self._event(household, "ADR")
        if rng.random() < 0.004 * share:
            self._couple_change(household)
        if rng.random() < 0.003 * share and household.sitfam in COUPLE_SITFAM | {"CEL"}:
            household.persons.append(self.people.baby(household, self.dtref))
            self._event(household, "SITENFAUT")
        for person in household.persons:
            if person.adult and not person.sdd and person.income < 500 and rng.random() < 0.05 * share:
                person.sdd, person.entering, person.ddsoudrodev = True, True, self.dtref
                self._event(household, "ENTDED")
            if person.sdd and person.idassedic is None:
                self.people.maybe_register(person, self.dtref, 0.05 * share)

    def _couple_change(self, household: HouseholdState) -> None:
        partner = next((person for person in household.persons if person.role == "CJT"), None)
        if partner is not None:
            household.persons.remove(partner)
            household.sitfam = "SEF"
        elif household.demandeur.role == "DEM":
            newcomer = self.people.partner(household.demandeur, self.dtref)
            household.persons.insert(1, newcomer)
            household.sitfam = "VIM"
        household.ddsitfam = self.dtref
        self._event(household, "SITFAM")

    def _forget_old_closures(self) -> None:
        """Closed or refused dossiers leave the monthly files two months after the fact."""
        limit = self.dtref - timedelta(days=62)
        self.households = [
            household
            for household in self.households
            if not (household.closure and household.closure[1] < limit)
            and not (household.refusal and household.refusal[1] < limit)
        ]

    def touched(self) -> list[HouseholdState]:
        """The households changed by the last `advance`, the content of a daily file."""
        return [household for household in self.households if household.touched]


def _caf_number(departement: str) -> str:
    """The 3-character number of the département's CAF ('87' -> '871', '2A' -> '201')."""
    if len(departement) == 3:
        return departement
    return {"2A": "201", "2B": "202"}.get(departement, f"{departement}1")


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (normal approximation above 30), enough for entrant counts."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, mean**0.5)))
    count, threshold, product = 0, pow(2.718281828459045, -mean), rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count
