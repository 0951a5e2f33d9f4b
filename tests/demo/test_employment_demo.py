"""The demo's employment side: employers with valid SIRET, NAF and addresses in their département,
contacts and interactions with follow-ups done, due and late; SIAE of every kind with insertion
positions; job offers on ROME 4.0 appellations, some en tension, open, filled and closed; the
employment projects of the persons oriented towards employment, recorded by their référent and
consistent with their diagnostic; written through the services, once."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.demo import employment, employment_people, employment_placements, offers, pathways
from pacte.demo.structures import build_accounts, build_structures, demo_email
from pacte.employment import clauses, tension
from pacte.employment.enums import JobOfferStatus
from pacte.employment.matching import CHILDCARE, NO_CAR
from pacte.employment.models import (
    ClauseHours,
    EmployerProfile,
    Immersion,
    InsertionPosition,
    Interaction,
    JobOffer,
    Positioning,
    PositioningStatus,
    SocialClause,
    Tutoring,
)
from pacte.employment.placement_enums import ImmersionStatus
from pacte.employment.positionings import exit_for
from pacte.organizations.enums import SIAE_KINDS, OrganizationKind, Role
from pacte.organizations.models import User
from pacte.organizations.validators import validate_siret
from pacte.pathways.enums import ExitKind
from pacte.pathways.models import DiagnosticBarrier, EmploymentProject, Orientation, ReferentAssignment
from pacte.referentials.loaders import load_nomenclatures, load_rome
from pacte.territory import loaders
from pacte.territory.demo import build_demo_territories
from pacte.territory.models import Commune, Departement
from tests.factories import DossierFactory, PersonFactory

pytestmark = pytest.mark.django_db

PERSONS = 80
CODES = ("87", "79")


def _quiet(message):
    return None


def _persons(code, today):
    communes = list(Commune.objects.filter(departement_id=code).order_by("-population", "insee_code")[:12])
    for index in range(PERSONS):
        commune = communes[index % len(communes)]
        dossier = DossierFactory(
            departement_code=code,
            commune=commune,
            territory=commune.territory,
            dtdemrsa=today - datetime.timedelta(days=40 + index * 6),
        )
        PersonFactory(dossier=dossier)


def _load_employment(code, built):
    return (
        employment.load_employers(code, built, _quiet),
        employment_people.load_projects(code, _quiet),
        employment_placements.load_placements(code, built, _quiet),
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Both départements with their communes, the demo's structures, accounts, persons, pathways and
    catalogue, then the employment demo: loaded once for the module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        loaders.load_departements()
        loaders.load_communes(departements=list(CODES))
        load_rome()
        load_nomenclatures()
        today = timezone.localdate()
        loaded = {}
        for code in CODES:
            build_demo_territories(Departement.objects.get(code=code))
            built = build_structures(code)
            build_accounts(code, built)
            _persons(code, today)
            pathways.load_pathways(code, built, _quiet)
            offers.load_offers(code, built, _quiet)
            loaded[code] = (built, _load_employment(code, built))
        yield loaded
        transaction.set_rollback(True)


def test_employers_have_valid_siret_naf_and_addresses_in_their_departement(demo):
    for code in CODES:
        employers = EmployerProfile.objects.filter(departement_code=code).select_related(
            "organization", "commune"
        )
        assert (
            employers.filter(organization__kind=OrganizationKind.EMPLOYER).count()
            == len(employment.EMPLOYERS) + 1
        )
        for employer in employers:
            organization = employer.organization
            assert organization.departement_id == code
            validate_siret(organization.siret)
            assert employer.naf_code and employer.sector and employer.size_bracket
            assert employer.commune.departement_id == code and employer.latitude is not None
            assert employer.address
        sirets = list(employers.values_list("organization__siret", flat=True))
        assert len(set(sirets)) == len(sirets)
        assert employers.filter(contacts__isnull=False).distinct().count() == employers.count()


def test_interactions_with_follow_ups_done_due_and_late(demo):
    today = timezone.localdate()
    for code in CODES:
        interactions = Interaction.objects.filter(departement_code=code)
        assert interactions.count() >= 2 * len(employment.EMPLOYERS)
        assert not interactions.filter(day__gt=today).exists()
        late = interactions.follow_ups_due(today - datetime.timedelta(days=1))
        assert late.exists()
        assert interactions.exclude(follow_up_done_on=None).exists()
        assert interactions.filter(follow_up_on__gt=today).exists()
        assert late.count() == demo[code][1][0]["late_follow_ups"]


def test_siae_of_every_kind_with_insertion_positions(demo):
    for code in CODES:
        siae = EmployerProfile.objects.filter(departement_code=code).siae()
        kinds = set(siae.values_list("organization__kind", flat=True))
        assert kinds == set(SIAE_KINDS)
        positions = InsertionPosition.objects.filter(departement_code=code).select_related("appellation")
        assert {p.employer_id for p in positions} == set(siae.values_list("pk", flat=True))
        assert all(p.appellation.rome_id == p.rome_id for p in positions)


def test_job_offers_on_rome_appellations_some_en_tension_at_every_status(demo):
    for code in CODES:
        job_offers = JobOffer.objects.filter(departement_code=code).select_related(
            "appellation", "commune", "employer"
        )
        assert job_offers.count() >= 30
        assert set(job_offers.values_list("status", flat=True)) == set(JobOfferStatus.values)
        for offer in job_offers:
            assert offer.appellation.rome_id == offer.rome_id
            assert offer.commune.departement_id == code
            assert offer.employer.departement_code == code
            assert (offer.closed_on is None) == (offer.status == JobOfferStatus.OPEN)
        in_tension = job_offers.filter(tension.in_tension_q([code]))
        assert 0 < in_tension.count() < job_offers.count()
        assert in_tension.filter(status=JobOfferStatus.OPEN).exists()
    assert AuditEntry.objects.filter(action="job_offer.create").count() == JobOffer.objects.count()


def test_projects_of_the_persons_oriented_towards_employment_follow_their_diagnostic(demo):
    for code in CODES:
        # The référent who recorded the project followed the person then (a hire since may have ended it).
        oriented = set(
            Orientation.objects.current()
            .filter(track__in=employment_people.EMPLOYMENT_TRACKS)
            .values_list("person_id", flat=True)
        )
        projects = EmploymentProject.objects.filter(departement_code=code).select_related(
            "person", "updated_by"
        )
        assert projects.count() == demo[code][1][1] >= 10
        barriers = {}
        for person_id, barrier in DiagnosticBarrier.objects.values_list(
            "diagnostic__person_id", "barrier__code"
        ):
            barriers.setdefault(person_id, set()).add(barrier)
        in_tension = tension.tension_codes([code])[code]
        tense = 0
        for project in projects:
            assert project.person.departement_code == code
            assert project.person_id in oriented
            assert ReferentAssignment.objects.filter(
                person=project.person, referent=project.updated_by
            ).exists()
            romes = set(project.romes.values_list("code", flat=True))
            assert romes and romes <= set(employment_people.demo_romes())
            tense += bool(romes & in_tension)
            own = barriers.get(project.person_id, set())
            if own & set(NO_CAR):
                assert project.mobility_radius_km <= 10
            if own & CHILDCARE:
                assert project.weekly_hours_max <= 26 and not project.accepts_staggered_hours
        assert 0 < tense < projects.count()


def test_loading_again_adds_nothing(demo):
    counts = {
        model: model.objects.count()
        for model in (
            EmployerProfile,
            Interaction,
            InsertionPosition,
            JobOffer,
            EmploymentProject,
            Positioning,
            Immersion,
            Tutoring,
            SocialClause,
            ClauseHours,
        )  # fmt: skip
    }
    for code in CODES:
        assert _load_employment(code, demo[code][0]) == ({}, 0, {})
    assert counts == {model: model.objects.count() for model in counts}


def test_positionings_at_every_status_and_lasting_hires_record_the_exit(demo):
    for code in CODES:
        found = Positioning.objects.filter(departement_code=code).select_related(
            "person", "job_offer", "insertion_position", "pathway_exit"
        )
        assert set(found.values_list("status", flat=True)) == set(PositioningStatus.values)
        assert found.filter(insertion_position__isnull=False).exists()
        projects = set(
            EmploymentProject.objects.filter(departement_code=code).values_list("person_id", flat=True)
        )
        for positioning in found:
            assert positioning.person.departement_code == code and positioning.person_id in projects
            assert positioning.target.departement_code == code
            if positioning.status != PositioningStatus.HIRED:
                assert positioning.pathway_exit is None
                continue
            lasting = exit_for(positioning.contract_type, positioning.contract_months) is not None
            assert (positioning.pathway_exit is not None) == lasting
            if lasting:
                assert positioning.pathway_exit.kind == ExitKind.EMPLOYMENT
                assert positioning.pathway_exit.exit_date == positioning.hired_on
                assert not ReferentAssignment.objects.active().filter(person=positioning.person).exists()
            if positioning.job_offer is not None and positioning.job_offer.positions == 1:
                assert positioning.job_offer.status == JobOfferStatus.FILLED
        counts = demo[code][1][2]
        assert counts["exits"] == found.exclude(pathway_exit=None).count() > 0


def test_immersions_at_every_status_prescribed_by_the_persons_referent(demo):
    for code in CODES:
        found = Immersion.objects.filter(departement_code=code).select_related("employer")
        assert set(found.values_list("status", flat=True)) == set(ImmersionStatus.values)
        for immersion in found:
            assert immersion.employer.departement_code == code
            assert immersion.prescriber_organization.memberships.filter(user=immersion.prescriber).exists()
            if immersion.status in (
                ImmersionStatus.SIGNED,
                ImmersionStatus.CARRIED_OUT,
                ImmersionStatus.EVALUATED,
            ):
                assert (
                    immersion.person_signed_on
                    and immersion.employer_signed_on
                    and immersion.prescriber_signed_on
                )
            if immersion.status == ImmersionStatus.EVALUATED:
                assert immersion.skills_observed and immersion.next_step


def test_tutoring_in_the_first_months_of_work_and_clause_hours_each_month(demo):
    today = timezone.localdate()
    for code in CODES:
        followed = Tutoring.objects.filter(departement_code=code)
        assert followed.count() >= 2
        for item in followed:
            assert item.started_on <= today and item.employer.departement_code == code
            assert all(item.started_on <= m.held_on <= today for m in item.meetings.all())
        found = SocialClause.objects.filter(departement_code=code)
        assert found.count() == len(employment_placements.CLAUSES)
        for clause in found:
            hours = ClauseHours.objects.filter(clause=clause).select_related("person")
            assert hours.exists()
            assert all(clause.starts_on.replace(day=1) <= h.month <= today for h in hours)
            assert all(h.person.departement_code == code for h in hours)
            assert 0 < clauses.compliance(clause).done < clause.required_hours


def test_the_dashboard_reads_the_demo(demo, client):
    today = timezone.localdate()
    client.force_login(User.objects.get(email=demo_email(Role.EMPLOYER_RELATIONS, "87")))
    response = client.get(reverse("web:employment_dashboard_departement", args=["87"]), {"annee": today.year})
    assert response.status_code == 200
    hires = Positioning.objects.filter(departement_code="87", status=PositioningStatus.HIRED)
    assert response.context["recruitments"].total == hires.count() > 0
    coverage = response.context["coverage"]
    assert 0 < coverage.covered <= coverage.jobs and coverage.with_offers > 0
    assert len(response.context["clauses"].rows) == len(employment_placements.CLAUSES)
    assert "Martin" not in response.content.decode()  # no person's name
