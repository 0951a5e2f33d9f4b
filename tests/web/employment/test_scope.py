"""Writes of the employment pages tried across départements with valid bodies: 404 and nothing
written; the same body on the twin object of the 87 goes through, which shows it was valid."""

import datetime

import pytest
from django.urls import reverse

from pacte.employment.models import EmployerContact, EmployerProfile, InsertionPosition, Interaction, JobOffer
from pacte.organizations.enums import OrganizationKind
from tests.employment.factories import EmployerProfileFactory, RomeAppellationFactory
from tests.factories import CommuneFactory, OrganizationFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79
from tests.permissions.world import client_for

TODAY = datetime.date.today().isoformat()


def _state():
    models = (EmployerProfile, EmployerContact, Interaction, InsertionPosition, JobOffer)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture
def siae_79(world):
    organization = OrganizationFactory(
        kind=OrganizationKind.SIAE_EI, departement=world.objects["departement_79"]
    )
    return EmployerProfileFactory(organization=organization)


def _writes(world, siae_79):
    RomeAppellationFactory()
    CommuneFactory(insee_code="87085", departement=world.objects["departement_87"])
    CommuneFactory(insee_code="79191", departement=world.objects["departement_79"])
    offer = {
        "title": "Maçon", "appellation": "16250", "contract_type": "cdi", "weekly_hours": "35",
        "positions": "1", "opened_on": TODAY,
    }  # fmt: skip
    employer = {"name": "Nouveau nom", "kind": "employer", "naf_code": "43.99C"}
    return [
        ("web:employment_employer_edit", "employer", employer),
        ("web:employment_contact_add", "employer", {"last_name": "Martin"}),
        ("web:employment_interaction_add", "employer", {"kind": "visit", "day": TODAY, "subject": "Visite"}),
        ("web:employment_position_add", "siae", {"appellation": "16250", "positions": "2", "weekly_hours": "26", "contract_type": "cddi"}),
        ("web:employment_job_offer_create", "employer", offer),
        ("web:employment_job_offer_edit", "job_offer", {**offer, "title": "Maçon confirmé"}),
        ("web:employment_job_offer_status", "job_offer", {"status": "closed"}),
    ]  # fmt: skip


def _target(world, siae_79, kind, departement, data):
    if kind == "siae":
        return (world.objects["siae_87"] if departement == "87" else siae_79).uuid, data
    target = world.objects[f"{kind}_{departement}"]
    if "commune" not in data and kind in ("employer", "job_offer") and "title" in data:
        data = {**data, "commune": "87085" if departement == "87" else "79191"}
    return target.uuid, data


@pytest.mark.parametrize("role", ["employer_relations", "direction", DIRECTION_87_REFERENT_79])
def test_writes_on_the_79_are_not_found_and_the_same_on_the_87_go_through(world, siae_79, role):
    client = client_for(world, role)
    for name, kind, data in _writes(world, siae_79):
        uuid, body = _target(world, siae_79, kind, "79", data)
        before = _state()
        assert client.post(reverse(name, args=[uuid]), body).status_code == 404, name
        assert _state() == before, name
        uuid, body = _target(world, siae_79, kind, "87", data)
        response = client.post(reverse(name, args=[uuid]), body)
        assert response.status_code == 302, (name, response.content.decode()[-2000:])
        assert _state() != before, name
