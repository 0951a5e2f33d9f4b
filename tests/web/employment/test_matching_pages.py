"""The matching pages and the employment project's form (pacte/web/employment/matching.py,
project.py): ranked matches with their French explanation and a « Positionner » link, the pool of
each role, no health detail, the audit of the reads, the query count, the form's errors."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pacte.audit.models import AuditEntry
from pacte.pathways.enums import EducationLevel, ProfessionalSituation
from pacte.pathways.models import Diagnostic, DiagnosticBarrier, EmploymentProject
from pacte.pathways.services import record_employment_project
from pacte.referentials.models import RomeCode
from pacte.territory.models import Departement
from tests.employment.factories import JobOfferFactory, tension_job
from tests.factories import CommuneFactory, DossierFactory, PersonFactory
from tests.pathways.factories import barrier
from tests.permissions import matrix_employment_matching
from tests.permissions.world import build_world, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world([matrix_employment_matching.build])


def person_matches_url(person):
    return reverse("web:employment_person_matches", kwargs={"uuid": person.uuid})


def offer_matches_url(offer):
    return reverse("web:employment_offer_matches", kwargs={"uuid": offer.uuid})


def project_url(person):
    return reverse("web:employment_project_edit", kwargs={"uuid": person.uuid})


def diagnose(person, *codes, projects=()):
    labels = {
        "garde-jeunes-enfants": ("childcare", "Garde de jeunes enfants"),
        "sante-physique": ("health", "Problème de santé physique"),
    }
    diagnostic = Diagnostic.objects.create(
        person=person,
        departement_code=person.departement_code,
        version=1,
        made_on=datetime.date.today(),
        professional_situation=ProfessionalSituation.JOB_SEEKER,
        education_level=EducationLevel.NONE,
    )
    diagnostic.projects.set(projects)
    for code in codes:
        theme, label = labels[code]
        DiagnosticBarrier(
            departement_code=person.departement_code,
            diagnostic=diagnostic,
            barrier=barrier(code=code, theme=theme, label=label),
        ).save()
    return diagnostic


def text(response):
    return response.content.decode()


def test_the_referent_sees_the_ranked_offers_and_positions_of_a_followed_person(world):
    person, offer = world.objects["mt_followed"], world.objects["mt_offer_87"]
    position = world.objects["mt_position_87"]

    response = client_for(world, "referent").get(person_matches_url(person))

    assert response.status_code == 200
    page = text(response)
    assert offer.title in page and "Agent d&#x27;entretien des espaces verts" in page
    assert "Même métier (F1703)" in page
    assert "à 0 km (dans le rayon de 30 km)" in page
    assert "Poste d&#x27;insertion en SIAE" in page
    positioning = reverse("web:employment_positioning_create", kwargs={"uuid": offer.uuid})
    assert f'href="{positioning}?person={person.uuid}"' in page
    on_position = reverse("web:employment_position_positioning_create", kwargs={"uuid": position.uuid})
    assert f'href="{on_position}?person={person.uuid}"' in page
    assert reverse("web:person_detail", kwargs={"uuid": person.uuid}) in page
    assert project_url(person) in page
    entry = AuditEntry.objects.get(action="person.read.employment_matches")
    assert entry.object_id == str(person.uuid)


def test_the_employer_relations_officer_sees_the_match_but_not_the_record_nor_any_health_detail(world):
    person = world.objects["mt_followed"]
    diagnose(person, "garde-jeunes-enfants", "sante-physique")
    client = client_for(world, "employer_relations")

    page = text(client.get(person_matches_url(person)))

    assert "Temps plein 35 h/semaine : à concilier avec la garde d&#x27;enfants" in page
    assert "Problème de santé physique" not in page and "sante-physique" not in page
    assert reverse("web:person_detail", kwargs={"uuid": person.uuid}) not in page
    assert project_url(person) not in page
    assert client.get(reverse("web:person_detail", kwargs={"uuid": person.uuid})).status_code == 403


def test_an_offer_lists_the_matching_people_of_the_departement_and_audits_them(world):
    offer = world.objects["mt_offer_87"]
    followed, unfollowed = world.objects["mt_followed"], world.objects["mt_unfollowed"]
    diagnose(unfollowed, "sante-physique")

    response = client_for(world, "employer_relations").get(offer_matches_url(offer))

    assert response.status_code == 200
    page = text(response)
    for person in (followed, unfollowed):
        assert f"{person.first_name} {person.last_name}" in page
        assert person_matches_url(person) in page
    person_79 = world.objects["mt_person_79"]
    assert f"{person_79.first_name} {person_79.last_name}" not in page
    assert "Problème de santé physique" not in page and "sante-physique" not in page
    assert "2 personnes compatibles" in page
    entry = AuditEntry.objects.get(action="matching.offer.list")
    assert sorted(entry.data["persons"]) == sorted([str(followed.uuid), str(unfollowed.uuid)])
    assert entry.data["opening"] == str(offer.uuid)


def test_a_position_lists_its_matching_people(world):
    position = world.objects["mt_position_87"]
    url = reverse("web:employment_position_matches", kwargs={"uuid": position.uuid})

    page = text(client_for(world, "direction").get(url))

    assert "Poste d&#x27;insertion en SIAE (Atelier et chantier d&#x27;insertion (ACI))" in page
    person = world.objects["mt_followed"]
    assert reverse("web:person_detail", kwargs={"uuid": person.uuid}) in page  # the direction reads it


def test_metiers_en_tension_are_flagged_on_the_project_and_in_the_matches(world):
    Departement.objects.filter(code="87").update(region_code="75")
    tension_job(RomeCode.objects.get(code="F1703"), territory_kind="region", territory_code="75")
    person = world.objects["mt_followed"]
    client = client_for(world, "referent")

    matches = text(client.get(person_matches_url(person)))
    form = text(client.get(project_url(person)))

    assert "Métier en tension dans la zone" in matches
    assert matches.count("badge-soon") >= 3  # the project's job, the offer and the position
    assert "Métier en tension" in form


def test_without_a_project_the_person_page_says_so_and_offers_to_record_one(world):
    person = world.objects["person_north"]

    page = text(client_for(world, "direction").get(person_matches_url(person)))

    assert "Aucun projet d'emploi n'est enregistré" in page
    assert "Enregistrer le projet d'emploi" in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_offer_page_takes_the_same_queries_for_5_and_50_people(world):
    offer = world.objects["mt_offer_87"]
    rome = RomeCode.objects.get(code="F1703")
    commune = CommuneFactory(insee_code="87085")
    client = client_for(world, "employer_relations")

    def people(count):
        for _ in range(count):
            person = PersonFactory(dossier=DossierFactory(departement_code="87", commune=commune))
            record_employment_project(actor=None, person=person, romes=[rome], mobility_radius_km=15)
            diagnose(person, "garde-jeunes-enfants")

    people(3)
    few = count_queries(client, offer_matches_url(offer))
    people(48)
    many = count_queries(client, offer_matches_url(offer))
    assert "53 personnes compatibles" in text(client.get(offer_matches_url(offer)))  # 50 shown
    assert few == many


def test_the_person_page_takes_the_same_queries_for_5_and_50_offers(world):
    person = world.objects["mt_followed"]
    offer = world.objects["mt_offer_87"]
    client = client_for(world, "referent")

    def offers(count):
        for _ in range(count):
            JobOfferFactory(employer=offer.employer, appellation=offer.appellation, commune=offer.commune)

    offers(3)  # with the world's offer and position: 5 rows
    few = count_queries(client, person_matches_url(person))
    offers(45)
    many = count_queries(client, person_matches_url(person))
    assert few == many


# The project's form.


def test_a_first_project_starts_from_the_diagnostic_and_is_recorded(world):
    person = world.objects["person_north"]
    rome = RomeCode.objects.get(code="F1703")
    diagnose(person, projects=[rome])
    client = client_for(world, "direction")

    form = text(client.get(project_url(person)))
    assert 'value="F1703"' in form and "checked" in form

    response = client.post(
        project_url(person),
        {
            "projects": ["F1703"],
            "mobility_radius_km": "25",
            "weekly_hours_min": "20",
            "weekly_hours_max": "30",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == person_matches_url(person)
    project = EmploymentProject.objects.get(person=person)
    assert (project.mobility_radius_km, project.weekly_hours_min, project.weekly_hours_max) == (25, 20, 30)
    assert project.accepts_staggered_hours is False  # the box was left unchecked
    assert [r.code for r in project.romes.all()] == ["F1703"]
    assert AuditEntry.objects.filter(action="employment_project.record", actor__isnull=False).count() == 1


def test_bad_input_is_refused_in_french_next_to_its_field_keeps_what_was_typed_and_writes_nothing(world):
    person = world.objects["mt_followed"]
    before = EmploymentProject.objects.get(person=person).mobility_radius_km
    client = client_for(world, "referent")

    page = text(
        client.post(
            project_url(person),
            {
                "projects": ["F1703"],
                "mobility_radius_km": "0",
                "weekly_hours_min": "30",
                "weekly_hours_max": "20",
            },
        )
    )

    assert "Le formulaire contient" in page
    assert (
        'id="id_mobility_radius_km_error">Le rayon de mobilité doit être compris entre 1 et 150 km.<' in page
    )
    assert 'value="0"' in page and 'value="30"' in page
    assert EmploymentProject.objects.get(person=person).mobility_radius_km == before

    page = text(client.post(project_url(person), {"mobility_radius_km": "20"}))
    assert "Indiquez au moins un métier recherché (code ROME)." in page
    page = text(
        client.post(
            project_url(person),
            {
                "projects": ["F1703"],
                "mobility_radius_km": "20",
                "weekly_hours_min": "30",
                "weekly_hours_max": "20",
            },
        )
    )
    assert "Les heures par semaine « au moins » dépassent les heures « au plus »." in page
    assert EmploymentProject.objects.get(person=person).weekly_hours_min is None
    assert not AuditEntry.objects.filter(action="employment_project.record", actor__isnull=False).exists()


def test_the_rome_search_works_without_javascript_and_records_nothing(world):
    person = world.objects["mt_followed"]
    RomeCode.objects.get_or_create(code="F1704", defaults={"label": "Maçon-fumiste", "parent_code": "F1704"})
    client = client_for(world, "referent")

    page = text(
        client.post(
            project_url(person),
            {"projects": ["F1703"], "mobility_radius_km": "30", "rome_q": "F17", "rome_search": "1"},
        )
    )

    assert 'id="rome-F1704"' in page
    assert 'id="chosen-F1703"' in page  # what was chosen stays chosen
    assert AuditEntry.objects.filter(action="employment_project.record", actor__isnull=False).count() == 0
