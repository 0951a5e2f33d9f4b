"""The demo catalogue and its prescriptions: about 150 offers per département in its own communes,
valid items of the national schema, prescriptions at every stage sent by the référents who follow
the persons, the partner demo account seeing exactly the persons of its open prescriptions;
written through the services, once."""

import datetime
import random

import pytest
from data_inclusion.schema import v1 as schema
from django.db import transaction
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import Person
from pacte.demo import offer_catalogue, offer_prescriptions, offers, pathways
from pacte.demo.structures import build_accounts, build_structures, demo_email
from pacte.offers import schema_export, search, services
from pacte.offers.enums import (
    OPEN_PRESCRIPTION_STATUSES,
    FundingKind,
    OfferAim,
    OfferStatus,
    PrescriptionStatus,
)
from pacte.offers.models import Attendance, Offer, OfferSession, Prescription
from pacte.organizations.enums import OrganizationKind, Role
from pacte.organizations.models import Organization, User
from pacte.pathways.models import DiagnosticBarrier, ReferentAssignment
from pacte.referentials.loaders import load_nomenclatures
from pacte.territory import loaders
from pacte.territory.demo import build_demo_territories
from pacte.territory.models import Commune, Departement
from tests.factories import DossierFactory, PersonFactory

pytestmark = pytest.mark.django_db

PERSONS = 70
S = PrescriptionStatus


def _quiet(message):
    return None


def _persons(code, today):
    """Entrants of the last year and a half, living in the département's larger towns."""
    communes = list(Commune.objects.filter(departement_id=code).order_by("-population", "insee_code")[:12])
    for index in range(PERSONS):
        commune = communes[index % len(communes)]
        dossier = DossierFactory(
            departement_code=code,
            commune=commune,
            territory=commune.territory,
            dtdemrsa=today - datetime.timedelta(days=40 + index * 7),
        )
        # Names of their own: the factory's numbering depends on the tests run before in the
        # process, and the persons' order (by name) drives the demo's draws.
        PersonFactory(dossier=dossier, last_name=f"Personne{index:03d}")


def _load(code):
    built = build_structures(code)
    offers.load_offers(code, built, _quiet)
    return built, offer_prescriptions.load_prescriptions(code, built, _quiet)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Both départements with their real communes and territories, the demo's structures and
    accounts, followed persons, then the catalogue and the prescriptions: loaded once for the
    module (a few seconds), in a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        loaders.load_departements()
        loaders.load_communes(departements=["87", "79"])
        load_nomenclatures()  # the barriers of the diagnostics
        today = timezone.localdate()
        loaded = {}
        for code in ("87", "79"):
            build_demo_territories(Departement.objects.get(code=code))
            built = build_structures(code)
            build_accounts(code, built)
            _persons(code, today)
            pathways.load_pathways(code, built, _quiet)
            loaded[code] = _load(code)
        yield loaded
        transaction.set_rollback(True)


def test_about_150_offers_per_departement_in_its_own_communes_of_every_kind(demo):
    for code in ("87", "79"):
        catalogue = Offer.objects.filter(departement_code=code).select_related("commune", "organization")
        assert catalogue.count() == offers.OFFERS_PER_DEPARTEMENT
        assert all(offer.commune.departement_id == code for offer in catalogue)
        assert all(offer.organization.departement_id == code for offer in catalogue)
        # Spread over the territories of action, weighted towards the larger towns, some rural.
        territories = {offer.commune.territory_id for offer in catalogue}
        assert None not in territories and len(territories) >= 6
        seat = Departement.objects.get(code=code).communes.order_by("-population").first()
        assert catalogue.filter(commune=seat).count() >= 8
        assert catalogue.filter(commune__population__lt=1500).count() >= 10
        statuses = {status: catalogue.filter(status=status).count() for status in OfferStatus.values}
        assert statuses[OfferStatus.PUBLISHED] >= 110 and statuses[OfferStatus.DRAFT] >= 3
        assert statuses[OfferStatus.ARCHIVED] >= 3
        assert catalogue.filter(is_remote_only=True, reception_modes=["a-distance"]).count() >= 2
        assert set(catalogue.values_list("funding_kind", flat=True)) >= set(FundingKind.values) - {"autre"}
        assert catalogue.filter(waiting_list__gt=0).exists()
        assert not catalogue.exclude(contact_email__endswith="@example.org").exists()
        kinds = set(catalogue.values_list("organization__kind", flat=True))
        assert kinds >= {
            OrganizationKind.MISSION_LOCALE, OrganizationKind.PLIE, OrganizationKind.SIAE_ACI,
            OrganizationKind.SIAE_EI, OrganizationKind.SIAE_AI, OrganizationKind.CCAS,
            OrganizationKind.ASSOCIATION, OrganizationKind.TRAINING_BODY,
        }  # fmt: skip
        names = list(catalogue.values_list("name", flat=True))
        assert len(set(names)) == len(names)
    # Every offer created by a service, and audited.
    assert AuditEntry.objects.filter(action="offer.create").count() == Offer.objects.count()


def test_every_code_is_the_schemas_and_the_themes_match_the_needs(demo):
    for offer in Offer.objects.select_related("organization", "commune"):
        services.clean_fields({name: getattr(offer, name) for name in services.MULTI_CHOICES})
        assert offer.aims and set(offer.aims) <= set(OfferAim.values)
        # The thématiques answer the need the catalogue's theme names (the search finds it so).
        need = offer_catalogue.BARRIER_BY_THEME[offers.theme_of(offer)]
        assert search.matching(Offer.objects.filter(pk=offer.pk), themes=[need]).exists(), offer.name
    items = schema_export.export_catalogue(Offer.objects.all())
    assert len(items) == Offer.objects.published().count()
    for item in items:
        schema.Service.model_validate(item)
    for offer in Offer.objects.exclude(status=OfferStatus.PUBLISHED).select_related(
        "organization", "commune"
    ):
        schema.Service.model_validate(schema_export.as_service(offer))


def test_the_catalogue_is_drawn_the_same_each_time(demo):
    for code in ("87", "79"):
        again = offers.Catalogue(code, demo[code][0], random.Random(offers.SEEDS[code]))
        drawn = [
            f"{template.name} (à distance)" if remote else f"{template.name} — {commune.name}"
            for _, _, template, commune, remote in offers._draws(again, offers.OFFERS_PER_DEPARTEMENT)
        ]
        loaded = Offer.objects.filter(departement_code=code)
        assert sorted(drawn) == sorted(loaded.values_list("name", flat=True))


def test_sessions_past_and_to_come_and_offers_left_unupdated_for_the_reminder(demo):
    today = timezone.localdate()
    sessions = OfferSession.objects.all()
    assert sessions.filter(end_date__lt=today).exists() and sessions.filter(start_date__gt=today).exists()
    assert sessions.filter(start_date__lte=today, end_date__gte=today).exists()
    assert not sessions.filter(offer__status=OfferStatus.ARCHIVED, end_date__gte=today).exists()
    stale = services.stale_offers()
    for code in ("87", "79"):
        assert 3 <= stale.filter(departement_code=code).count() <= 25
    assert not Offer.objects.filter(updated_at__date=today).exists()


def test_prescriptions_at_every_stage_sent_by_the_referents_who_follow_the_persons(demo):
    today = timezone.localdate()
    for code in ("87", "79"):
        counts = demo[code][1]
        assert set(counts) == set(S.values) and all(counts[status] > 0 for status in S.values), counts
        prescriptions = Prescription.objects.filter(departement_code=code)
        assert sum(counts.values()) == prescriptions.count() >= 60
        followers = {
            a.person_id: a
            for a in ReferentAssignment.objects.active().filter(departement_code=code)
        }  # fmt: skip
        for prescription in prescriptions.select_related("offer", "session"):
            assignment = followers[prescription.person_id]
            assert prescription.prescriber_id == assignment.referent_id
            assert prescription.prescriber_organization_id == assignment.organization_id
            assert assignment.start_date <= prescription.sent_on <= today
            assert prescription.offer.status == OfferStatus.PUBLISHED
            assert prescription.barrier_theme and prescription.motive
            _check_dates(prescription, today)
    assert AuditEntry.objects.filter(action="prescription.send").count() == Prescription.objects.count()


def test_most_prescriptions_answer_a_barrier_of_the_persons_diagnostic(demo):
    needs = {}
    for person_id, theme in DiagnosticBarrier.objects.values_list("diagnostic__person_id", "barrier__theme"):
        needs.setdefault(person_id, set()).add(theme)
    diagnosed = Prescription.objects.filter(person_id__in=needs)
    answering = [p for p in diagnosed if p.barrier_theme in needs[p.person_id]]
    assert diagnosed.count() >= 40 and len(answering) >= 0.4 * diagnosed.count()


def _check_dates(prescription, today):
    status = prescription.status
    if status != S.SENT:
        assert prescription.sent_on <= (prescription.answered_on or prescription.sent_on) <= today
    if status == S.REFUSED:
        assert prescription.refusal_reason
    if status in (S.STARTED, S.COMPLETED):
        assert prescription.answered_on <= prescription.started_on <= today
        if prescription.session is not None:
            assert prescription.started_on >= prescription.session.start_date
        assert prescription.attendances.exists()
        days = prescription.attendances.values_list("day", flat=True)
        assert all(prescription.started_on <= day <= today and day.weekday() < 5 for day in days)
    if status in (S.COMPLETED, S.ABANDONED):
        assert prescription.outcome and prescription.ended_on <= today
        assert prescription.ended_on >= (prescription.started_on or prescription.sent_on)
    else:
        assert not prescription.outcome


def test_the_partner_account_sees_exactly_the_persons_of_its_open_prescriptions(demo):
    for code in ("87", "79"):
        partner = User.objects.get(email=demo_email(Role.PARTNER, code))
        own = demo[code][0]["association"]
        received = Prescription.objects.filter(offer__organization=own)
        open_persons = set(received.open().values_list("person_id", flat=True))
        assert len(open_persons) >= 5
        assert received.count() >= 0.2 * Prescription.objects.filter(departement_code=code).count()
        assert received.exclude(status__in=OPEN_PRESCRIPTION_STATUSES).exists()  # ended: no longer seen
        assert set(Person.objects.visible_to(partner).values_list("pk", flat=True)) == open_persons
        # Its own structure's open prescriptions only, never another partner's.
        visible = Prescription.objects.visible_to(partner)
        assert set(visible.values_list("offer__organization", flat=True)) == {own.pk}
        assert set(visible.values_list("status", flat=True)) <= set(OPEN_PRESCRIPTION_STATUSES)
        others = set(
            Prescription.objects.filter(departement_code=code)
            .exclude(person__in=open_persons)
            .values_list("person_id", flat=True)
        )
        assert others and not Person.objects.visible_to(partner).filter(pk__in=others).exists()


def _counts():
    models = (Organization, Offer, OfferSession, Prescription, Attendance, AuditEntry)
    return [model.objects.count() for model in models]


def test_a_second_load_adds_nothing(demo):
    before = _counts()
    for code in ("87", "79"):
        built = build_structures(code)
        assert offers.load_offers(code, built, _quiet) == 0
        assert offer_prescriptions.load_prescriptions(code, built, _quiet) == {}
    assert _counts() == before


def test_an_action_is_entered_on_a_working_day_even_when_the_demo_runs_on_a_sunday():
    day = datetime.date
    working_day = offer_prescriptions._working_day
    assert working_day(day(2026, 12, 3), day(2026, 12, 1), day(2026, 12, 6)) == day(2026, 12, 3)
    assert working_day(day(2026, 12, 5), day(2026, 12, 1), day(2026, 12, 9)) == day(2026, 12, 7)
    assert working_day(day(2026, 12, 6), day(2026, 12, 1), day(2026, 12, 6)) == day(2026, 12, 4)
    assert working_day(day(2026, 12, 6), day(2026, 12, 5), day(2026, 12, 6)) is None
