import datetime
from decimal import Decimal

import pytest

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.employment import services
from pacte.employment.enums import naf_section
from pacte.employment.models import EmployerProfile
from pacte.organizations.enums import OrganizationKind
from tests.employment.factories import (
    EmployerContactFactory,
    EmployerProfileFactory,
    InteractionFactory,
    JobOfferFactory,
    RomeAppellationFactory,
)
from tests.factories import CommuneFactory, DepartementFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_naf_codes_are_checked_and_give_their_section():
    assert services.clean_naf("43.21a") == ("43.21A", "F")
    assert services.clean_naf("8810A") == ("88.10A", "Q")
    assert services.clean_naf("") == ("", "")
    assert naf_section("01.11Z") == "A" and naf_section("99.00Z") == "U"
    with pytest.raises(DomainError) as error:
        services.clean_naf("4321")
    assert error.value.field == "naf_code" and "NN.NNX" in error.value.message
    with pytest.raises(DomainError, match="aucune division"):
        services.clean_naf("40.11Z")


def test_an_employer_is_an_organisation_with_a_profile_placed_at_its_commune():
    actor, departement = UserFactory(), DepartementFactory(code="87")
    commune = CommuneFactory(insee_code="87085", departement=departement, latitude=45.83, longitude=1.26)
    profile = services.create_employer(
        actor=actor,
        departement=departement,
        name="  Bâti Limousin ",
        kind=OrganizationKind.EMPLOYER,
        siret="732 829 320 00074",
        naf_code="43.99c",
        size_bracket="12",
        commune=commune,
        website="https://bati.example",
    )
    profile.refresh_from_db()
    assert profile.organization.name == "Bâti Limousin"
    assert profile.organization.siret == "73282932000074"
    assert (profile.naf_code, profile.sector, profile.get_size_bracket_display()) == (
        "43.99C",
        "F",
        "20 à 49 salariés",
    )
    assert (profile.latitude, profile.longitude, profile.departement_code) == (45.83, 1.26, "87")
    assert _actions() == ["organization.create", "employer.create"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"siret": "12345678901234"}, "siret", "clé de contrôle"),
        ({"kind": OrganizationKind.ASSOCIATION}, "kind", "SIAE"),
        ({"name": " "}, "name", "nom"),
        ({"naf_code": "ABC"}, "naf_code", "NN.NNX"),
        ({"size_bracket": "99"}, "size_bracket", "inconnu"),
        ({"website": "bati.example"}, "website", "https://"),
    ],
)
def test_an_employer_with_a_wrong_field_is_refused_naming_it(fields, field, message):
    arguments = {"name": "Bâti Limousin", "kind": OrganizationKind.EMPLOYER, **fields}
    with pytest.raises(DomainError) as error:
        services.create_employer(actor=UserFactory(), departement=DepartementFactory(), **arguments)
    assert error.value.field == field and message in error.value.message
    assert not EmployerProfile.objects.exists()


def test_a_siret_already_in_the_departement_and_a_commune_elsewhere_are_refused():
    departement = DepartementFactory(code="87")
    OrganizationFactory(siret="73282932000074", departement=departement)
    with pytest.raises(DomainError, match="existe déjà"):
        services.create_employer(
            actor=None, departement=departement, name="Doublon", kind="employer", siret="73282932000074"
        )
    niort = CommuneFactory(insee_code="79191", departement=DepartementFactory(code="79"))
    with pytest.raises(DomainError) as error:
        services.create_employer(
            actor=None, departement=departement, name="Ailleurs", kind="employer", commune=niort
        )
    assert error.value.field == "commune"


def test_an_interaction_with_a_follow_up_and_its_follow_up_done():
    employer = EmployerProfileFactory()
    contact = EmployerContactFactory(employer=employer)
    interaction = services.add_interaction(
        actor=None,
        employer=employer,
        kind="job_dating",
        day=TODAY,
        subject="Job dating du bâtiment",
        contact=contact,
        follow_up_on=TODAY + datetime.timedelta(days=7),
    )
    with pytest.raises(DomainError) as error:
        services.add_interaction(
            actor=None,
            employer=employer,
            kind="visit",
            day=TODAY,
            subject="Visite",
            follow_up_on=TODAY - datetime.timedelta(days=1),
        )
    assert error.value.field == "follow_up_on"
    with pytest.raises(DomainError, match="ne peut être à venir"):
        services.add_interaction(
            actor=None,
            employer=employer,
            kind="visit",
            day=TODAY + datetime.timedelta(days=1),
            subject="Visite",
        )
    other = EmployerContactFactory()
    with pytest.raises(DomainError, match="pas de cet employeur"):
        services.add_interaction(
            actor=None, employer=employer, kind="visit", day=TODAY, subject="Visite", contact=other
        )
    services.mark_follow_up_done(actor=None, interaction=interaction)
    assert interaction.follow_up_done_on == TODAY
    with pytest.raises(DomainError, match="déjà faite"):
        services.mark_follow_up_done(actor=None, interaction=interaction)


def test_follow_ups_due_are_those_of_today_or_before_not_done():
    employer = EmployerProfileFactory()
    late = InteractionFactory(employer=employer, follow_up_on=TODAY - datetime.timedelta(days=2))
    today = InteractionFactory(employer=employer, follow_up_on=TODAY)
    InteractionFactory(employer=employer, follow_up_on=TODAY + datetime.timedelta(days=1))
    InteractionFactory(employer=employer, follow_up_on=TODAY, follow_up_done_on=TODAY)
    InteractionFactory(employer=employer)
    due = employer.interactions.follow_ups_due(TODAY)
    assert set(due) == {late, today}


def test_contacts_are_checked():
    employer = EmployerProfileFactory()
    with pytest.raises(DomainError) as error:
        services.add_contact(actor=None, employer=employer, last_name="Durand", email="pas-une-adresse")
    assert error.value.field == "email"
    contact = services.add_contact(
        actor=None, employer=employer, last_name=" Durand ", email="C.Durand@Example.org"
    )
    assert (contact.last_name, contact.email, contact.departement_code) == (
        "Durand",
        "c.durand@example.org",
        "87",
    )


def test_a_job_offer_takes_its_rome_from_its_appellation_and_its_place_from_its_commune():
    employer = EmployerProfileFactory()
    appellation = RomeAppellationFactory()
    commune = CommuneFactory(insee_code="87085", latitude=45.8, longitude=1.2)
    offer = services.create_job_offer(
        actor=None,
        employer=employer,
        title="Maçon en rénovation",
        appellation="16250",
        commune=commune,
        contract_type="cdd",
        weekly_hours="35,5",
        positions=2,
    )
    assert (offer.rome_id, offer.appellation_id, offer.weekly_hours) == ("F1703", 16250, Decimal("35.5"))
    assert (offer.latitude, offer.longitude, offer.status, offer.opened_on) == (45.8, 1.2, "open", TODAY)
    by_label = services.create_job_offer(
        actor=None, employer=employer, title="Maçon", appellation="maçon / maçonne", commune=commune,
        contract_type="cdi", weekly_hours=35,
    )  # fmt: skip
    assert by_label.appellation == appellation


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"appellation": "99999"}, "appellation"),
        ({"weekly_hours": "60"}, "weekly_hours"),
        ({"weekly_hours": "trente"}, "weekly_hours"),
        ({"positions": 0}, "positions"),
        ({"contract_type": "cdx"}, "contract_type"),
        ({"title": "M"}, "title"),
        ({"opened_on": TODAY + datetime.timedelta(days=1)}, "opened_on"),
    ],
)
def test_a_job_offer_with_a_wrong_field_is_refused_naming_it(fields, field):
    RomeAppellationFactory()
    arguments = {
        "title": "Maçon", "appellation": "16250", "commune": CommuneFactory(), "contract_type": "cdi",
        "weekly_hours": 35, **fields,
    }  # fmt: skip
    with pytest.raises(DomainError) as error:
        services.create_job_offer(actor=None, employer=EmployerProfileFactory(), **arguments)
    assert error.value.field == field


def test_job_offer_status_moves_through_its_table_and_is_logged():
    offer = JobOfferFactory()
    services.set_job_offer_status(actor=None, job_offer=offer, status="closed")
    assert (offer.status, offer.closed_on) == ("closed", TODAY)
    services.set_job_offer_status(actor=None, job_offer=offer, status="open")
    assert (offer.status, offer.closed_on) == ("open", None)
    services.set_job_offer_status(actor=None, job_offer=offer, status="filled")
    with pytest.raises(TransitionError, match="Pourvue"):
        services.set_job_offer_status(actor=None, job_offer=offer, status="open")
    assert _actions()[-3:] == ["job_offer.closed", "job_offer.open", "job_offer.filled"]


def test_insertion_positions_are_for_siae_only():
    RomeAppellationFactory()
    siae = EmployerProfileFactory(organization__kind=OrganizationKind.SIAE_ACI)
    position = services.add_insertion_position(
        actor=None, employer=siae, appellation="16250", positions=4, weekly_hours=26
    )
    assert (position.rome_id, position.positions, position.contract_type) == ("F1703", 4, "cddi")
    with pytest.raises(DomainError, match="SIAE"):
        services.add_insertion_position(
            actor=None, employer=EmployerProfileFactory(), appellation="16250", positions=1, weekly_hours=26
        )
