"""The demo's employment side, per département: the shipped sample list of métiers en tension,
employers (fictitious names, SIRET valid by the Luhn rule, NAF, size, address in the département's
communes) with their contacts and a history of interactions whose follow-ups are done, due or late;
the SIAE of every kind (the catalogue's, plus an EITI) with their insertion positions; job offers
(ROME 4.0 appellations, some on métiers en tension) open, filled or closed. Then the people's
employment projects (`employment_people`) and their positionings and placements
(`employment_placements`). Every write goes through the employment services.

Deterministic (seeded) and idempotent: once a département has the demo's employers, nothing is added.
"""

import datetime
import random
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from pacte.demo import offer_catalogue
from pacte.demo.structures import demo_email
from pacte.employment import services, tension_import
from pacte.employment.enums import ContractType, InteractionKind, JobOfferStatus
from pacte.employment.models import EmployerProfile, TensionList
from pacte.organizations.enums import OrganizationKind as Kind
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization, User
from pacte.organizations.validators import luhn_valid
from pacte.referentials.models import RomeAppellation
from pacte.territory.models import Commune, Departement

SEEDS = {"87": 87_1204, "79": 79_1204}
TENSION_SAMPLE = (
    Path(__file__).resolve().parents[1] / "employment" / "data" / "metiers-en-tension-echantillon.csv"
)

# (name pattern, NAF code, size bracket, town of the catalogue's TOWNS, ROME codes it recruits on)
EMPLOYERS = [
    ("Logistique {land} Distribution", "52.10B", "21", "seat", ("N1103", "N1105", "N4101")),
    ("Bâtiment {river} Rénovation", "43.99C", "11", "west", ("F1703", "F1702", "F1602")),
    ("Plomberie Chauffage {north_name}", "43.22A", "03", "north", ("F1603", "F1602")),
    ("EHPAD Les Tilleuls", "87.10A", "21", "south", ("J1501", "K1302", "K2204")),
    ("Aide à domicile {land} Services", "88.10A", "22", "seat", ("K1302", "K1304")),
    ("Propreté {region} Services", "81.21Z", "12", "seat", ("K2204", "K2203")),
    ("Brasserie du Marché", "56.10A", "03", "seat", ("G1602", "G1803", "G1603")),
    ("Restaurant Le Relais {east_name}", "56.10A", "02", "east", ("G1602", "G1803")),
    ("Conserverie {land}", "10.13A", "22", "aixe", ("H2102", "H3302")),
    ("Supermarché {seat_name} Nord", "47.11D", "21", "panazol", ("D1507", "D1106", "D1101")),
    ("Boulangerie {ambazac_name}", "10.71C", "02", "ambazac", ("D1102", "D1106")),
    ("Vergers du {region}", "01.24Z", "11", "rochechouart", ("A1405", "A1414")),
    ("Paysages {river} Environnement", "81.30Z", "11", "bessines", ("A1203", "A1414")),
    ("Métallerie {north_name}", "25.11Z", "12", "north", ("H2913",)),
    ("Garage {south_name} Automobiles", "45.20A", "03", "south", ("I1604",)),
]
# The SIAE of the catalogue (offer_catalogue.PARTNERS keys, and structures' "aci") with their NAF
# codes and insertion positions (ROME code, positions, weekly hours, contract).
SIAE = {
    "aci": ("81.30Z", "12", (("A1203", 12, 26, ContractType.CDDI), ("A1414", 6, 26, ContractType.CDDI))),
    "garage": ("45.20A", "11", (("I1604", 6, 26, ContractType.CDDI),)),
    "recyclerie": ("38.32Z", "12", (("K2304", 8, 35, ContractType.CDDI), ("N1105", 4, 35, ContractType.CDDI))),
    "ai_services": ("78.30Z", "21", (("K1304", 20, 20, ContractType.SECONDMENT), ("K2204", 15, 24, ContractType.SECONDMENT))),
    "aci_river": ("81.30Z", "11", (("A1203", 10, 26, ContractType.CDDI), ("F1703", 6, 26, ContractType.CDDI))),
    "etti": ("78.20Z", "12", (("N1103", 25, 35, ContractType.INTERIM), ("H3302", 10, 35, ContractType.INTERIM))),
    "geiq": ("78.30Z", "11", (("F1703", 8, 35, ContractType.PROFESSIONALISATION), ("F1602", 5, 35, ContractType.PROFESSIONALISATION))),
}  # fmt: skip
EITI = (
    "Coopérative d'indépendants {land} (EITI)",
    "82.99Z",
    "02",
    "seat",
    (("N4105", 6, 20, ContractType.CDDI),),
)
CONTRACT_WEIGHTS = {
    ContractType.CDI: 4,
    ContractType.CDD: 4,
    ContractType.INTERIM: 2,
    ContractType.SEASONAL: 1,
}
SUBJECTS = {
    InteractionKind.VISIT: "Visite de l'établissement et présentation des besoins",
    InteractionKind.JOB_DATING: "Job dating à la Maison du département",
    InteractionKind.EVENT: "Petit-déjeuner des entreprises inclusives",
    InteractionKind.COMMITMENT: "Engagement : deux immersions par trimestre",
    InteractionKind.EXCHANGE: "Point téléphonique sur les recrutements à venir",
}
JOB_TITLES = [
    "Responsable des ressources humaines",
    "Gérance",
    "Direction de l'établissement",
    "Responsable d'équipe",
]


def siret(rng):
    """Fourteen digits valid by the Luhn rule (the SIREN's nine too), not a real establishment's."""
    while True:
        siren = f"{rng.randint(3, 9)}{rng.randint(0, 99_999_999):08d}"
        if luhn_valid(siren):
            break
    while True:
        value = f"{siren}{rng.randint(1, 999):05d}"
        if luhn_valid(value):
            return value


def appellation_of(rome_code):
    """The ROME sheet's own appellation when it has one (same label), else its first."""
    rows = list(RomeAppellation.objects.select_related("rome").filter(rome_id=rome_code).order_by("code_ogr"))
    same = [row for row in rows if row.label == row.rome.label]
    return (same or rows)[0]


class Employment:
    """The département's actor, towns, ROME appellations and the draws of its demo."""

    def __init__(self, code, rng):
        self.code, self.rng = code, rng
        self.departement = Departement.objects.get(code=code)
        self.actor = User.objects.get(email=demo_email(Role.EMPLOYER_RELATIONS, code))
        self.today = timezone.localdate()
        self.communes = list(
            Commune.objects.filter(departement_id=code).exclude(latitude=None).order_by("insee_code")
        )
        by_insee = {commune.insee_code: commune for commune in self.communes}
        seat = by_insee.get(offer_catalogue.TOWNS[code]["seat"]) or self.communes[0]
        self.towns = {key: by_insee.get(insee, seat) for key, insee in offer_catalogue.TOWNS[code].items()}
        self.words = {
            **offer_catalogue.DEPARTEMENT_WORDS[code],
            **{f"{key}_name": value for key, value in offer_catalogue.LOCAL_NAMES[code].items()},
            "seat_name": seat.name,
        }
        self.appellations = {}

    def appellation(self, rome_code):
        if rome_code not in self.appellations:
            self.appellations[rome_code] = appellation_of(rome_code)
        return self.appellations[rome_code]

    def address(self):
        return f"{self.rng.randint(1, 120)} {self.rng.choice(offer_catalogue.STREETS)}"

    def day_ago(self, low, high):
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))


def load_tension_sample():
    """The shipped sample list (Nouvelle-Aquitaine), as `pacte load-tension-jobs` loads it, once."""
    if not TensionList.objects.filter(territory_code="75", is_sample=True).exists():
        tension_import.load(TENSION_SAMPLE.read_bytes(), filename=TENSION_SAMPLE.name)


def _contacts(env, employer, count):
    contacts = []
    for _ in range(count):
        first = env.rng.choice(offer_catalogue.CONTACT_FIRST)
        last = env.rng.choice(offer_catalogue.CONTACT_LAST)
        domain = slugify(employer.organization.name)[:30].strip("-")
        contacts.append(
            services.add_contact(
                actor=env.actor, employer=employer, first_name=first, last_name=last,
                job_title=env.rng.choice(JOB_TITLES), email=f"{slugify(first)}.{slugify(last)}@{domain}.example.org",
                phone=f"{offer_catalogue.FICTION_PHONE_PREFIX} {env.rng.randint(0, 99):02d} {env.rng.randint(0, 99):02d}",
            )
        )  # fmt: skip
    return contacts


def _interactions(env, employer, contacts, counts):
    """Two to four past exchanges; the latest may call for a follow-up: done, due soon or late."""
    days = sorted(env.day_ago(5, 300) for _ in range(env.rng.randint(2, 4)))
    for index, day in enumerate(days):
        kind = env.rng.choice(InteractionKind.values)
        follow_up = None
        if index == len(days) - 1 and env.rng.random() < 0.7:
            follow_up = day + datetime.timedelta(days=env.rng.choice([7, 15, 30, 45]))
        interaction = services.add_interaction(
            actor=env.actor, employer=employer, kind=kind, day=day, subject=SUBJECTS[kind],
            notes="Compte rendu de démonstration.", contact=env.rng.choice(contacts), follow_up_on=follow_up,
        )  # fmt: skip
        counts["interactions"] += 1
        if follow_up is not None and follow_up < env.today:
            if env.rng.random() < 0.5:
                services.mark_follow_up_done(actor=env.actor, interaction=interaction, day=follow_up)
            else:
                counts["late_follow_ups"] += 1


def _job_offers(env, employer, romes, counts):
    """One to three offers per ROME code; most open, some filled, a few closed."""
    commune = employer.commune
    for rome_code in romes:
        appellation = env.appellation(rome_code)
        for _ in range(env.rng.randint(1, 3)):
            contract = env.rng.choices(list(CONTRACT_WEIGHTS), list(CONTRACT_WEIGHTS.values()))[0]
            opened_on = env.day_ago(3, 200)
            offer = services.create_job_offer(
                actor=env.actor, employer=employer, title=f"{appellation.short_label} — {commune.name}",
                appellation=appellation, commune=commune, contract_type=contract,
                weekly_hours=env.rng.choice([24, 28, 35, 35, 35, 39]), positions=env.rng.choice([1, 1, 2, 3]),
                opened_on=opened_on, description=f"Poste de {appellation.label.lower()} chez {employer.organization.name}.",
            )  # fmt: skip
            counts["job_offers"] += 1
            roll = env.rng.random()
            if roll < 0.25 and opened_on < env.today - datetime.timedelta(days=20):
                status = JobOfferStatus.FILLED if roll < 0.18 else JobOfferStatus.CLOSED
                closed_on = opened_on + datetime.timedelta(
                    days=env.rng.randint(10, (env.today - opened_on).days)
                )
                services.set_job_offer_status(actor=env.actor, job_offer=offer, status=status, day=closed_on)


def _employer(env, name, kind, naf, size, town):
    commune = env.towns[town]
    return services.create_employer(
        actor=env.actor, departement=env.departement, name=name, kind=kind, siret=siret(env.rng),
        naf_code=naf, size_bracket=size, address=env.address(), commune=commune,
        description="Employeur partenaire de démonstration.",
    )  # fmt: skip


def _siae_profile(env, organization, naf, size):
    """The catalogue's SIAE get their employment profile (and a SIRET)."""
    profile = services.create_profile(
        actor=env.actor, organization=organization, naf_code=naf, size_bracket=size
    )
    return services.update_employer(
        actor=env.actor, employer=profile, name=organization.name, kind=organization.kind, siret=siret(env.rng),
        naf_code=naf, size_bracket=size, address=organization.address or env.address(),
        commune=profile.commune or env.towns["seat"], description="Structure de l'insertion par l'activité économique.",
    )  # fmt: skip


def _positions(env, siae, positions):
    for rome_code, count, hours, contract in positions:
        services.add_insertion_position(
            actor=env.actor, employer=siae, appellation=env.appellation(rome_code), positions=count,
            weekly_hours=hours, contract_type=contract,
        )  # fmt: skip


def _catalogue_siae(env, structures):
    """{key: Organization} of the SIAE the demo already has (the catalogue loaded them)."""
    names = {commune.insee_code: commune.name for commune in env.communes}
    found = {"aci": structures["aci"]} if "aci" in structures else {}
    for partner in offer_catalogue.partners(env.code, names):
        if partner.key in SIAE:
            organization = Organization.objects.filter(
                departement_id=env.code, kind=partner.kind, name=partner.name
            ).first()
            if organization is not None:
                found[partner.key] = organization
    return found


def load_employers(code, structures, log):
    """Employers, SIAE, their contacts, interactions, positions and offers (once per département)."""
    if EmployerProfile.objects.filter(
        departement_code=code, created_by__email=demo_email(Role.EMPLOYER_RELATIONS, code)
    ).exists():
        return {}
    log("Emploi : employeurs, SIAE, offres d'emploi…")
    load_tension_sample()
    env = Employment(code, random.Random(SEEDS[code]))
    counts = {"employers": 0, "siae": 0, "interactions": 0, "late_follow_ups": 0, "job_offers": 0}
    with transaction.atomic():
        for pattern, naf, size, town, romes in EMPLOYERS:
            employer = _employer(env, pattern.format(**env.words), Kind.EMPLOYER, naf, size, town)
            counts["employers"] += 1
            _interactions(env, employer, _contacts(env, employer, env.rng.randint(1, 2)), counts)
            _job_offers(env, employer, romes, counts)
        if "employer" in structures:
            transports = _siae_profile(env, structures["employer"], "49.41A", "12")
            _interactions(env, transports, _contacts(env, transports, 1), counts)
            _job_offers(env, transports, ("N4101", "N4105"), counts)
            counts["employers"] += 1
        for key, organization in _catalogue_siae(env, structures).items():
            naf, size, positions = SIAE[key]
            siae = _siae_profile(env, organization, naf, size)
            _interactions(env, siae, _contacts(env, siae, 1), counts)
            _positions(env, siae, positions)
            counts["siae"] += 1
        pattern, naf, size, town, positions = EITI
        eiti = _employer(env, pattern.format(**env.words), Kind.SIAE_EITI, naf, size, town)
        _contacts(env, eiti, 1)
        _positions(env, eiti, positions)
        counts["siae"] += 1
    return counts
