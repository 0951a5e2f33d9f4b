"""The API fuzzed by schemathesis from its own OpenAPI schema (`/api/v1/schema/`), as each role:
no answer is a server error, every answer conforms to the schema, and no object of another
département ever answers with success, whatever the body."""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks as st_checks

from pacte.employment.models import Positioning
from pacte.organizations.enums import OrganizationKind, OrientationBodyKind
from pacte.organizations.perms import requires_two_factor
from pacte.organizations.services import issue_token
from pacte.pathways.enums import ContractStatus, Track
from pacte.pathways.services import plan, reorientation
from tests.employment.factories import EmployerProfileFactory, JobOfferFactory
from tests.employment.placement_factories import ImmersionFactory, SocialClauseFactory, TutoringFactory
from tests.factories import CommuneFactory, DossierFactory, OrganizationFactory, PersonFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pathways.factories import (
    AppointmentFactory,
    ContractFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
)
from tests.permissions.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Every role that may hold a token, and the superuser; the anonymous client below.
ROLES = [
    "direction",
    "orientation_agent",
    "referent",
    "partner",
    "employer_relations",
    "pact_contributor",
    "analyst",
    "beneficiary",
]
# Cases drawn per operation and role: enough to reach every answer of every operation without
# making the suite slow (about 30 requests a second here); the seed is fixed, so a failure repeats.
EXAMPLES = 3


def out_of_scope_objects(world):
    """One object of each kind an API path names, all in the 79 where the accounts do not work."""
    departement = world.objects["departement_79"]
    body = OrganizationFactory(
        name="France Travail Niort", kind=OrganizationKind.FRANCE_TRAVAIL, departement=departement
    )
    person = PersonFactory(
        dossier=DossierFactory(departement_code="79", territory=world.objects["territory_79"])
    )
    orientation = OrientationFactory(person=person, body=body, decision_date=datetime.date(2025, 4, 1))
    objective = plan.add_objective(actor=None, person=person, title="Permis de conduire")
    job_offer = JobOfferFactory(
        employer=EmployerProfileFactory(
            organization=OrganizationFactory(kind=OrganizationKind.EMPLOYER, departement=departement)
        ),
        commune=CommuneFactory(insee_code="79191", departement=departement),
    )
    return {
        "persons": person,
        "orientations": OrientationFactory(
            person=PersonFactory(dossier=person.dossier, rsa_role="CJT"), body=body, proposed=True
        ),
        "contracts": ContractFactory(
            person=person, orientation=orientation, status=ContractStatus.DRAFT, signed_on=None
        ),
        "appointments": AppointmentFactory(person=person, organization=body),
        "referent-assignments": ReferentAssignmentFactory(person=person, organization=body),
        "plan-objectives": objective,
        "plan-items": plan.add_action(actor=None, objective=objective, title="Inscription"),
        "reorientation-requests": reorientation.request_reorientation(
            actor=None,
            person=person,
            reason="Projet professionnel",
            proposed_track=Track.SOCIAL,
            proposed_body_kind=OrientationBodyKind.DEPARTEMENT,
        ),
        "offers": OfferFactory(organization=body),
        "prescriptions": PrescriptionFactory(person=person, offer=OfferFactory(organization=body)),
        "job-offers": job_offer,
        "positionings": Positioning.objects.create(
            departement_code="79",
            person=person,
            job_offer=job_offer,
            programme="common_law",
            proposed_on=datetime.date(2025, 5, 1),
        ),
        "immersions": ImmersionFactory(person=person),
        "tutorings": TutoringFactory(person=person),
        "social-clauses": SocialClauseFactory(departement_code="79"),
    }


@pytest.fixture
def fuzzed(db):
    world = build_world()
    tokens = {}
    for role in ROLES:
        user = world.users[role]
        _, tokens[role] = issue_token(user=user, otp_verified=requires_two_factor(user))
    return world, tokens, out_of_scope_objects(world)


@pytest.fixture
def wsgi_application():
    """Django's WSGI application, called in the test's thread and transaction: as Django's test
    client does, the connection is not closed at the end of each request (on PostgreSQL that would
    end the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(fuzzed, wsgi_application):
    _, tokens, _ = fuzzed
    return schemathesis.openapi.from_wsgi(
        "/api/v1/schema/", wsgi_application, headers={"Authorization": f"Token {tokens['direction']}"}
    )


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def fuzz(operation, check, examples=EXAMPLES):
    """Run `check(case)` on the cases hypothesis draws for `operation` (a few, repeatable)."""

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy())
    def run(case):
        check(case)

    run()


# The acceptance check judges from generated data alone: a random UUID answers 404 and a plausible
# body may break a business rule (400), which is right here.
EXCLUDED = [st_checks.positive_data_acceptance]


@pytest.mark.parametrize("role", [*ROLES, None], ids=lambda role: role or "anonymous")
def test_no_server_error_and_every_answer_conforms_to_the_schema(api_schema, fuzzed, role):
    _, tokens, _ = fuzzed
    headers = {"Authorization": f"Token {tokens[role]}"} if role else {}

    def check(case):
        response = case.call(headers=headers)
        case.validate_response(response, headers=headers, excluded_checks=EXCLUDED)

    for operation in operations(api_schema):
        fuzz(operation, check)


@pytest.mark.parametrize("role", ROLES)
def test_no_object_of_another_departement_answers_with_success(api_schema, fuzzed, role):
    _, tokens, foreign = fuzzed
    headers = {"Authorization": f"Token {tokens[role]}"}
    named = [operation for operation in operations(api_schema) if "{id}" in operation.path]
    assert len(named) > 10

    def check(case):
        kind = case.operation.path.removeprefix("/api/v1/").split("/", 1)[0]
        case.path_parameters["id"] = str(foreign[kind].uuid)
        response = case.call(headers=headers)
        assert response.status_code >= 400, (
            case.operation.label,
            role,
            response.status_code,
            response.text[:300],
        )

    for operation in named:
        fuzz(operation, check, examples=2)
