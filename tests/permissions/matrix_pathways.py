"""Matrix rows for the pathways API: a person followed in the northern sector, and one of the 79."""

import datetime

from django.utils import timezone

from pacte.organizations.enums import OrganizationKind
from pacte.pathways.enums import ContractStatus
from pacte.pathways.models import ReorientationRequest
from pacte.pathways.services import add_objective
from tests.factories import DossierFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import (
    AppointmentFactory,
    ContractFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
)
from tests.permissions.loader import Case, expect, uuid_of

NO_PATHWAYS = {"partner": 403, "employer_relations": 403, "pact_contributor": 403, "analyst": 403}
READERS = {"direction": 200, "orientation_agent": 200, "referent": 200, "superuser": 200}
ACTION_GET = expect(405, anonymous=401, **NO_PATHWAYS)


def build(world):
    north = world.objects["territory_north"]
    mdd = world.objects["mdd_north"]
    followed = PersonFactory(dossier=DossierFactory(territory=north))
    # Oriented by the world's agent, so that the followed person is also in the agent's scope.
    orientation = OrientationFactory(
        person=followed,
        body=mdd,
        decision_date=datetime.date(2025, 4, 1),
        decided_by=world.users["orientation_agent"],
    )
    ReferentAssignmentFactory(person=followed, referent=world.users["referent"], organization=mdd)
    ft_79 = OrganizationFactory(
        name="France Travail Niort",
        kind=OrganizationKind.FRANCE_TRAVAIL,
        departement=world.objects["departement_79"],
    )
    person_79 = PersonFactory(
        dossier=DossierFactory(departement_code="79", territory=world.objects["territory_79"])
    )
    orientation_79 = OrientationFactory(person=person_79, body=ft_79, decision_date=datetime.date(2025, 4, 1))
    world.objects.update(
        pw_followed=followed,
        pw_contract=ContractFactory(
            person=followed, orientation=orientation, status=ContractStatus.DRAFT, signed_on=None
        ),
        pw_appointment=AppointmentFactory(person=followed, organization=mdd),
        pw_person_79=person_79,
        pw_proposal_79=OrientationFactory(
            person=PersonFactory(dossier=person_79.dossier, rsa_role="CJT"), body=ft_79, proposed=True
        ),
        pw_contract_79=ContractFactory(
            person=person_79, orientation=orientation_79, status=ContractStatus.DRAFT, signed_on=None
        ),
        pw_appointment_79=AppointmentFactory(
            person=person_79, organization=ft_79, starts_at=timezone.now() - datetime.timedelta(hours=2)
        ),
        pw_reorientation_79=_reorientation(person_79, orientation_79),
        pw_assignment_79=ReferentAssignmentFactory(
            person=person_79, organization=ft_79, start_date=datetime.date(2025, 4, 15)
        ),
        pw_objective_79=add_objective(actor=None, person=person_79, title="Objectif du 79"),
    )


def _reorientation(person, orientation):
    return ReorientationRequest.objects.create(
        departement_code=person.departement_code,
        person=person,
        current_orientation=orientation,
        requested_on=datetime.date(2025, 5, 1),
        reason="Demande de la personne",
        proposed_track="sociale",
        proposed_body_kind="departement",
    )


def _person_list(note):
    return [
        Case(
            expect(404, anonymous=401, **READERS, **NO_PATHWAYS),
            uuid_of("pw_followed", kwarg="id"),
            note=note,
        ),
        Case(
            expect(404, anonymous=401, superuser=200, **NO_PATHWAYS),
            uuid_of("pw_person_79", kwarg="id"),
            note="personne d'un autre département",
        ),
    ]


FOLLOWED = "personne suivie par le référent, orientée vers sa Maison du département"


def _person_list_and_record(note):
    return [
        *_person_list(note),
        Case(
            expect(404, anonymous=401, superuser=400, **NO_PATHWAYS),
            uuid_of("pw_person_79", kwarg="id"),
            method="post",
            note="personne d'un autre département, corps vide",
        ),
    ]


def _action(key, superuser_post):
    return [
        Case(ACTION_GET, uuid_of(key, kwarg="id"), note="POST seulement"),
        Case(
            expect(404, anonymous=401, superuser=superuser_post, **NO_PATHWAYS),
            uuid_of(key, kwarg="id"),
            method="post",
            note="objet d'un autre département, corps vide",
        ),
    ]


CASES = {
    "api:pathways-orientation-queue": Case(
        expect(403, anonymous=401, direction=200, orientation_agent=200, superuser=200)
    ),
    "api:pathways-person-orientations": _person_list(FOLLOWED),
    "api:pathways-person-contracts": _person_list(FOLLOWED),
    "api:pathways-person-appointments": _person_list(FOLLOWED),
    "api:pathways-person-timeline": _person_list(FOLLOWED),
    "api:pathways-orientation-decide": _action("pw_person_79", 400),
    "api:pathways-orientation-cohort": [
        Case(
            expect(403, anonymous=401, direction=405, orientation_agent=405, superuser=405),
            note="POST seulement",
        ),
        Case(
            expect(403, anonymous=401, direction=400, orientation_agent=400, superuser=400),
            method="post",
            note="corps vide",
        ),
    ],
    "api:pathways-orientation-validate": _action("pw_proposal_79", 200),
    "api:pathways-contract-sign": _action("pw_contract_79", 200),
    "api:pathways-appointment-attendance": _action("pw_appointment_79", 400),
    "api:pathways-reorientation-request": _action("pw_person_79", 403),
    "api:pathways-reorientation-decide": _action("pw_reorientation_79", 400),
    "api:pathways-referent-assign": _action("pw_person_79", 400),
    "api:pathways-referent-end": _action("pw_assignment_79", 400),
    "api:pathways-person-diagnostics": _person_list_and_record(FOLLOWED),
    "api:pathways-person-plan": _person_list(FOLLOWED),
    "api:pathways-plan-objective-add": _action("pw_person_79", 400),
    "api:pathways-plan-action-add": _action("pw_objective_79", 400),
    "api:pathways-plan-item-status": _action("pw_objective_79", 400),
    "api:pathways-person-exits": _person_list_and_record(FOLLOWED),
}
