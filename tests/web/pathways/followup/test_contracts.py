"""Contract drafts on the pathway page: edited, deleted; once signed, nothing left to prepare."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.pathways.enums import ContractStatus
from pacte.pathways.models import Contract
from tests.permissions.world import client_for
from tests.web.pathways.followup.conftest import follow

pytestmark = pytest.mark.django_db

PREPARE = "Préparer un contrat d'engagement"
NOTICE = "À signer au plus tard le"


def url(name, obj):
    return reverse(f"web:followup_{name}", kwargs={"uuid": obj.uuid})


def test_a_draft_is_edited_keeping_what_was_typed_on_error(world, referent_client):
    draft = world.objects["fu_draft"]
    page = referent_client.get(url("contract_edit", draft)).content.decode()
    assert "Modifier le brouillon du contrat d&#x27;engagement" in page and 'value="15"' in page
    past = {"weekly_hours": "15", "end_date": "2025-01-31", "commitments": "Venir\nAppeler"}
    page = referent_client.post(url("contract_edit", draft), past).content.decode()
    assert "Date de fin prévue : La date de fin prévue du contrat est passée (31/01/2025)" in page
    assert 'value="2025-01-31"' in page and "Venir\nAppeler</textarea>" in page
    end = timezone.localdate() + datetime.timedelta(days=200)
    response = referent_client.post(url("contract_edit", draft), {**past, "end_date": end.isoformat()})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.end_date == end and draft.commitments == "Venir\nAppeler"
    assert AuditEntry.objects.filter(action="contract.update", object_id=str(draft.uuid)).exists()


def test_a_draft_is_deleted_after_a_confirmation(world, referent_client):
    draft = world.objects["fu_draft"]
    page = referent_client.get(url("contract_delete", draft)).content.decode()
    assert "Supprimer le brouillon" in page
    assert Contract.objects.filter(pk=draft.pk).exists()
    assert referent_client.post(url("contract_delete", draft)).status_code == 302
    assert not Contract.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action="contract.delete", object_id=str(draft.uuid)).exists()


def test_a_signed_contract_is_not_deleted(world, referent_client):
    signed = world.objects["fu_signed"]
    page = referent_client.post(url("contract_delete", signed)).content.decode()
    assert "Seul un brouillon de contrat se modifie ou se supprime" in page
    assert Contract.objects.filter(pk=signed.pk).exists()


def test_the_deadline_and_the_prepare_button_go_once_signed(world):
    client = client_for(world, "referent")
    (person,) = follow(world, 1, decision_date=timezone.localdate() - datetime.timedelta(days=10))
    page = client.get(url("pathway", person)).content.decode()
    assert NOTICE in page and PREPARE in page
    assert client.post(url("contract_create", person), {"weekly_hours": "15"}).status_code == 302
    draft = Contract.objects.get(person=person)
    page = client.get(url("pathway", person)).content.decode()
    assert NOTICE in page and PREPARE not in page and url("contract_edit", draft) in page
    assert client.post(url("contract_sign", draft), {"signed_on": timezone.localdate()}).status_code == 302
    assert Contract.objects.get(person=person).status == ContractStatus.SIGNED
    page = client.get(url("pathway", person)).content.decode()
    assert NOTICE not in page and PREPARE not in page and url("contract_edit", draft) not in page
