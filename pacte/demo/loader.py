"""Loads the demo: reference data, plausible territories, organisations and accounts, people, their
pathways and invitations, the catalogue of offers and its prescriptions, the employers with their
offers, positionings, immersions and clauses, and the pacts."""

from django.utils import timezone

from pacte.demo import (
    employment,
    employment_people,
    employment_placements,
    invitations,
    offer_prescriptions,
    offers,
    pathways,
    people,
    structures,
)
from pacte.evaluation.pact_indicators import compute_pact
from pacte.pact.enums import PactStatus
from pacte.pact.loader import load_demo_pacts
from pacte.pact.models import Pact
from pacte.referentials.loaders import load_nomenclatures, load_rome
from pacte.territory import loaders as territory_loaders
from pacte.territory.demo import build_demo_territories
from pacte.territory.models import Departement

DEFAULT_HOUSEHOLDS = {"87": 10_000, "79": 6_500}


def load_demo(*, households=None, log=print):
    """Idempotent: running it again changes nothing that is already there."""
    log("Référentiels : communes, EPCI, ROME, freins…")
    territory_loaders.load_departements()
    territory_loaders.load_communes(departements=list(structures.DEPARTEMENTS))
    load_rome()
    load_nomenclatures()
    sizes = dict(DEFAULT_HOUSEHOLDS)
    if households:
        # --households sets Haute-Vienne's size; Deux-Sèvres keeps the real proportion.
        sizes = {"87": households, "79": max(1, round(households * 6_500 / 10_000))}
    accounts = []
    for code in structures.DEPARTEMENTS:
        departement = Departement.objects.get(code=code)
        log(f"{departement.name} : territoires, structures et comptes…")
        build_demo_territories(departement)
        built = structures.build_structures(code)
        accounts += structures.build_accounts(code, built)
        accounts += _load_people(code, built, sizes[code], log)
        pathways.load_pathways(code, built, log)
        invitations.load_invitations(code, log)
        offers.load_offers(code, built, log)
        offer_prescriptions.load_prescriptions(code, built, log)
        # After the catalogue: its SIAE become employers.
        employment.load_employers(code, built, log)
        employment_people.load_projects(code, log)
        employment_placements.load_placements(code, built, log)
    load_demo_pacts(log)
    _compute_pact_indicators(log)
    return accounts


def _compute_pact_indicators(log):
    """The running pacts' computed indicators for their current year, from the demo's data."""
    today = timezone.localdate()
    for pact in Pact.objects.filter(status=PactStatus.ADOPTED, start_year__lte=today.year):
        year = min(today.year, pact.end_year)
        log(f"Indicateurs calculés du pacte {pact.slug} ({year})…")
        compute_pact(actor=None, pact=pact, year=year, today=today)


def _load_people(code, built, households, log):
    """The CAF files of the département, imported as the département would receive them."""
    return people.load_people(code, built, households=households, log=log)


def describe_accounts(accounts, bind):
    lines = [
        "",
        f"Démonstration prête : http://{bind}/",
        f"Mot de passe de tous les comptes : {structures.DEMO_PASSWORD}",
        "Les rôles qui lisent le NIR ou la santé demandent un code à 6 chiffres :",
        "  obtenez-le avec « .venv/bin/pacte demo-otp ADRESSE » (ou ajoutez la clé dans votre application).",
        "",
    ]
    for account in accounts:
        extra = f"  clé TOTP {account['totp_secret']}" if "totp_secret" in account else ""
        lines.append(f"  {account['role']:<20} {account['email']:<45} {account['organisation']}{extra}")
    return "\n".join(lines) + "\n"
