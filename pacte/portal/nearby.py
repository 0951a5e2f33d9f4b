"""What the space proposes to a person: the insertion offers near home that answer their barriers,
and the job offers and SIAE positions that match their employment project."""

from django.utils import timezone

from pacte.employment.matching import matches_for_person
from pacte.offers.models import Offer
from pacte.offers.search import matching, near_or_remote
from pacte.pathways.enums import BarrierLevel
from pacte.pathways.models import DiagnosticBarrier

RADIUS_KM = 30
LIMIT = 20


def barrier_themes(person):
    """The themes of the barriers of the person's latest diagnostic that weigh on them."""
    links = DiagnosticBarrier.objects.filter(
        diagnostic__in=person.diagnostics.latest_per_person(), diagnostic__person=person
    ).exclude(level=BarrierLevel.NO_IMPACT)
    return sorted(set(links.values_list("barrier__theme", flat=True)))


def offers_near(person):
    """(offers nearest first with `distance_km`, themes searched); none without a known commune."""
    commune = person.dossier.commune
    themes = barrier_themes(person)
    if commune is None or commune.latitude is None:
        return [], themes
    offers = Offer.objects.published().filter(departement_code=person.departement_code)
    if themes:
        offers = matching(offers, themes=themes)
    found = near_or_remote(offers, commune=commune, radius_km=RADIUS_KM).select_related(
        "organization", "commune"
    )
    return list(found[:LIMIT]), themes


def jobs_for(person):
    return matches_for_person(person, today=timezone.localdate())[:LIMIT]
