"""The demo catalogue of the offre d'insertion: about 150 offers per département from partner
organisations of the kinds the pacts name, in real communes (weighted towards the larger towns,
spread over the territories of action), written through the offers services; then prescriptions
at every stage for the persons the demo's référents follow (`offer_prescriptions`).

Deterministic (seeded) and idempotent: once a département has the demo's offers, none is added.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from pacte.demo import offer_catalogue as catalogue
from pacte.demo.structures import demo_email
from pacte.offers import services
from pacte.offers.enums import FundingKind, OfferStatus
from pacte.offers.models import Offer
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization, User
from pacte.territory.models import Commune

SEEDS = {"87": 87_0411, "79": 79_0411}
OFFERS_PER_DEPARTEMENT = 150
# Shares of the statuses, and of the published offers nobody has updated for six months.
STATUS_WEIGHTS = {OfferStatus.PUBLISHED: 86, OfferStatus.DRAFT: 8, OfferStatus.ARCHIVED: 6}
STALE_SHARE = 0.08
REMOTE_SHARE = 0.3  # of the offers whose kind may be given at a distance
FUNDING_WEIGHTS = {
    FundingKind.FSE_PLUS: 35,
    FundingKind.CALL_FOR_PROJECTS: 35,
    FundingKind.CONVENTION: 25,
    "": 5,
}


class Catalogue:
    """The département's partners and communes, and the draws that place and describe an offer."""

    def __init__(self, code, structures, rng):
        self.code, self.rng = code, rng
        self.communes = list(
            Commune.objects.filter(departement_id=code).exclude(latitude=None).order_by("insee_code")
        )
        self.by_insee = {commune.insee_code: commune for commune in self.communes}
        self.by_territory = {}
        for commune in self.communes:
            self.by_territory.setdefault(commune.territory_id, []).append(commune)
        self.partners = self._partners(structures)

    def _partners(self, structures):
        """[(organization, themes, weight, local)]: the demo's structures, then the catalogue's."""
        found = []
        for key, (themes, weight) in catalogue.EXISTING_THEMES.items():
            if key in structures:
                found.append((structures[key], themes, weight, key == "ccas"))
        names = {commune.insee_code: commune.name for commune in self.communes}
        for partner in catalogue.partners(self.code, names):
            commune = self.by_insee.get(partner.insee)
            organization, _ = Organization.objects.get_or_create(
                departement_id=self.code,
                kind=partner.kind,
                name=partner.name,
                defaults={
                    "commune": commune,
                    "territory_id": commune.territory_id if commune else None,
                    "address": self.address(commune) if commune else "",
                    "email": f"contact@{slugify(partner.name)[:40]}.example.org",
                    "phone": self.phone(),
                },
            )
            found.append((organization, partner.themes, partner.weight, partner.local))
        return found

    def phone(self):
        return f"{catalogue.FICTION_PHONE_PREFIX} {self.rng.randint(0, 99):02d} {self.rng.randint(0, 99):02d}"

    def address(self, commune):
        return f"{self.rng.randint(1, 48)} {self.rng.choice(catalogue.STREETS)}"

    def _weighted(self, communes):
        return self.rng.choices(communes, [max(commune.population, 50) ** 0.9 for commune in communes])[0]

    def commune(self, organization, local):
        """A local structure works near its seat; the others anywhere, a territory then a town."""
        home = organization.commune if organization.commune_id in self.by_insee else None
        if local and home is not None:
            if self.rng.random() < 0.45:
                return home
            return self._weighted(self.by_territory.get(home.territory_id) or self.communes)
        territories = sorted(self.by_territory, key=lambda pk: (pk is None, pk or 0))
        sizes = [sum(c.population for c in self.by_territory[pk]) ** 0.5 for pk in territories]
        return self._weighted(self.by_territory[self.rng.choices(territories, sizes)[0]])

    def contact(self):
        first, last = self.rng.choice(catalogue.CONTACT_FIRST), self.rng.choice(catalogue.CONTACT_LAST)
        return {
            "contact_name": f"{first} {last}",
            "contact_email": f"{slugify(first)}.{slugify(last)}@example.org",
            "contact_phone": self.phone(),
        }


def _funding(rng, code, kind):
    year = rng.choice([2025, 2026])
    return {
        FundingKind.FSE_PLUS: f"FSE+ 2021-2027, volet inclusion — opération {year}-{code}-{rng.randint(100, 999)}",
        FundingKind.CALL_FOR_PROJECTS: f"Appel à projets insertion {year} du Département",
        FundingKind.CONVENTION: f"Convention pluriannuelle d'objectifs {year}-{year + 2}",
        "": "",
    }[kind]


def _between(rng, bounds):
    return rng.randint(*bounds) if bounds else None


def _reception_modes(template, remote_only):
    if remote_only:
        return ["a-distance"]
    return ["en-presentiel", "a-distance"] if template.remote else ["en-presentiel"]


def _fields(catalogue_, template, organization, local, commune, remote_only):
    """The fields of one offer, for `services.create_offer`."""
    rng, code = catalogue_.rng, catalogue_.code
    funding = rng.choices(list(FUNDING_WEIGHTS), list(FUNDING_WEIGHTS.values()))[0]
    hours = _between(rng, template.hours)
    if remote_only:
        commune = organization.commune if organization.commune_id in catalogue_.by_insee else commune
    zone = [commune.epci_id] if local and commune.epci_id and not remote_only else [code]
    return {
        "name": f"{template.name} — {commune.name}" if not remote_only else f"{template.name} (à distance)",
        "description": template.description,
        "service_type": template.service_type,
        "thematiques": list(template.thematiques),
        "publics": list(template.publics),
        "access_conditions": template.access,
        "fees": template.fees,
        "fees_details": template.fees_details,
        "reception_modes": _reception_modes(template, remote_only),
        "mobilisation_modes": ["telephoner", "envoyer-un-courriel"]
        + (["se-presenter"] if rng.random() < 0.4 and not remote_only else []),
        "eligibility_zone": zone,
        "weekly_hours": Decimal(hours) if hours is not None else None,
        "weeks": _between(rng, template.weeks),
        "aims": list(template.aims),
        "address": "" if remote_only else catalogue_.address(commune),
        "commune": commune,
        "is_remote_only": remote_only,
        "capacity": _between(rng, template.capacity),
        "funding_kind": funding,
        "funding_reference": _funding(rng, code, funding),
        **catalogue_.contact(),
    }


def _sessions(actor, offer, template, rng, today):
    """A past session, the running one and often one to come; an archived offer's are all past,
    a draft's first one is still to come."""
    if not template.sessions:
        return
    length = datetime.timedelta(weeks=offer.weeks or 4)
    past = today - datetime.timedelta(days=rng.randint(200, 320))
    running = today - datetime.timedelta(days=rng.randint(10, 45))
    coming = today + datetime.timedelta(days=rng.randint(10, 70))
    starts = {
        OfferStatus.ARCHIVED: [past],
        OfferStatus.DRAFT: [coming],
        OfferStatus.PUBLISHED: [past, running] + ([coming] if rng.random() < 0.7 else []),
    }[offer.status]
    for start in starts:
        end = start + length - datetime.timedelta(days=3)
        if start == past:  # that one is over
            end = min(end, today - datetime.timedelta(days=rng.randint(5, 30)))
        services.add_session(
            actor=actor,
            offer=offer,
            start_date=start,
            end_date=end,
            place=f"{offer.address}, {offer.commune.name}" if offer.address else "",
            commune=offer.commune,
            capacity=offer.capacity,
        )


def _actors(code):
    """The partner demo account writes its own structure's offers, the direction the others'."""
    return (
        User.objects.get(email=demo_email(Role.PARTNER, code)),
        User.objects.get(email=demo_email(Role.DIRECTION, code)),
    )


def _draws(catalogue_, count):
    """(organization, local, template, commune, remote only) of `count` offers, no name twice."""
    rng, seen, draws = catalogue_.rng, set(), []
    weights = [weight for _, _, weight, _ in catalogue_.partners]
    while len(draws) < count:
        organization, themes, _, local = rng.choices(catalogue_.partners, weights)[0]
        template = rng.choice(catalogue.TEMPLATES[rng.choice(themes)])
        commune = catalogue_.commune(organization, local)
        remote_only = template.remote and rng.random() < REMOTE_SHARE
        key = (template.name, "à distance" if remote_only else commune.insee_code)
        if key in seen:
            continue
        seen.add(key)
        draws.append((organization, local, template, commune, remote_only))
    return draws


def _age(offers, rng, now):
    """The offers' history: created and last updated in the past months, some untouched for more
    than six months (the reminder command's work); `auto_now` would date them all today."""
    for offer in offers:
        stale = offer.status == OfferStatus.PUBLISHED and rng.random() < STALE_SHARE
        updated = now - datetime.timedelta(days=rng.randint(190, 420) if stale else rng.randint(1, 150))
        created = updated - datetime.timedelta(days=rng.randint(0, 200))
        Offer.objects.filter(pk=offer.pk).update(updated_at=updated, created_at=created)


def demo_offers(code):
    partner, direction = _actors(code)
    return Offer.objects.filter(departement_code=code, created_by__in=[partner, direction])


def load_offers(code, structures, log, *, count=OFFERS_PER_DEPARTEMENT):
    """The département's catalogue; returns the number of offers created (0 once it exists)."""
    if demo_offers(code).exists():
        return 0
    log("Offre d'insertion de démonstration : structures partenaires, offres, sessions…")
    rng = random.Random(SEEDS.get(code, 0))
    today, now = timezone.localdate(), timezone.now()
    partner, direction = _actors(code)
    own = structures.get("association")
    created = []
    with transaction.atomic():
        catalogue_ = Catalogue(code, structures, rng)
        for organization, local, template, commune, remote_only in _draws(catalogue_, count):
            actor = partner if organization == own else direction
            offer = services.create_offer(
                actor=actor,
                organization=organization,
                **_fields(catalogue_, template, organization, local, commune, remote_only),
            )
            status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
            if status != OfferStatus.DRAFT:
                services.set_status(actor=actor, offer=offer, status=OfferStatus.PUBLISHED)
            if status == OfferStatus.ARCHIVED:
                services.set_status(actor=actor, offer=offer, status=OfferStatus.ARCHIVED)
            if status == OfferStatus.PUBLISHED and rng.random() < 0.2:
                Offer.objects.filter(pk=offer.pk).update(waiting_list=rng.randint(1, 12))
            _sessions(actor, offer, template, rng, today)
            created.append(offer)
        _age(created, rng, now)
    return len(created)


def theme_of(offer):
    """The catalogue's theme of a demo offer (from its template's name)."""
    for theme, templates in catalogue.TEMPLATES.items():
        if any(offer.name.startswith(template.name) for template in templates):
            return theme
    return ""
