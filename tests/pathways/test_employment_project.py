"""The employment project service: validated in French, created then updated in place, audited."""

import datetime
from decimal import Decimal

import pytest

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError
from pacte.pathways.enums import EducationLevel, ProfessionalSituation
from pacte.pathways.models import Diagnostic, EmploymentProject
from pacte.pathways.services import record_employment_project
from pacte.referentials.models import RomeCode
from tests.factories import PersonFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def romes():
    return [
        RomeCode.objects.create(code=code, label=f"Métier {code}", parent_code=code)
        for code in ("K2204", "G1602", "F1703", "H1203", "N1103", "A1203")
    ]


def test_a_project_is_created_then_updated_in_place_and_each_write_is_audited(romes):
    person, actor = PersonFactory(), UserFactory()

    project = record_employment_project(
        actor=actor,
        person=person,
        romes=romes[:2],
        mobility_radius_km=20,
        weekly_hours_min=20,
        weekly_hours_max="30",
    )
    again = record_employment_project(
        actor=actor, person=person, romes=[romes[2]], mobility_radius_km="35", accepts_staggered_hours=False
    )

    assert again.pk == project.pk
    assert EmploymentProject.objects.filter(person=person).count() == 1
    stored = EmploymentProject.objects.get(pk=project.pk)
    assert [r.code for r in stored.romes.all()] == ["F1703"]
    assert stored.mobility_radius_km == 35
    assert (stored.weekly_hours_min, stored.weekly_hours_max) == (None, None)
    assert stored.accepts_staggered_hours is False
    assert stored.departement_code == person.departement_code
    assert stored.updated_by == actor
    entries = list(AuditEntry.objects.filter(action="employment_project.record").order_by("id"))
    assert [e.data["created"] for e in entries] == [True, False]
    assert entries[0].data["romes"] == ["G1602", "K2204"]
    assert entries[0].data["weekly_hours"] == [20.0, 30.0]
    assert entries[1].data["mobility_radius_km"] == 35


def test_without_codes_the_latest_diagnostic_projects_are_taken(romes):
    person = PersonFactory()
    for version, codes in ((1, romes[:1]), (2, romes[3:5])):
        diagnostic = Diagnostic.objects.create(
            person=person,
            departement_code=person.departement_code,
            version=version,
            made_on=datetime.date(2025, 5, version),
            professional_situation=ProfessionalSituation.JOB_SEEKER,
            education_level=EducationLevel.LEVEL_3,
        )
        diagnostic.projects.set(codes)

    project = record_employment_project(actor=None, person=person, mobility_radius_km=15)

    assert sorted(r.code for r in project.romes.all()) == ["H1203", "N1103"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"romes": []}, "romes", "Indiquez au moins un métier recherché (code ROME)."),
        ({"romes": "all"}, "romes", "Indiquez au plus 5 métiers recherchés."),
        ({"mobility_radius_km": 0}, "mobility_radius_km", "Le rayon de mobilité doit être compris entre 1 et 150 km."),
        ({"mobility_radius_km": "loin"}, "mobility_radius_km", "Le rayon de mobilité doit être un nombre de kilomètres."),
        ({"weekly_hours_max": 60}, "weekly_hours_max", "Les heures par semaine « au plus » doivent être comprises entre 1 et 48."),
        ({"weekly_hours_min": "vingt"}, "weekly_hours_min", "Les heures par semaine « au moins » doivent être un nombre."),
        (
            {"weekly_hours_min": 30, "weekly_hours_max": 20},
            "weekly_hours_min",
            "Les heures par semaine « au moins » dépassent les heures « au plus ».",
        ),
    ],
)  # fmt: skip
def test_invalid_projects_are_refused_in_french_naming_the_field_and_nothing_is_written(
    romes, fields, field, message
):
    person = PersonFactory()
    arguments = {"romes": romes[:1], "mobility_radius_km": 20, **fields}
    if arguments["romes"] == "all":
        arguments["romes"] = romes

    with pytest.raises(DomainError) as error:
        record_employment_project(actor=None, person=person, **arguments)

    assert error.value.message == message
    assert error.value.field == field
    assert not EmploymentProject.objects.exists()
    assert not AuditEntry.objects.filter(action="employment_project.record").exists()


def test_half_hours_are_kept(romes):
    project = record_employment_project(
        actor=None, person=PersonFactory(), romes=romes[:1], mobility_radius_km=10, weekly_hours_min="17.5"
    )
    assert EmploymentProject.objects.get(pk=project.pk).weekly_hours_min == Decimal("17.5")


def test_projects_are_seen_through_their_person(romes):
    seen, unseen = PersonFactory(), PersonFactory()
    for person in (seen, unseen):
        record_employment_project(actor=None, person=person, romes=romes[:1], mobility_radius_km=10)
    direction_79 = user_with_role("direction", departement__code="79")
    unseen.departement_code = "79"
    unseen.save()

    assert list(EmploymentProject.objects.visible_to(direction_79)) == [unseen.employment_project]
