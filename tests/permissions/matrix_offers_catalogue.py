"""Matrix rows for the catalogue pages: a published offer and a draft of the 87's association, a
published offer of the 79, one session of each published offer. The catalogue is for the roles
that work with offers (not the analyst nor the beneficiary); writes for the offer's organisation's
partners and its département's direction; what a user reads but may not change answers 403,
what it may not read 404."""

import datetime

from pacte.offers.models import OfferSession
from tests.offers.factories import OfferFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79, REDIRECT, Case, expect

DUAL = DIRECTION_87_REFERENT_79
NO_CATALOGUE = {"analyst": 403, "beneficiary": 403}
READERS_87 = {
    "direction": 200,
    "orientation_agent": 200,
    "referent": 200,
    "partner": 200,
    "employer_relations": 200,
    "pact_contributor": 200,
    "superuser": 200,
}
AUTHORS = {"direction": 200, "partner": 200, "superuser": 200}


def build(world):
    today = datetime.date.today()
    objects = world.objects
    objects["cat_offer_87"] = OfferFactory(organization=objects["association_87"], name="Atelier vélo")
    objects["cat_draft_87"] = OfferFactory(organization=objects["association_87"], status="draft")
    objects["cat_offer_79"] = OfferFactory(organization=objects["referent_body_79"], name="Atelier Parthenay")
    for key in ("87", "79"):
        offer = objects[f"cat_offer_{key}"]
        objects[f"cat_session_{key}"] = OfferSession.objects.create(
            offer=offer,
            departement_code=offer.departement_code,
            start_date=today + datetime.timedelta(days=9),
        )


def offer(key):
    def kwargs(world):
        return {"uuid": world.objects[key].uuid}

    kwargs.label = f"uuid={key}"
    return kwargs


def session(key):
    def kwargs(world):
        target = world.objects[f"cat_session_{key}"]
        return {"uuid": target.offer.uuid, "session_uuid": target.uuid}

    kwargs.label = f"uuid=cat_offer_{key}, session_uuid=cat_session_{key}"
    return kwargs


# Writes: the 87's published offer is read by every catalogue role, changed by its authors only.
EDIT_87 = expect(403, **AUTHORS)
EDIT_DRAFT_87 = expect(404, **NO_CATALOGUE, **AUTHORS)
# The 79's offer: read by the account that is référent there, changed by no one of the 87.
EDIT_79 = expect(404, **NO_CATALOGUE, superuser=200, **{DUAL: 403})


def _edit_rows(kwargs_of):
    return [
        Case(EDIT_87, kwargs_of("87"), note="offre publiée de l'association du partenaire"),
        Case(EDIT_79, kwargs_of("79"), note="offre publiée du 79"),
    ]


CASES = {
    "web:offer_list": Case(expect(403, **READERS_87, **{DUAL: 200})),
    "web:offer_export": Case(expect(403, **READERS_87, **{DUAL: 200})),
    "web:offer_create": Case(expect(403, **AUTHORS, **{DUAL: 200})),
    "web:partner_offers": Case(expect(403, **AUTHORS, **{DUAL: 200})),
    "web:offer_detail": [
        Case(expect(403, **READERS_87), offer("cat_offer_87"), note="offre publiée du 87"),
        Case(
            expect(404, **NO_CATALOGUE, **AUTHORS),
            offer("cat_draft_87"),
            note="brouillon de la structure du partenaire",
        ),
        Case(
            expect(404, **NO_CATALOGUE, superuser=200, **{DUAL: 200}),
            offer("cat_offer_79"),
            note="offre publiée du 79, catalogue du référent du 79",
        ),
    ],
    "web:offer_edit": [
        *_edit_rows(lambda key: offer(f"cat_offer_{key}")),
        Case(EDIT_DRAFT_87, offer("cat_draft_87"), note="brouillon de la structure du partenaire"),
    ],
    "web:offer_status": [
        Case(expect(405), offer("cat_offer_87"), note="POST seulement"),
        Case(
            expect(404, **NO_CATALOGUE, superuser=REDIRECT, **{DUAL: 403}),
            offer("cat_offer_79"),
            method="post",
            note="offre du 79, corps vide",
        ),
    ],
    "web:offer_session_create": _edit_rows(lambda key: offer(f"cat_offer_{key}")),
    "web:offer_session_edit": _edit_rows(session),
    "web:offer_session_delete": [
        Case(expect(405), session("87"), note="POST seulement"),
        Case(
            expect(404, **NO_CATALOGUE, superuser=REDIRECT, **{DUAL: 403}),
            session("79"),
            method="post",
            note="session du 79",
        ),
    ],
}
