"""Matrix rows for the matching pages and the employment project (docs/decisions/014-matching.md).

A person of the northern sector followed by the world's référent, with an employment project; a
person of the 87 with a project whom nobody follows; a person of the 79 with a project; a job offer
and a SIAE position of each département. A person's matches: the direction, the référent (their
own people) and the employer-relations officer (the people of the département with a project);
an offer's matching people: the direction and the employer-relations officer; the project's form:
whoever follows the person (référent, direction). Everything of the 79: 404 for the 87's accounts.
"""

from pacte.employment.models import InsertionPosition
from pacte.organizations.enums import OrganizationKind
from pacte.pathways.services import record_employment_project
from tests.employment.factories import EmployerProfileFactory, JobOfferFactory, RomeAppellationFactory
from tests.factories import CommuneFactory, DossierFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import ReferentAssignmentFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79, Case, expect, uuid_of

FORBIDDEN = 403
PERSON_READERS = {"direction": 200, "referent": 200, "employer_relations": 200, "superuser": 200}
RELATIONS = {"direction": 200, "employer_relations": 200, "superuser": 200}
FOLLOWERS = {"direction": 200, "referent": 200, "superuser": 200}


def _with_project(person, appellation):
    record_employment_project(actor=None, person=person, romes=[appellation.rome], mobility_radius_km=30)
    return person


def _position(siae, appellation, commune):
    return InsertionPosition.objects.create(
        departement_code=siae.departement_code,
        employer=siae,
        rome=appellation.rome,
        appellation=appellation,
        label="Agent d'entretien des espaces verts",
        positions=2,
        weekly_hours=26,
        commune=commune,
        latitude=commune.latitude,
        longitude=commune.longitude,
    )


def build(world):
    objects = world.objects
    haute_vienne, deux_sevres = objects["departement_87"], objects["departement_79"]
    appellation = RomeAppellationFactory()
    commune_87 = CommuneFactory(insee_code="87085", departement=haute_vienne)
    commune_79 = CommuneFactory(insee_code="79191", departement=deux_sevres, latitude=46.32, longitude=-0.46)
    followed = PersonFactory(dossier=DossierFactory(territory=objects["territory_north"], commune=commune_87))
    ReferentAssignmentFactory(
        person=followed, referent=world.users["referent"], organization=objects["mdd_north"]
    )
    unfollowed = PersonFactory(
        dossier=DossierFactory(territory=objects["territory_south"], commune=commune_87)
    )
    person_79 = PersonFactory(
        dossier=DossierFactory(departement_code="79", territory=objects["territory_79"], commune=commune_79)
    )
    employer_87 = EmployerProfileFactory(
        organization=OrganizationFactory(
            name="Rénov 87", kind=OrganizationKind.EMPLOYER, departement=haute_vienne
        )
    )
    employer_79 = EmployerProfileFactory(
        organization=OrganizationFactory(
            name="Rénov 79", kind=OrganizationKind.EMPLOYER, departement=deux_sevres
        )
    )
    siae_87, siae_79 = (
        EmployerProfileFactory(
            organization=OrganizationFactory(
                name=name, kind=OrganizationKind.SIAE_ACI, departement=departement
            )
        )
        for name, departement in (("Chantier 87", haute_vienne), ("Chantier 79", deux_sevres))
    )
    objects.update(
        mt_followed=_with_project(followed, appellation),
        mt_unfollowed=_with_project(unfollowed, appellation),
        mt_person_79=_with_project(person_79, appellation),
        mt_offer_87=JobOfferFactory(employer=employer_87, appellation=appellation, commune=commune_87),
        mt_offer_79=JobOfferFactory(employer=employer_79, appellation=appellation, commune=commune_79),
        mt_position_87=_position(siae_87, appellation, commune_87),
        mt_position_79=_position(siae_79, appellation, commune_79),
    )


def _pair(allowed, key_87, key_79, *, note_87, note_79, out_of_scope):
    return [
        Case(expect(FORBIDDEN, **allowed), uuid_of(key_87), note=note_87),
        Case(
            expect(FORBIDDEN, **out_of_scope, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of(key_79),
            note=note_79,
        ),
    ]


def _out(allowed):
    return {role: 200 if role == "superuser" else 404 for role in allowed}


CASES = {
    "web:employment_person_matches": [
        *_pair(
            PERSON_READERS,
            "mt_followed",
            "mt_person_79",
            note_87="personne suivie par le référent, avec un projet",
            note_79="personne du 79 avec un projet",
            out_of_scope=_out(PERSON_READERS),
        ),
        Case(
            expect(FORBIDDEN, **(PERSON_READERS | {"referent": 404})),
            uuid_of("mt_unfollowed"),
            note="personne du 87 avec un projet, suivie par personne",
        ),
        Case(
            expect(FORBIDDEN, direction=200, superuser=200, referent=404, employer_relations=404),
            uuid_of("person_north"),
            note="personne du 87 sans projet d'emploi",
        ),
    ],
    "web:employment_offer_matches": _pair(
        RELATIONS,
        "mt_offer_87",
        "mt_offer_79",
        note_87="offre du 87",
        note_79="offre du 79",
        out_of_scope=_out(RELATIONS),
    ),
    "web:employment_position_matches": _pair(
        RELATIONS,
        "mt_position_87",
        "mt_position_79",
        note_87="poste d'insertion du 87",
        note_79="poste d'insertion du 79",
        out_of_scope=_out(RELATIONS),
    ),
    "web:employment_project_edit": [
        *_pair(
            FOLLOWERS,
            "mt_followed",
            "mt_person_79",
            note_87="personne suivie par le référent",
            note_79="personne du 79",
            out_of_scope=_out(FOLLOWERS),
        ),
        Case(
            expect(FORBIDDEN, **(FOLLOWERS | {"referent": 404})),
            uuid_of("mt_unfollowed"),
            note="personne du 87 suivie par personne",
        ),
    ],
}
