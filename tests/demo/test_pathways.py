"""The demo's pathways: written through the services, consistent with the persons' dates,
deterministic and idempotent."""

import datetime

import pytest
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import Person
from pacte.demo import pathways
from pacte.demo.structures import build_accounts, build_structures
from pacte.organizations.models import Membership
from pacte.pathways.enums import BarrierLevel
from pacte.pathways.models import (
    Appointment,
    Contract,
    Diagnostic,
    DiagnosticBarrier,
    Orientation,
    ReferentAssignment,
)
from pacte.pathways.services import propose_orientations
from pacte.referentials.loaders import load_nomenclatures
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


def test_demo_diagnostics_give_each_barrier_a_level_the_national_criteria_read(demo_87):
    load_nomenclatures()
    pathways.load_pathways("87", demo_87, lambda message: None)
    diagnosed = Diagnostic.objects.values_list("person_id", flat=True)
    assert Diagnostic.objects.count() >= 40 and not Diagnostic.objects.filter(job_projection="").exists()
    assert set(DiagnosticBarrier.objects.values_list("level", flat=True)) == set(BarrierLevel.values)
    # The persons left in the queue are proposed an orientation by the national criteria.
    waiting = Person.objects.filter(pk__in=diagnosed).exclude(orientations__isnull=False)
    proposals = propose_orientations(actor=None, departement="87", persons=waiting)
    assert proposals and all(p.national_criterion and p.rule is None for p in proposals)
