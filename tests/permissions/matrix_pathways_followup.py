"""Matrix rows for the follow-up pages (référent's side): a person followed in the northern sector by
the world's référent, and the same records in the 79, which no 87 account may reach."""

import datetime

from django.utils import timezone

from pacte.organizations.enums import OrganizationKind, Role
from pacte.pathways.enums import ContractStatus
from pacte.pathways.models import PlanAction, PlanObjective
from tests.factories import DossierFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import (
    AppointmentFactory,
    ContractFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
)
from tests.permissions.loader import REDIRECT, Case, expect, uuid_of

NO_PATHWAYS = {
    "partner": 403,
    "employer_relations": 403,
    "pact_contributor": 403,
    "analyst": 403,
    "beneficiary": 403,
}
OUT_OF_SCOPE = expect(403, direction=404, orientation_agent=404, referent=404, superuser=200)
FOLLOWED = "personne suivie par le référent (secteur Nord)"
OTHER = "objet d'une personne du 79"


def _plan(person):
    objective = PlanObjective.objects.create(
        departement_code=person.departement_code, person=person, title="Retrouver un emploi", position=1
    )
    action = PlanAction.objects.create(
        departement_code=person.departement_code,
        person=person,
        objective=objective,
        title="Atelier CV",
        position=1,
    )
    return objective, action


def _records(prefix, person, orientation, organization, objects):
    objective, action = _plan(person)
    objects.update(
        {
            f"{prefix}_person": person,
            f"{prefix}_draft": ContractFactory(
                person=person, orientation=orientation, status=ContractStatus.DRAFT, signed_on=None
            ),
            f"{prefix}_signed": ContractFactory(
                person=person, orientation=orientation, signed_on=datetime.date(2025, 4, 20)
            ),
            f"{prefix}_objective": objective,
            f"{prefix}_action": action,
            f"{prefix}_appointment": AppointmentFactory(
                person=person,
                organization=organization,
                starts_at=timezone.now() - datetime.timedelta(hours=2),
            ),
        }
    )


def build(world):
    mdd = world.objects["mdd_north"]
    followed = PersonFactory(dossier=DossierFactory(territory=world.objects["territory_north"]))
    # Oriented by the world's agent, so that the followed person is also in the agent's scope.
    orientation = OrientationFactory(
        person=followed,
        body=mdd,
        decision_date=datetime.date(2025, 4, 1),
        decided_by=world.users["orientation_agent"],
    )
    ReferentAssignmentFactory(person=followed, referent=world.users["referent"], organization=mdd)
    _records("fu", followed, orientation, mdd, world.objects)
    mdd_79 = OrganizationFactory(
        name="Maison du département Niort",
        kind=OrganizationKind.MAISON_DEPARTEMENT,
        departement=world.objects["departement_79"],
    )
    referent_79 = MembershipFactory(role=Role.REFERENT, organization=mdd_79).user
    person_79 = PersonFactory(
        dossier=DossierFactory(departement_code="79", territory=world.objects["territory_79"])
    )
    orientation_79 = OrientationFactory(
        person=person_79, body=mdd_79, decision_date=datetime.date(2025, 4, 1)
    )
    ReferentAssignmentFactory(person=person_79, referent=referent_79, organization=mdd_79)
    _records("fu79", person_79, orientation_79, mdd_79, world.objects)
    world.objects["fu_referent"] = world.users["referent"]
    world.objects["fu79_referent"] = referent_79
    world.objects["fu79_organization"] = mdd_79


def _two(expected_followed, key, **kwargs):
    """The followed person's record, then the same record in the 79."""
    return [
        Case(expect(**NO_PATHWAYS, **expected_followed), uuid_of(f"fu_{key}", **kwargs), note=FOLLOWED),
        Case(OUT_OF_SCOPE, uuid_of(f"fu79_{key}", **kwargs), note=OTHER),
    ]


READERS = {"direction": 200, "orientation_agent": 200, "referent": 200, "superuser": 200}
FOLLOWERS = {"direction": 200, "orientation_agent": 403, "referent": 200, "superuser": 200}
ORIENTERS_AND_FOLLOWERS = {"direction": 200, "orientation_agent": 200, "referent": 200, "superuser": 200}


def _kind(kind, key):
    def kwargs(world):
        return {"kind": kind, "uuid": world.objects[key].uuid}

    kwargs.label = f"kind={kind}, uuid={key}"
    return kwargs


def _plan_rows(kind, key):
    return [
        Case(expect(**NO_PATHWAYS, **FOLLOWERS), _kind(kind, f"fu_{key}"), note=FOLLOWED),
        Case(OUT_OF_SCOPE, _kind(kind, f"fu79_{key}"), note=OTHER),
    ]


CASES = {
    "web:followup_caseload": Case(
        expect(403, referent=200, superuser=200, direction_87_referent_79=200), note="son propre portefeuille"
    ),
    "web:followup_caseloads": Case(expect(403, direction=200, superuser=200)),
    "web:followup_caseload_detail": [
        Case(expect(403, direction=200, superuser=200), uuid_of("fu_referent"), note="référent du 87"),
        Case(expect(403, direction=404, superuser=200), uuid_of("fu79_referent"), note="référent du 79"),
    ],
    "web:followup_caseload_transfer": [
        Case(expect(403, direction=200, superuser=200), uuid_of("fu_referent"), note="référent du 87"),
        Case(expect(403, direction=404, superuser=200), uuid_of("fu79_referent"), note="référent du 79"),
    ],
    "web:followup_late": Case(expect(403, **READERS)),
    "web:followup_inboxes": Case(expect(403, **READERS)),
    "web:followup_inbox": [
        Case(expect(403, **READERS), uuid_of("mdd_north"), note="structure de l'agent et du référent"),
        Case(
            expect(403, direction=200, orientation_agent=404, referent=404, superuser=200),
            uuid_of("association_87"),
            note="autre structure du 87",
        ),
        Case(OUT_OF_SCOPE, uuid_of("fu79_organization"), note="structure du 79"),
    ],
    "web:followup_inbox_assign": [
        Case(expect(405), uuid_of("mdd_north"), note="POST seulement"),
        Case(
            expect(**NO_PATHWAYS, direction=404, orientation_agent=404, referent=404, superuser=REDIRECT),
            uuid_of("fu79_organization"),
            method="post",
            note="structure du 79, corps vide",
        ),
    ],
    "web:followup_agenda": Case(
        expect(403, referent=200, superuser=200, direction_87_referent_79=200), note="son propre agenda"
    ),
    "web:followup_contracts_ending": Case(expect(403, direction=200, referent=200, superuser=200)),
    "web:followup_pathway": [
        *_two(READERS, "person"),
        Case(
            expect(**NO_PATHWAYS, direction=200, orientation_agent=404, referent=404, superuser=200),
            uuid_of("person_south"),
            note="personne d'un autre secteur, sans référent",
        ),
    ],
    "web:followup_referent": _two(ORIENTERS_AND_FOLLOWERS, "person"),
    "web:followup_contract_create": _two(FOLLOWERS, "person"),
    "web:followup_contract_edit": _two(FOLLOWERS, "draft"),
    "web:followup_contract_delete": _two(FOLLOWERS, "draft"),
    "web:followup_contract_sign": _two(FOLLOWERS, "draft"),
    "web:followup_contract_renew": _two(FOLLOWERS, "signed"),
    "web:followup_contract_end": _two(FOLLOWERS, "signed"),
    "web:followup_contract_pdf": _two(READERS, "draft"),
    "web:followup_objective_add": _two(FOLLOWERS, "person"),
    "web:followup_action_add": _two(FOLLOWERS, "objective"),
    "web:followup_plan_edit": [*_plan_rows("objectif", "objective"), *_plan_rows("action", "action")],
    "web:followup_plan_status": [
        Case(expect(405), _kind("action", "fu_action"), note="POST seulement"),
        Case(
            expect(**NO_PATHWAYS, direction=404, orientation_agent=404, referent=404, superuser=REDIRECT),
            _kind("action", "fu79_action"),
            method="post",
            note=f"{OTHER}, corps vide",
        ),
    ],
    "web:followup_appointment_add": _two(FOLLOWERS, "person"),
    "web:followup_appointments_ics": _two(READERS, "person"),
    "web:followup_appointment_attendance": _two(FOLLOWERS, "appointment"),
    "web:followup_appointment_cancel": _two(FOLLOWERS, "appointment"),
    "web:followup_reorientation": [
        Case(expect(403, referent=200), uuid_of("fu_person"), note=FOLLOWED),
        Case(
            expect(403, direction=404, orientation_agent=404, referent=404),
            uuid_of("fu79_person"),
            note=OTHER,
        ),
    ],
    "web:followup_exit": _two(ORIENTERS_AND_FOLLOWERS, "person"),
}
