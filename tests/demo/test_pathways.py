"""The demo's pathways: written through the services, consistent with the persons' dates,
deterministic and idempotent."""

import datetime

import pytest
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.demo import pathways
from pacte.demo.structures import build_accounts, build_structures
from pacte.organizations.models import Membership
from pacte.pathways.models import Appointment, Contract, Orientation, ReferentAssignment
from pacte.territory.models import Commune, Departement
from tests.factories import DossierFactory, PersonFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_87():
    departement = Departement.objects.create(code="87", name="Haute-Vienne")
    Commune.objects.create(insee_code="87085", name="Limoges", departement=departement, postcodes=["87000"])
    territory = TerritoryFactory(departement=departement, code="limoges", name="Limoges")
    structures = build_structures("87")
    build_accounts("87", structures)
    today = timezone.localdate()
    for index in range(60):
        entered = today - datetime.timedelta(days=20 + index * 5)
        PersonFactory(dossier=DossierFactory(departement_code="87", territory=territory, dtdemrsa=entered))
    return structures


def counts():
    return [
        model.objects.count()
        for model in (Orientation, ReferentAssignment, Contract, Appointment, AuditEntry)
    ]


def test_demo_pathways_follow_the_persons_dates_and_load_once(demo_87):
    stats = pathways.load_pathways("87", demo_87, lambda message: None)
    assert stats["oriented"] > 20 and stats["contracts"] > 5 and stats["appointments"] > 20
    for orientation in Orientation.objects.select_related("person__dossier"):
        assert orientation.decision_date >= pathways.entry_date(orientation.person)
    for contract in Contract.objects.signed().select_related("orientation"):
        assert contract.signed_on <= timezone.localdate()
        assert contract.signed_on >= contract.orientation.decision_date
    referent = ReferentAssignment.objects.filter(
        referent__email="referent.87@demo.pacte.example", end_date=None
    )
    assert 20 <= referent.count() <= pathways.CASELOAD_SIZE
    before = counts()
    assert pathways.load_pathways("87", demo_87, lambda message: None) == {}
    assert counts() == before


def test_demo_memberships_are_granted_through_the_service_once(demo_87):
    grants = AuditEntry.objects.filter(action="membership.grant")
    assert grants.count() == Membership.objects.count() > 0
    build_accounts("87", demo_87)
    assert grants.count() == Membership.objects.count()
