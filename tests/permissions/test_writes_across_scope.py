"""Write endpoints tried across scope with valid bodies: refused (404, or the form's error for a
département offered as a choice), and nothing written; the same body on the twin object of the
actor's own département goes through, which shows the body was valid.

The actors include the account that is direction in the 87 and référent in the 79: its second
membership must open no write on the 79's objects.
"""

import dataclasses
import datetime
from collections.abc import Callable

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from pacte.organizations.enums import Role
from pacte.organizations.services import issue_token
from tests.api.helpers import as_user
from tests.factories import MembershipFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79, world_builders
from tests.permissions.world import build_world, client_for

pytestmark = pytest.mark.django_db

DUAL = DIRECTION_87_REFERENT_79
# What a write may change; the audit log, sessions and the tokens' last use are left out.
APPS = ("territory", "organizations", "beneficiaries", "pathways", "core", "offers")
UNSTABLE_FIELDS = {"last_login", "last_used_at"}


def fingerprint():
    """Every row of the models a write may touch, as comparable values."""
    rows = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            fields = [f.attname for f in model._meta.concrete_fields if f.attname not in UNSTABLE_FIELDS]
            rows[model._meta.label] = list(model.objects.order_by("pk").values_list(*fields))
    return rows


def today():
    return timezone.localdate().isoformat()


@dataclasses.dataclass(frozen=True)
class Write:
    name: str
    url_name: str
    other: str  # the world's object of the 79
    own: str  # its twin in the 87
    body: Callable = lambda world, target: {}
    kwarg: str = "uuid"
    attribute: str = "uuid"
    extra_kwargs: dict = dataclasses.field(default_factory=dict)
    api: bool = False
    refused: tuple = (404,)
    accepted: int = 302
    actors: tuple = ("direction", DUAL)

    def url(self, world, key):
        kwargs = {self.kwarg: getattr(world.objects[key], self.attribute), **self.extra_kwargs}
        return reverse(self.url_name, kwargs=kwargs)


def _territory_body(world, territory):
    return {
        "name": f"{territory.name} (renommé)",
        "communes": list(territory.communes.values_list("pk", flat=True)),
    }


def _session_body(code):
    held_on = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    return lambda world, target: {"departement": code, "held_on": held_on, "place": "Salle du conseil"}


def _rule_body(code):
    return lambda world, target: {
        "departement": code,
        "label": "Jeunes",
        "condition": "age_range",
        "min_age": 18,
        "max_age": 25,
        "track": "sociale",
        "body_kind": "departement",
    }


ORIENTERS = ("direction", "orientation_agent", DUAL)
FOLLOWERS = ("direction", "referent", DUAL)
WRITES = [
    Write("territoire", "web:territory_edit", "territory_79", "territory_north", _territory_body, "pk", "pk"),
    Write(
        "signataire des courriers",
        "web:departement_signatory",
        "territory_79",
        "territory_north",
        lambda world, target: {"title": "Pour le Président, la directrice", "name": "Camille Martin"},
        kwarg="code",
        attribute="departement_id",
    ),
    Write(
        "règle : activation",
        "web:orientation_rule_toggle",
        "or_rule_79",
        "or_rule_87",
        kwarg="pk",
        attribute="pk",
    ),
    Write(
        "pré-orientation validée",
        "web:orientation_validate_proposal",
        "or_proposal_79",
        "or_proposal_north",
        lambda world, target: {"decision_date": today()},
        actors=ORIENTERS,
    ),
    Write(
        "réorientation refusée",
        "web:orientation_reorientation",
        "or_reorientation_79",
        "or_reorientation_north",
        lambda world, target: {
            "decision": "reject",
            "reason": "Orientation adaptée",
            "decision_date": today(),
        },
        actors=ORIENTERS,
    ),
    Write(
        "dossier d'équipe décidé",
        "web:orientation_case_decide",
        "or_case_79",
        "or_case_north",
        lambda world, target: {"decision": "maintain", "note": "Parcours adapté", "decided_at": today()},
        actors=ORIENTERS,
    ),
    Write(
        "contrat signé",
        "web:followup_contract_sign",
        "fu79_draft",
        "fu_draft",
        lambda world, target: {"signed_on": today()},
        actors=FOLLOWERS,
    ),
    Write(
        "objectif ajouté",
        "web:followup_objective_add",
        "fu79_person",
        "fu_person",
        lambda world, target: {"objectif-title": "Trouver un mode de garde"},
        actors=FOLLOWERS,
    ),
    Write(
        "présence au rendez-vous",
        "web:followup_appointment_attendance",
        "fu79_appointment",
        "fu_appointment",
        lambda world, target: {"status": "seen"},
        actors=FOLLOWERS,
    ),
    Write("jeton d'API révoqué", "web:api_token_revoke", "token_79", "token_87"),
    Write(
        "offre archivée",
        "web:offer_status",
        "offer_79",
        "offer_87",
        lambda world, target: {"status": "archived"},
        # The 79's published catalogue is read by its référents (the dual account): 403, not 404.
        refused=(403, 404),
    ),
    Write(
        "prescription acceptée",
        "web:prescription_detail",
        "rx_79",
        "rx_open",
        lambda world, target: {"action": "accept"},
    ),
    Write("import de tableur abandonné", "web:spreadsheet_cancel", "spreadsheet_79", "spreadsheet_87"),
    # A département offered as a choice: the other one is not among them (the form answers 200).
    Write(
        "séance d'équipe créée",
        "web:orientation_session_create",
        "departement_79",
        "departement_87",
        kwarg=None,
        refused=(200,),
        actors=ORIENTERS,
    ),
    Write(
        "règle créée",
        "web:orientation_rule_create",
        "departement_79",
        "departement_87",
        kwarg=None,
        refused=(200,),
    ),
    Write(
        "API : objectif ajouté",
        "api:pathways-plan-objective-add",
        "fu79_person",
        "fu_person",
        lambda world, target: {"title": "Trouver un mode de garde"},
        kwarg="id",
        api=True,
        accepted=201,
        actors=FOLLOWERS,
    ),
    Write(
        "API : contrat signé",
        "api:pathways-contract-sign",
        "fu79_draft",
        "fu_draft",
        lambda world, target: {"signed_on": today()},
        kwarg="id",
        api=True,
        accepted=200,
        actors=FOLLOWERS,
    ),
    Write(
        "API : présence au rendez-vous",
        "api:pathways-appointment-attendance",
        "fu79_appointment",
        "fu_appointment",
        lambda world, target: {"status": "seen"},
        kwarg="id",
        api=True,
        accepted=200,
        actors=FOLLOWERS,
    ),
    Write(
        "API : action en cours",
        "api:pathways-plan-item-status",
        "fu79_action",
        "fu_action",
        lambda world, target: {"status": "in_progress"},
        kwarg="id",
        api=True,
        accepted=200,
        actors=FOLLOWERS,
    ),
    Write(
        "API : diagnostic enregistré",
        "api:pathways-person-diagnostics",
        "fu79_person",
        "fu_person",
        lambda world, target: {
            "made_on": today(),
            "professional_situation": "job_seeker",
            "education_level": "4",
        },
        kwarg="id",
        api=True,
        accepted=201,
        actors=FOLLOWERS,
    ),
    Write(
        "API : sortie du parcours",
        "api:pathways-person-exits",
        "fu79_person",
        "fu_person",
        lambda world, target: {"kind": "moved", "exit_date": today()},
        kwarg="id",
        api=True,
        accepted=201,
        actors=FOLLOWERS,
    ),
    Write(
        "pré-orientation écartée",
        "web:orientation_refuse_proposal",
        "or_proposal_79",
        "or_proposal_north",
        lambda world, target: {"reason": "Situation de santé à revoir"},
        actors=ORIENTERS,
    ),
    Write(
        "contrat terminé",
        "web:followup_contract_end",
        "fu79_signed",
        "fu_signed",
        lambda world, target: {"end_date": today()},
        actors=FOLLOWERS,
    ),
    Write(
        "API : pré-orientation validée",
        "api:pathways-orientation-validate",
        "or_proposal_79",
        "or_proposal_north",
        lambda world, target: {"decision_date": today()},
        kwarg="id",
        api=True,
        accepted=200,
        actors=ORIENTERS,
    ),
    Write(
        "API : réorientation refusée",
        "api:pathways-reorientation-decide",
        "or_reorientation_79",
        "or_reorientation_north",
        lambda world, target: {"accept": False, "reason": "Orientation adaptée"},
        kwarg="id",
        api=True,
        accepted=200,
        actors=ORIENTERS,
    ),
]
CREATES = {"web:orientation_session_create": _session_body, "web:orientation_rule_create": _rule_body}


def _with_tokens(world):
    """A staff token in each département, for the revocation page."""
    for code, organization in (("87", "council_87"), ("79", "council_79")):
        staff = MembershipFactory(role=Role.REFERENT, organization=world.objects[organization]).user
        world.objects[f"token_{code}"], _ = issue_token(user=staff, otp_verified=True)


def _send(write, world, client, key):
    if write.kwarg is None:
        code = world.objects[key].code
        return client.post(reverse(write.url_name), CREATES[write.url_name](code)(world, None))
    body = write.body(world, world.objects[key])
    if write.api:
        return client.post(write.url(world, key), body, format="json")
    return client.post(write.url(world, key), body)


def _client(write, world, actor):
    if write.api:
        return as_user(APIClient(REMOTE_ADDR="192.0.2.200"), world.users[actor])
    return client_for(world, actor)


@pytest.mark.parametrize(
    ("write", "actor"),
    [(write, actor) for write in WRITES for actor in write.actors],
    ids=[f"{write.name}-{actor}" for write in WRITES for actor in write.actors],
)
def test_a_valid_write_across_scope_is_refused_and_changes_nothing(write, actor):
    world = build_world([*world_builders(), _with_tokens])
    client = _client(write, world, actor)
    before = fingerprint()
    response = _send(write, world, client, write.other)
    assert response.status_code in write.refused
    assert fingerprint() == before
    response = _send(write, world, client, write.own)
    assert response.status_code == write.accepted, response.content.decode()[:500]
    assert fingerprint() != before
