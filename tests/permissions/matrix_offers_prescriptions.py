"""Matrix rows for the prescriptions: a person followed by the world's référent (oriented by the
world's agent) prescribed to an offer of the world's partner (open, and an older one closed), the
same person prescribed to another partner's offer, and a prescription of the 79."""

import datetime

from tests.factories import DossierFactory, OrganizationFactory, PersonFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79, REDIRECT, Case, expect, uuid_of

PRESCRIBERS = {"direction": 200, "orientation_agent": 200, "referent": 200, "superuser": 200}
NO_PEOPLE = {"employer_relations": 403, "pact_contributor": 403, "analyst": 403}
NOT_PRESCRIBERS = {"partner": 403, **NO_PEOPLE, "beneficiary": 403}
PARTNER_PAGES = expect(403, partner=200, superuser=200)


def build(world):
    association = world.objects["association_87"]
    mdd = world.objects["mdd_north"]
    followed = PersonFactory(dossier=DossierFactory(territory=world.objects["territory_north"]))
    OrientationFactory(
        person=followed,
        body=mdd,
        decision_date=datetime.date(2025, 4, 1),
        decided_by=world.users["orientation_agent"],
    )
    ReferentAssignmentFactory(person=followed, referent=world.users["referent"], organization=mdd)
    offer = OfferFactory(organization=association, name="Location de scooters")
    other_partner = OrganizationFactory(
        name="Auto-école sociale", departement=world.objects["departement_87"]
    )
    other_offer = OfferFactory(organization=other_partner, name="Permis accompagné")
    person_79 = world.objects["person_79"]
    offer_79 = OfferFactory(organization=world.objects["referent_body_79"], name="Atelier mobilité Niort")
    world.objects.update(
        rx_person=followed,
        rx_offer=offer,
        rx_open=PrescriptionFactory(person=followed, offer=offer, status="sent"),
        rx_closed=PrescriptionFactory(
            person=followed, offer=offer, status="completed", outcome="emploi", ended_on=datetime.date.today()
        ),
        rx_other_partner=PrescriptionFactory(person=followed, offer=other_offer, status="accepted"),
        rx_offer_79=offer_79,
        rx_79=PrescriptionFactory(person=person_79, offer=offer_79, status="sent"),
    )


DETAIL_OPEN = expect(404, beneficiary=403, partner=200, **PRESCRIBERS)
DETAIL_CLOSED = expect(404, beneficiary=403, **PRESCRIBERS)
DETAIL_79 = expect(404, beneficiary=403, superuser=200, **{DIRECTION_87_REFERENT_79: 404})

API_OPEN = expect(404, anonymous=401, partner=200, **PRESCRIBERS, **NO_PEOPLE)
API_CLOSED = expect(404, anonymous=401, **PRESCRIBERS, **NO_PEOPLE)
API_79 = expect(404, anonymous=401, superuser=200, **NO_PEOPLE, **{DIRECTION_87_REFERENT_79: 404})

CASES = {
    "web:person_offer_search": [
        Case(
            expect(404, **PRESCRIBERS, **NOT_PRESCRIBERS),
            uuid_of("rx_person"),
            note="personne suivie par le référent",
        ),
        Case(
            expect(404, superuser=200, **NOT_PRESCRIBERS, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of("person_79"),
            note="personne du 79",
        ),
    ],
    "web:prescription_create": [
        Case(
            expect(404, **NOT_PRESCRIBERS),
            uuid_of("rx_offer"),
            note="sans ?personne= : aucune personne, 404 ; les autres tests passent la personne",
        ),
        Case(
            expect(404, **NOT_PRESCRIBERS),
            uuid_of("rx_offer_79"),
            note="offre du 79",
        ),
    ],
    "web:prescription_detail": [
        Case(DETAIL_OPEN, uuid_of("rx_open"), note="prescription en cours vers l'offre du partenaire"),
        Case(DETAIL_CLOSED, uuid_of("rx_closed"), note="prescription close : le partenaire ne la voit plus"),
        Case(DETAIL_CLOSED, uuid_of("rx_other_partner"), note="prescription vers une autre structure"),
        Case(DETAIL_79, uuid_of("rx_79"), note="prescription du 79"),
        Case(
            expect(404, beneficiary=403, **dict.fromkeys([*PRESCRIBERS, "partner"], REDIRECT)),
            uuid_of("rx_open"),
            method="post",
            note="POST sans action : retour à la page",
        ),
    ],
    "web:prescriptions_received": [
        Case(PARTNER_PAGES),
        Case(expect(403, partner=REDIRECT, superuser=REDIRECT), method="post", note="POST sans prescription"),
    ],
    "web:prescriptions_attendance": [
        Case(PARTNER_PAGES),
        Case(expect(403, partner=REDIRECT, superuser=REDIRECT), method="post", note="POST d'une grille vide"),
    ],
    "api:prescription-list": Case(expect(200, anonymous=401, **NO_PEOPLE)),
    "api:prescription-detail": [
        Case(
            API_OPEN, uuid_of("rx_open", kwarg="id"), note="prescription en cours vers l'offre du partenaire"
        ),
        Case(API_CLOSED, uuid_of("rx_closed", kwarg="id"), note="prescription close"),
        Case(
            API_CLOSED, uuid_of("rx_other_partner", kwarg="id"), note="prescription vers une autre structure"
        ),
        Case(API_79, uuid_of("rx_79", kwarg="id"), note="prescription du 79"),
    ],
}
