"""Matrix rows for the offre d'insertion: a published offer of the 87's association, a draft of it,
and a published offer of the 79 (the API answers 401 to the anonymous)."""

from tests.offers.factories import OfferFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79, Case, expect, uuid_of

CATALOGUE_87 = {
    "direction": 200,
    "orientation_agent": 200,
    "referent": 200,
    "partner": 200,
    "employer_relations": 200,
    "pact_contributor": 200,
    "superuser": 200,
}


def build(world):
    world.objects.update(
        {
            "offer_87": OfferFactory(organization=world.objects["association_87"], name="Garage solidaire"),
            "offer_87_draft": OfferFactory(organization=world.objects["association_87"], status="draft"),
            "offer_79": OfferFactory(organization=world.objects["referent_body_79"], name="Atelier Niort"),
        }
    )


CASES = {
    "api:offer-list": Case(expect(200, anonymous=401)),
    "api:offer-detail": [
        Case(
            expect(404, anonymous=401, **CATALOGUE_87), uuid_of("offer_87", kwarg="id"), note="offre publiée"
        ),
        Case(
            expect(404, anonymous=401, direction=200, partner=200, superuser=200),
            uuid_of("offer_87_draft", kwarg="id"),
            note="brouillon de la structure du partenaire",
        ),
        Case(
            expect(404, anonymous=401, superuser=200, **{DIRECTION_87_REFERENT_79: 200}),
            uuid_of("offer_79", kwarg="id"),
            note="offre publiée du 79, catalogue du référent du 79",
        ),
    ],
}
