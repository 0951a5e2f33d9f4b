"""Matching both ways (pacte/employment/matching.py): ranking and French reasons on a small world,
the scope of the caseload, a fixed number of queries."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.beneficiaries.models import Person
from pacte.employment.matching import (
    FAMILY,
    KIN,
    SAME,
    flag_tension,
    load_openings,
    load_seekers,
    matches_for_offer,
    matches_for_person,
    matching_pool,
    rank,
    score,
)
from pacte.employment.models import InsertionPosition, JobOffer
from pacte.organizations.enums import OrganizationKind, Role
from pacte.pathways.enums import EducationLevel, ProfessionalSituation
from pacte.pathways.models import Diagnostic, DiagnosticBarrier, EmploymentProject
from pacte.pathways.services import record_employment_project
from pacte.referentials.models import RomeAppellation, RomeCode
from pacte.territory.models import Departement
from tests.employment.factories import EmployerProfileFactory, JobOfferFactory, tension_job
from tests.factories import (
    CommuneFactory,
    DepartementFactory,
    DossierFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.pathways.factories import MaisonDepartementFactory, ReferentAssignmentFactory, barrier, referent_in

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
KM = 1 / 111.195  # degrees of latitude per kilometre
HOME = (45.83, 1.26)


def rome(code, parent=None, label=None, regulated=False):
    sheet, _ = RomeCode.objects.get_or_create(
        code=code,
        defaults={"label": label or f"Métier {code}", "parent_code": parent or code, "regulated": regulated},
    )
    return sheet


def appellation(sheet):
    return RomeAppellation.objects.get_or_create(
        code_ogr=int(sheet.code[1:]) * 10 + ord(sheet.code[0]),
        defaults={"label": sheet.label, "short_label": sheet.label, "rome": sheet},
    )[0]


def commune(insee, km_north=0.0):
    return CommuneFactory(insee_code=insee, latitude=HOME[0] + km_north * KM, longitude=HOME[1])


def offer(code, *, km_north=0.0, insee="87085", **fields):
    sheet = RomeCode.objects.get(code=code)
    place = commune(insee, km_north)
    return JobOfferFactory(appellation=appellation(sheet), rome=sheet, commune=place, **fields)


def person_at(insee="87085", km_north=0.0, departement="87"):
    dossier = DossierFactory(departement_code=departement, commune=commune(insee, km_north))
    return PersonFactory(dossier=dossier)


def project(person, codes, radius=20, **fields):
    romes = [RomeCode.objects.get(code=code) for code in codes]
    return record_employment_project(
        actor=None, person=person, romes=romes, mobility_radius_km=radius, **fields
    )


def with_barriers(person, *codes):
    diagnostic = Diagnostic.objects.create(
        person=person,
        departement_code=person.departement_code,
        version=1,
        made_on=TODAY,
        professional_situation=ProfessionalSituation.JOB_SEEKER,
        education_level=EducationLevel.NONE,
    )
    themes = {
        "sans-permis": "mobility",
        "garde-jeunes-enfants": "childcare",
        "horaires-atypiques": "childcare",
    }
    for code in codes:
        DiagnosticBarrier(
            departement_code=person.departement_code,
            diagnostic=diagnostic,
            barrier=barrier(code=code, theme=themes[code], label=code),
        ).save()


@pytest.fixture
def sheets():
    DepartementFactory(code="87")
    rome("K2204", label="Agent / Agente de nettoyage")
    rome("K2205", parent="K2204", label="Agent / Agente de propreté")
    rome("K2203", label="Agent / Agente d'assainissement")
    rome("F1703", label="Maçon / Maçonne")
    rome("N4101", label="Conducteur / Conductrice de poids lourd", regulated=True)


def titles(matches):
    return [str(match.opening) for match in matches]


def test_same_code_ranks_before_a_sibling_before_the_same_domain_and_others_are_left_out(sheets):
    person = person_at()
    project(person, ["K2204"])
    offer("F1703", title="Maçon")
    offer("K2203", title="Assainissement")
    offer("K2205", title="Propreté")
    offer("K2204", title="Nettoyage")

    matches = matches_for_person(person, today=TODAY)

    assert titles(matches) == ["Nettoyage", "Propreté", "Assainissement"]
    assert [m.rome_match for m in matches] == [SAME, KIN, FAMILY]
    assert matches[0].score > matches[1].score > matches[2].score
    assert matches[0].reasons[0] == "Même métier (K2204)"
    assert (
        matches[1].reasons[0]
        == "Métier voisin (K2205) de K2204 : même fiche de rattachement ROME 4.0 (K2204)"
    )
    assert matches[2].reasons[0] == "Métier proche (K2203) de K2204 : même domaine professionnel (K22)"


def test_distance_within_the_radius_is_explained_and_beyond_it_the_offer_is_left_out(sheets):
    person = person_at()
    project(person, ["K2204"], radius=20)
    offer("K2204", km_north=8.4, insee="87001", title="Proche")
    offer("K2204", km_north=2, insee="87002", title="Tout près")
    offer("K2204", km_north=25, insee="87003", title="Trop loin")

    matches = matches_for_person(person, today=TODAY)

    assert titles(matches) == ["Tout près", "Proche"]
    assert "à 8,4 km (dans le rayon de 20 km)" in matches[1].reasons
    assert matches[1].distance_km == 8.4
    assert matches[0].score > matches[1].score


def test_hours_inside_the_range_add_and_outside_lower(sheets):
    person = person_at()
    project(person, ["K2204"], weekly_hours_min=20, weekly_hours_max=30)
    offer("K2204", title="Mi-temps", weekly_hours=24)
    offer("K2204", title="Plein temps", weekly_hours=35)

    part_time, full_time = matches_for_person(person, today=TODAY)

    assert str(part_time.opening) == "Mi-temps"
    assert "Temps partiel 24 h/semaine compatible (souhaité : 20 à 30 h)" in part_time.reasons
    assert full_time.constraints == ["Temps plein 35 h/semaine : hors des heures souhaitées (20 à 30 h)"]
    assert abs(part_time.score - full_time.score - 25) <= 1  # 10 points more, 15 fewer (rounded)


def test_childcare_barriers_weigh_on_full_time_and_staggered_hours(sheets):
    person = person_at()
    project(person, ["K2204"])
    with_barriers(person, "garde-jeunes-enfants", "horaires-atypiques")
    offer("K2204", title="Nettoyage de bureaux", weekly_hours=24)
    offer("K2204", title="Nettoyage industriel", weekly_hours=24, description="Travail de nuit en équipe.")
    offer("K2204", title="Nettoyage à temps plein", weekly_hours=35)

    matches = {str(m.opening): m for m in matches_for_person(person, today=TODAY)}

    day = matches["Nettoyage de bureaux"]
    assert "Temps partiel 24 h/semaine compatible avec la garde d'enfants" in day.reasons
    assert day.constraints == []
    night = matches["Nettoyage industriel"]
    assert night.constraints == [
        "Horaires décalés (« travail de nuit » dans l'offre) : incompatible avec la garde d'enfants"
    ]
    full = matches["Nettoyage à temps plein"]
    assert full.constraints == ["Temps plein 35 h/semaine : à concilier avec la garde d'enfants"]
    assert day.score > full.score > night.score


def test_staggered_hours_refused_in_the_project_without_a_childcare_barrier(sheets):
    person = person_at()
    project(person, ["K2204"], accepts_staggered_hours=False)
    offer("K2204", title="Équipe du week-end", description="")

    (match,) = matches_for_person(person, today=TODAY)

    assert match.constraints == ["Horaires décalés (« week-end » dans l'offre) : non acceptés dans le projet"]


def test_tension_is_flagged_and_raises_the_score(sheets):
    Departement.objects.filter(code="87").update(region_code="75")
    tension_job(RomeCode.objects.get(code="K2204"), territory_kind="region", territory_code="75")
    person = person_at()
    project(person, ["K2204", "K2203"])
    offer("K2204", title="Nettoyage")
    offer("K2203", title="Assainissement")

    matches = {str(m.opening): m for m in matches_for_person(person, today=TODAY)}

    assert matches["Nettoyage"].in_tension is True
    assert "Métier en tension dans la zone" in matches["Nettoyage"].reasons
    assert matches["Assainissement"].in_tension is False
    assert "Métier en tension dans la zone" not in matches["Assainissement"].reasons
    assert matches["Nettoyage"].score > matches["Assainissement"].score


def test_no_driving_licence_against_a_regulated_driving_job_and_a_long_way(sheets):
    person = person_at()
    project(person, ["N4101", "K2204"], radius=30)
    with_barriers(person, "sans-permis")
    offer("N4101", title="Chauffeur poids lourd")
    offer("K2204", km_north=15, insee="87010", title="Nettoyage à 15 km")

    matches = {str(m.opening): m for m in matches_for_person(person, today=TODAY)}

    assert matches["Chauffeur poids lourd"].constraints == [
        "Permis de conduire exigé (fiche N4101, emploi réglementé) : la personne n'a pas le permis"
    ]
    assert matches["Nettoyage à 15 km"].constraints == [
        "Sans permis de conduire : 15 km à parcourir, trajet à vérifier"
    ]


def test_offers_not_open_or_not_yet_open_are_left_out_and_siae_positions_come_in(sheets):
    person = person_at()
    project(person, ["K2204"])
    offer("K2204", title="Pourvue", status="filled", closed_on=TODAY)
    offer("K2204", title="Demain", opened_on=TODAY + datetime.timedelta(days=1))
    siae = EmployerProfileFactory(organization__kind=OrganizationKind.SIAE_ACI)
    sheet = RomeCode.objects.get(code="K2204")
    InsertionPosition.objects.create(
        departement_code="87",
        employer=siae,
        rome=sheet,
        appellation=appellation(sheet),
        label="Agent d'entretien en chantier d'insertion",
        positions=4,
        weekly_hours=26,
        commune=commune("87085"),
        latitude=HOME[0],
        longitude=HOME[1],
    )

    (match,) = matches_for_person(person, today=TODAY)

    assert match.kind == "insertion_position"
    assert "Poste d'insertion en SIAE (Atelier et chantier d'insertion (ACI))" in match.reasons


def test_a_person_without_a_project_has_no_match(sheets):
    offer("K2204")
    assert matches_for_person(person_at(), today=TODAY) == []


def test_an_offer_against_a_caseload_ranks_its_people_and_sees_no_one_else(sheets):
    maison = MaisonDepartementFactory(departement=DepartementFactory(code="87"))
    other = MaisonDepartementFactory(departement=DepartementFactory(code="87"))
    same, sibling, far, unrelated, elsewhere = (
        person_at(insee=f"8730{n}", km_north=km) for n, km in enumerate((3, 1, 30, 0, 0))
    )
    project(same, ["K2204"])
    project(sibling, ["K2205"])
    project(far, ["K2204"], radius=20)
    project(unrelated, ["F1703"])
    project(elsewhere, ["K2204"])
    referent = referent_in(maison)
    for person in (same, sibling, far, unrelated):
        ReferentAssignmentFactory(person=person, organization=maison, referent=referent)
    ReferentAssignmentFactory(person=elsewhere, organization=other)
    job = offer("K2204", title="Nettoyage")

    matches = matches_for_offer(job, Person.objects.visible_to(referent), today=TODAY)

    assert [m.person for m in matches] == [same, sibling]
    assert "Même métier (K2204)" in matches[0].reasons
    assert "à 3 km (dans le rayon de 20 km)" in matches[0].reasons
    assert matches[1].rome_match == KIN
    assert elsewhere not in Person.objects.visible_to(referent)


def test_a_wide_radius_reaches_an_offer_that_a_narrow_one_does_not(sheets):
    near_sighted, travelling = person_at("87401", km_north=40), person_at("87401", km_north=40)
    project(near_sighted, ["K2204"], radius=20)
    project(travelling, ["K2204"], radius=60)
    job = offer("K2204")

    matches = matches_for_offer(job, Person.objects.all(), today=TODAY)

    assert [m.person for m in matches] == [travelling]
    assert "à 40 km (dans le rayon de 60 km)" in matches[0].reasons


def count_queries(function):
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return len(captured), result


def test_the_matches_of_a_person_take_the_same_queries_for_2_and_8_offers(sheets):
    Departement.objects.filter(code="87").update(region_code="75")
    tension_job(RomeCode.objects.get(code="K2204"), territory_kind="region", territory_code="75")
    person = person_at()
    project(person, ["K2204", "K2203"])
    with_barriers(person, "sans-permis")
    for n in range(2):
        offer("K2204", title=f"Offre {n}")
    few, matches = count_queries(lambda: matches_for_person(person, today=TODAY))
    assert len(matches) == 2
    for n in range(6):
        offer("K2203" if n % 2 else "K2205", title=f"Autre offre {n}", km_north=n, insee=f"871{n:02d}")
    many, matches = count_queries(lambda: [m.reasons for m in matches_for_person(person, today=TODAY)])
    assert len(matches) == 8
    assert few == many == 8  # project, its codes, barriers, offers, positions, 3 for tension


def test_the_matches_of_an_offer_take_the_same_queries_for_2_and_8_people(sheets):
    Departement.objects.filter(code="87").update(region_code="75")
    tension_job(RomeCode.objects.get(code="K2204"), territory_kind="region", territory_code="75")
    job = offer("K2204")

    def caseload(count, codes):
        for n in range(count):
            person = person_at(km_north=n, insee=f"872{n:02d}")
            project(person, codes)
            with_barriers(person, "garde-jeunes-enfants")

    caseload(2, ["K2204"])
    few, matches = count_queries(lambda: matches_for_offer(job, Person.objects.all(), today=TODAY))
    assert len(matches) == 2
    caseload(6, ["K2205", "K2203"])
    many, matches = count_queries(
        lambda: [m.reasons for m in matches_for_offer(job, Person.objects.all(), today=TODAY)]
    )
    assert len(matches) == 8
    assert few == many == 7  # the offer, 3 for tension, projects, their codes, barriers


def test_without_a_known_commune_the_offers_of_the_departement_match_with_no_distance(sheets):
    person = PersonFactory(dossier=DossierFactory(departement_code="87", commune=None))
    project(person, ["K2204"])
    offer("K2204", title="Dans le 87", km_north=80, insee="87500")
    DepartementFactory(code="79")
    elsewhere = offer("K2204", title="Dans le 79", insee="79191")
    elsewhere.departement_code = "79"
    elsewhere.save()

    (match,) = matches_for_person(person, today=TODAY)

    assert str(match.opening) == "Dans le 87"
    assert match.distance_km is None
    assert match.constraints == ["Distance inconnue : commune sans coordonnées"]
    assert [m.person for m in matches_for_offer(match.opening, Person.objects.all(), today=TODAY)] == [person]


# Whose matches a user may see (matching_pool) and the pre-filter against a full scan.


def test_the_pool_of_an_employer_relations_officer_is_the_departement_with_a_project(sheets):
    council = OrganizationFactory(
        kind=OrganizationKind.DEPARTEMENT, departement=Departement.objects.get(code="87")
    )
    officer = MembershipFactory(role=Role.EMPLOYER_RELATIONS, organization=council).user
    with_project = person_at()
    person_at()  # of the same département, without a project
    project(with_project, ["K2204"])
    DepartementFactory(code="79")
    elsewhere = person_at(insee="79191", departement="79")
    project(elsewhere, ["K2204"])

    assert list(matching_pool(officer)) == [with_project]
    assert list(Person.objects.visible_to(officer)) == []  # the record itself stays closed
    job = offer("K2204")
    assert [m.person for m in matches_for_offer(job, matching_pool(officer), today=TODAY)] == [with_project]


def test_the_pool_of_a_referent_is_their_caseload_and_a_partner_has_none(sheets):
    maison = MaisonDepartementFactory(departement=Departement.objects.get(code="87"))
    referent = referent_in(maison)
    followed, other = person_at(), person_at()
    for person in (followed, other):
        project(person, ["K2204"])
    ReferentAssignmentFactory(person=followed, organization=maison, referent=referent)
    partner = MembershipFactory(role=Role.PARTNER, organization=OrganizationFactory()).user

    assert list(matching_pool(referent)) == [followed]
    assert list(matching_pool(partner)) == []


def test_an_offer_finds_the_same_ranked_matches_as_a_full_scan_of_every_project(sheets):
    rng = random.Random(12)
    codes = ["K2204", "K2205", "K2203", "F1703", "N4101"]
    for n in range(40):
        person = person_at(insee=f"873{n:02d}", km_north=rng.uniform(-60, 60))
        project(
            person,
            rng.sample(codes, rng.randint(1, 2)),
            radius=rng.choice([5, 10, 30, 60]),
            weekly_hours_min=rng.choice([None, 20]),
            weekly_hours_max=rng.choice([None, 30]),
        )
        if n % 3 == 0:
            with_barriers(person, rng.choice(["sans-permis", "garde-jeunes-enfants", "horaires-atypiques"]))
    for code in ("K2204", "N4101"):
        job = offer(code, km_north=rng.uniform(-20, 20), insee="87999", description="Travail de nuit.")
        (opening,) = flag_tension(load_openings(JobOffer.objects.filter(pk=job.pk)))
        scan = rank(
            [m for s in load_seekers(EmploymentProject.objects.all()) if (m := score(s, opening, TODAY))]
        )

        matches = matches_for_offer(job, Person.objects.all(), today=TODAY)

        assert matches and len(matches) < 40
        assert [(m.person.pk, m.score, m.explanation) for m in matches] == [
            (m.person.pk, m.score, m.explanation) for m in scan
        ]
        assert all(isinstance(m.person, Person) and m.person.commune_name for m in matches)
