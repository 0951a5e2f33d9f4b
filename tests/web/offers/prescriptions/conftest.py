"""The small world of the prescription pages: a person of Limoges followed by the world's référent
(a mobility and a health barrier), offers around, a sent prescription."""

import datetime

import pytest

from pacte.pathways.services.diagnostics import record_diagnostic
from tests.factories import (
    CommuneFactory,
    DossierFactory,
    PersonFactory,
)
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory, barrier
from tests.permissions.world import build_world
from tests.web.offers.prescriptions.helpers import BELLAC, COUZEIX, DIGITAL, LIMOGES, MOBILITY


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def places(world):
    departement = world.objects["departement_87"]
    return {
        name: CommuneFactory(insee_code=code, name=name, departement=departement, latitude=lat, longitude=lon)
        for code, name, lat, lon in (LIMOGES, COUZEIX, BELLAC)
    }


@pytest.fixture
def person(world, places):
    """Followed by the world's référent, living in Limoges, a mobility and a health barrier."""
    mdd = world.objects["mdd_north"]
    person = PersonFactory(
        dossier=DossierFactory(territory=world.objects["territory_north"], commune=places["Limoges"]),
        first_name="Nadia",
        last_name="Bertrand",
        email="nadia.bertrand@example.org",
        phone="06 12 34 56 78",
    )
    OrientationFactory(
        person=person,
        body=mdd,
        decision_date=datetime.date(2025, 4, 1),
        decided_by=world.users["orientation_agent"],
    )
    ReferentAssignmentFactory(person=person, referent=world.users["referent"], organization=mdd)
    record_diagnostic(
        actor=None,
        person=person,
        made_on=datetime.date(2025, 5, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers={
            barrier("permis", "mobility", "Pas de permis de conduire"): "",
            barrier(): "Suivi hospitalier confidentiel",
        },
    )
    return person


@pytest.fixture
def offers(world, places):
    association = world.objects["association_87"]
    return {
        "garage": OfferFactory(
            organization=association,
            name="Garage solidaire",
            commune=places["Couzeix"],
            thematiques=[MOBILITY],
        ),
        "bellac": OfferFactory(
            organization=association,
            name="Auto-école de Bellac",
            commune=places["Bellac"],
            thematiques=[MOBILITY],
        ),
        "digital": OfferFactory(
            organization=association,
            name="Atelier ordinateur",
            commune=places["Limoges"],
            thematiques=[DIGITAL],
        ),
        "draft": OfferFactory(
            organization=association,
            name="Brouillon mobilité",
            commune=places["Limoges"],
            thematiques=[MOBILITY],
            status="draft",
        ),
    }


@pytest.fixture
def sent(world, person, offers):
    return PrescriptionFactory(
        person=person,
        offer=offers["garage"],
        barrier_theme="health",
        motive="Disponible le matin",
        prescriber=world.users["referent"],
    )
