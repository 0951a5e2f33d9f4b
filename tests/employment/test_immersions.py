import datetime
import io

import pytest
from pypdf import PdfReader

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.employment import immersions
from pacte.employment.immersion_pdf import convention_pdf
from pacte.employment.models import Immersion
from pacte.employment.placement_enums import ImmersionStatus
from pacte.employment.placement_people import find_person
from pacte.organizations.enums import Role
from tests.employment.factories import RomeAppellationFactory
from tests.employment.placement_factories import ImmersionFactory, employer_in
from tests.factories import DepartementFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import ReferentAssignmentFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def referent_setup():
    """A référent of a Maison du département with one person of their caseload."""
    assignment = ReferentAssignmentFactory(person=PersonFactory(last_name="Lefèvre", first_name="Inès"))
    return assignment.referent, assignment.organization, assignment.person


def _create(actor, organization, person, **overrides):
    fields = {
        "employer": employer_in(person.departement_code, "Boulangerie du Centre"),
        "prescriber_organization": organization,
        "appellation": RomeAppellationFactory().code_ogr,
        "starts_on": TODAY + datetime.timedelta(days=7),
        "ends_on": TODAY + datetime.timedelta(days=20),
        "weekly_hours": "35",
        "objective": "confirm",
        "tutor_name": " Paul Fournil ",
        "tutor_job_title": "Chef boulanger",
        "activities": "Préparation des pâtes, cuisson, vente.",
    }
    fields.update(overrides)
    return immersions.create_immersion(actor=actor, person=person, **fields)


def test_a_referent_prescribes_an_immersion_in_draft(referent_setup):
    referent, organization, person = referent_setup
    immersion = _create(referent, organization, person)
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.DRAFT
    assert immersion.prescriber == referent and immersion.tutor_name == "Paul Fournil"
    assert immersion.rome_id == "F1703" and immersion.departement_code == "87"
    assert not immersion.fully_signed
    assert AuditEntry.objects.filter(action="immersion.create").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": TODAY + datetime.timedelta(days=60)}, "ends_on", "au plus un mois"),
        ({"ends_on": TODAY}, "ends_on", "suit son début"),
        ({"objective": "holiday"}, "objective", "objet"),
        ({"tutor_name": " "}, "tutor_name", "tuteur"),
        ({"weekly_hours": "60"}, "weekly_hours", "de 1 à 48"),
        ({"appellation": "Métier inconnu"}, "appellation", "inconnue"),
    ],
)
def test_a_convention_with_bad_fields_is_refused_and_nothing_is_written(
    referent_setup, overrides, field, message
):
    referent, organization, person = referent_setup
    with pytest.raises(DomainError, match=message) as error:
        _create(referent, organization, person, **overrides)
    assert error.value.field == field
    assert not Immersion.objects.exists()
    assert not AuditEntry.objects.filter(action="immersion.create").exists()


def test_the_employer_and_the_prescriber_structure_must_fit(referent_setup):
    referent, organization, person = referent_setup
    with pytest.raises(DomainError, match="département de la personne") as error:
        _create(referent, organization, person, employer=employer_in("79"))
    assert error.value.field == "employer"
    with pytest.raises(DomainError, match="structures du prescripteur") as error:
        _create(referent, organization, person, prescriber_organization=OrganizationFactory())
    assert error.value.field == "prescriber_organization"


def test_each_party_signs_and_the_third_signature_makes_it_signed(referent_setup):
    referent, organization, person = referent_setup
    immersion = _create(referent, organization, person)
    yesterday = TODAY - datetime.timedelta(days=1)
    immersions.sign(actor=referent, immersion=immersion, party="person", day=yesterday)
    immersions.sign(actor=referent, immersion=immersion, party="employer")
    assert immersion.status == ImmersionStatus.DRAFT
    with pytest.raises(DomainError, match="déjà signée par la personne"):
        immersions.sign(actor=referent, immersion=immersion, party="person")
    with pytest.raises(DomainError, match="jour à venir"):
        immersions.sign(
            actor=referent, immersion=immersion, party="prescriber", day=TODAY + datetime.timedelta(days=1)
        )
    immersions.sign(actor=referent, immersion=immersion, party="prescriber")
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.SIGNED and immersion.fully_signed
    assert (immersion.person_signed_on, immersion.employer_signed_on, immersion.prescriber_signed_on) == (
        yesterday,
        TODAY,
        TODAY,
    )
    actions = list(
        AuditEntry.objects.filter(action__startswith="immersion.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["immersion.create", "immersion.signature", "immersion.signature", "immersion.signed"]
    with pytest.raises(DomainError, match="ne se modifie plus"):
        immersions.update_immersion(actor=referent, immersion=immersion, employer=immersion.employer)


def test_changing_a_draft_withdraws_the_signatures(referent_setup):
    referent, organization, person = referent_setup
    immersion = _create(referent, organization, person)
    immersions.sign(actor=referent, immersion=immersion, party="employer")
    immersions.update_immersion(
        actor=referent,
        immersion=immersion,
        employer=immersion.employer,
        appellation=immersion.appellation_id,
        starts_on=immersion.starts_on,
        ends_on=immersion.ends_on,
        weekly_hours="20",
        objective="discover",
        tutor_name="Paul Fournil",
    )
    immersion.refresh_from_db()
    assert immersion.weekly_hours == 20 and immersion.employer_signed_on is None


def test_carried_out_then_evaluated_and_the_table_refuses_the_rest():
    immersion = ImmersionFactory(status=ImmersionStatus.DRAFT)
    actor = MembershipFactory(role=Role.EMPLOYER_RELATIONS).user
    with pytest.raises(TransitionError, match="Passage impossible"):
        immersions.record_carried_out(actor=actor, immersion=immersion)
    immersion = ImmersionFactory(status=ImmersionStatus.SIGNED, starts_on=TODAY + datetime.timedelta(days=2))
    with pytest.raises(DomainError, match="sa réalisation se constate ensuite"):
        immersions.record_carried_out(actor=actor, immersion=immersion)
    immersion = ImmersionFactory(status=ImmersionStatus.SIGNED)
    immersions.record_carried_out(actor=actor, immersion=immersion)
    assert immersion.status == ImmersionStatus.CARRIED_OUT and immersion.carried_out_on == TODAY
    with pytest.raises(DomainError, match="suite donnée"):
        immersions.evaluate(
            actor=actor, immersion=immersion, skills_observed="Ponctualité", attendance="full", next_step="x"
        )
    immersions.evaluate(
        actor=actor,
        immersion=immersion,
        skills_observed="Ponctualité, travail en équipe, gestes de cuisson",
        attendance="full",
        next_step="recruitment",
        notes="L'employeur propose un CDD.",
    )
    immersion.refresh_from_db()
    assert (
        immersion.status == ImmersionStatus.EVALUATED and immersion.get_next_step_display() == "Recrutement"
    )
    with pytest.raises(TransitionError):
        immersions.cancel(actor=actor, immersion=immersion, reason="Trop tard")


def test_a_cancellation_needs_its_reason():
    immersion = ImmersionFactory(status=ImmersionStatus.SIGNED)
    actor = MembershipFactory(role=Role.EMPLOYER_RELATIONS).user
    with pytest.raises(DomainError, match="motif") as error:
        immersions.cancel(actor=actor, immersion=immersion, reason="  ")
    assert error.value.field == "reason"
    immersions.cancel(actor=actor, immersion=immersion, reason="L'employeur a fermé.")
    immersion.refresh_from_db()
    assert (
        immersion.status == ImmersionStatus.CANCELLED and immersion.cancelled_reason == "L'employeur a fermé."
    )
    with pytest.raises(DomainError, match="ne reçoit plus de signature"):
        immersions.sign(actor=actor, immersion=immersion, party="person")


def test_the_convention_pdf_names_the_parties_the_dates_and_the_signatures(referent_setup):
    referent, organization, person = referent_setup
    DepartementFactory(code="87")
    immersion = _create(referent, organization, person)
    immersions.sign(actor=referent, immersion=immersion, party="person", day=TODAY)
    reader = PdfReader(io.BytesIO(convention_pdf(immersion)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Convention de période de mise en situation en milieu professionnel" in text
    assert "Inès Lefèvre" in text and "Boulangerie du Centre" in text and "Paul Fournil" in text
    assert organization.name in text
    assert f"du {immersion.starts_on:%d/%m/%Y} au {immersion.ends_on:%d/%m/%Y}" in text
    assert "Confirmer un projet professionnel" in text
    assert f"Signée le {TODAY:%d/%m/%Y}" in text and text.count("En attente de signature") == 2
    assert "Convention en attente" in text
    assert "2850687085123" not in text  # never the NIR
    assert reader.metadata.title.startswith("Convention de période")


def test_visibility_of_immersions(referent_setup):
    referent, organization, person = referent_setup
    mine = _create(referent, organization, person)
    other_87 = ImmersionFactory()
    in_79 = ImmersionFactory(person=PersonFactory(dossier__departement_code="79"))
    officer_87 = MembershipFactory(role=Role.EMPLOYER_RELATIONS, organization__departement__code="87").user
    officer_79 = MembershipFactory(role=Role.EMPLOYER_RELATIONS, organization__departement__code="79").user
    host_member = MembershipFactory(role=Role.PARTNER, organization=mine.employer.organization).user
    analyst = MembershipFactory(role=Role.ANALYST, organization__departement__code="87").user

    def seen(user):
        return set(Immersion.objects.visible_to(user).values_list("pk", flat=True))

    assert seen(officer_87) == {mine.pk, other_87.pk}
    assert seen(officer_79) == {in_79.pk}
    assert seen(referent) == {mine.pk}
    assert seen(host_member) == {mine.pk}
    assert set(Immersion.objects.editable_by(host_member)) == set()
    assert seen(analyst) == set()


def test_a_person_is_found_by_name_and_birth_date_within_reach(referent_setup):
    referent, _, person = referent_setup
    assert (
        find_person(referent, last_name="lefevre", first_name="INES", birth_date=person.birth_date) == person
    )
    stranger = PersonFactory(last_name="Durand", first_name="Léa")
    with pytest.raises(DomainError, match="Aucune personne"):
        find_person(referent, last_name="Durand", first_name="Léa", birth_date=stranger.birth_date)
    officer = MembershipFactory(role=Role.EMPLOYER_RELATIONS, organization__departement__code="87").user
    assert (
        find_person(officer, last_name="Durand", first_name="lea", birth_date=stranger.birth_date) == stranger
    )
    with pytest.raises(DomainError, match="Aucune personne"):
        find_person(officer, last_name="Durand", first_name="Léa", birth_date=datetime.date(1990, 1, 1))
