"""Matrix rows for the positioning pages and API: a person of the 87 (followed by the world's
référent, in the southern sector the orientation agent does not cover) positioned on the 87's job
offer, the 79's person on the 79's offer, and a SIAE insertion position in each département.

The direction and the employer-relations officers read the positionings of their département;
référents and orientation agents those of the persons they read; every other role answers 403, an
out-of-scope object 404. The forms open with no person chosen (the matrix sends no `?person=`)."""

from pacte.employment.models import InsertionPosition, Positioning
from pacte.organizations.enums import OrganizationKind
from tests.employment.factories import EmployerProfileFactory, RomeAppellationFactory
from tests.factories import DossierFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import ReferentAssignmentFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79, Case, expect, uuid_of

READERS = {
    "direction": 200,
    "employer_relations": 200,
    "orientation_agent": 200,
    "referent": 200,
    "superuser": 200,
}
OTHER_DEPARTEMENT = {
    "direction": 404,
    "employer_relations": 404,
    "orientation_agent": 404,
    "referent": 404,
    "superuser": 200,
}
# A positioning of the 87 whose person the world's orientation agent does not read.
FOLLOWERS = {**READERS, "orientation_agent": 404}


def _position(employer):
    appellation = RomeAppellationFactory()
    return InsertionPosition.objects.create(
        departement_code=employer.departement_code,
        employer=employer,
        rome=appellation.rome,
        appellation=appellation,
        positions=3,
        weekly_hours=26,
    )


def _positioning(person, offer):
    return Positioning.objects.create(
        departement_code=person.departement_code,
        person=person,
        job_offer=offer,
        programme="common_law",
        proposed_on=offer.opened_on,
    )


def build(world):
    objects = world.objects
    followed = PersonFactory(dossier=DossierFactory(territory=objects["territory_south"]))
    ReferentAssignmentFactory(
        person=followed, referent=world.users["referent"], organization=objects["mdd_north"]
    )
    siae_79 = EmployerProfileFactory(
        organization=OrganizationFactory(
            name="Ressourcerie du Marais",
            kind=OrganizationKind.SIAE_ACI,
            departement=objects["departement_79"],
        )
    )
    objects.update(
        {
            "positioned_87": followed,
            "positioning_87": _positioning(followed, objects["job_offer_87"]),
            "positioning_79": _positioning(objects["person_79"], objects["job_offer_79"]),
            "position_87": _position(objects["siae_87"]),
            "position_79": _position(siae_79),
        }
    )


def _pair(key_87, key_79, in_87=READERS, note_87="du 87", note_79="du 79", kwarg="uuid", api=False):
    """The object of the 87 and the one of the 79; the direction of the 87 who is référent in the 79
    reads the 79's offers and positions (not its persons)."""
    extra = {"anonymous": 401} if api else {}
    return [
        Case(expect(403, **in_87, **extra), uuid_of(key_87, kwarg), note=note_87),
        Case(
            expect(
                403,
                **OTHER_DEPARTEMENT,
                **extra,
                **{DIRECTION_87_REFERENT_79: 200 if in_87 is READERS else 404},
            ),
            uuid_of(key_79, kwarg),
            note=note_79,
        ),
    ]


CASES = {
    "web:employment_positioning_create": _pair("job_offer_87", "job_offer_79", note_87="offre du 87"),
    "web:employment_offer_positionings": _pair("job_offer_87", "job_offer_79", note_87="offre du 87"),
    "web:employment_position_positioning_create": _pair("position_87", "position_79", note_87="poste du 87"),
    "web:employment_positioning_list": Case(expect(403, **READERS)),
    "web:employment_positioning_detail": _pair("positioning_87", "positioning_79", FOLLOWERS),
    "web:employment_positioning_interview": _pair("positioning_87", "positioning_79", FOLLOWERS),
    "web:employment_positioning_hire": _pair("positioning_87", "positioning_79", FOLLOWERS),
    "web:employment_positioning_not_retained": _pair("positioning_87", "positioning_79", FOLLOWERS),
    "api:positioning-list": Case(expect(403, anonymous=401, **READERS)),
    "api:positioning-detail": _pair("positioning_87", "positioning_79", FOLLOWERS, kwarg="id", api=True),
}
