"""A contract draft is edited or deleted until it is signed; a signed one only ends or renews."""

import datetime

import pytest
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError
from pacte.pathways.models import Contract
from pacte.pathways.services import create_contract, delete_contract, sign_contract, update_contract
from tests.factories import UserFactory
from tests.pathways.factories import OrientationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    orientation = OrientationFactory(decision_date=datetime.date(2025, 4, 10))
    return create_contract(actor=UserFactory(), person=orientation.person, commitments="Venir aux ateliers")


def test_a_draft_is_edited_under_the_rules_of_its_creation(draft):
    with pytest.raises(DomainError, match="motif") as caught:
        update_contract(actor=UserFactory(), contract=draft, weekly_hours=10)
    assert caught.value.field == "hours_reason"
    with pytest.raises(DomainError, match="est passée") as caught:
        update_contract(
            actor=UserFactory(), contract=draft, weekly_hours=15, end_date=datetime.date(2025, 12, 31)
        )
    assert caught.value.field == "end_date"
    end = timezone.localdate() + datetime.timedelta(days=180)
    update_contract(
        actor=UserFactory(),
        contract=draft,
        weekly_hours=12,
        hours_reason=" Santé ",
        end_date=end,
        commitments="Venir aux ateliers\nChercher un stage",
    )
    draft.refresh_from_db()
    assert (draft.weekly_hours, draft.hours_reason, draft.end_date) == (12, "Santé", end)
    assert draft.commitments == "Venir aux ateliers\nChercher un stage"
    entry = AuditEntry.objects.get(action="contract.update", object_id=str(draft.uuid))
    assert entry.data["fields"] == ["commitments", "end_date", "hours_reason", "weekly_hours"]


def test_a_draft_is_deleted_and_the_deletion_audited(draft):
    delete_contract(actor=UserFactory(), contract=draft)
    assert not Contract.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action="contract.delete", object_id=str(draft.uuid)).exists()


def test_a_signed_contract_is_neither_edited_nor_deleted(draft):
    sign_contract(actor=UserFactory(), contract=draft, signed_on=datetime.date(2025, 5, 2))
    for service, kwargs in ((update_contract, {"weekly_hours": 15}), (delete_contract, {})):
        with pytest.raises(DomainError, match="Seul un brouillon"):
            service(actor=UserFactory(), contract=draft, **kwargs)
    assert Contract.objects.filter(pk=draft.pk).exists()
