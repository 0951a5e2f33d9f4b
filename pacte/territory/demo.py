"""Plausible territories of action for the demo, built from the EPCI (the real sectors of the
Maisons du département are not public). They are flagged `is_demo` and shown as such."""

from django.db import transaction
from django.utils.text import slugify

from pacte.territory.models import Commune, Epci, Site, Territory
from pacte.territory.services import move_communes

PREFIXES = ("CA du ", "CA de ", "CA ", "CC du ", "CC de la ", "CC de l'", "CC des ", "CC de ", "CC ", "CU ")


def short_name(epci_name):
    for prefix in PREFIXES:
        if epci_name.startswith(prefix):
            return epci_name[len(prefix) :]
    return epci_name


@transaction.atomic
def build_demo_territories(departement):
    """One territory per EPCI of the département, each with a site in its most populated commune;
    a commune already in a territory stays there."""
    created = 0
    epcis = Epci.objects.filter(communes__departement=departement).distinct().order_by("siren")
    for epci in epcis:
        name = f"Secteur {short_name(epci.name)}"
        territory, was_created = Territory.objects.get_or_create(
            departement=departement, code=slugify(name)[:50], defaults={"name": name, "is_demo": True}
        )
        created += was_created
        communes = Commune.objects.filter(departement=departement, epci=epci)
        move_communes(actor=None, territory=territory, communes=communes.filter(territory=None))
        seat = communes.order_by("-population", "insee_code").first()
        if seat is not None:
            Site.objects.get_or_create(
                territory=territory,
                name=f"Maison du département de {seat.name}",
                defaults={
                    "commune": seat,
                    "address": f"1 place de la Mairie, {seat.postcodes[0] if seat.postcodes else ''} {seat.name}",
                    "latitude": seat.latitude,
                    "longitude": seat.longitude,
                },
            )
    return created
