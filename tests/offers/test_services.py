import datetime
from decimal import Decimal

import pytest
from data_inclusion.schema import v1 as schema
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.offers import enums, schema_export, services
from pacte.offers.models import Offer
from pacte.organizations.enums import Role
from tests.factories import CommuneFactory, DepartementFactory, OrganizationFactory, user_with_role
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

MOBILITY = "mobilite--acceder-a-un-vehicule"


@pytest.fixture
def partner():
    organization = OrganizationFactory(
        name="Mission locale rurale", departement=DepartementFactory(code="87"), email="contact@ml.example"
    )
    return user_with_role(Role.PARTNER, organization), organization


def test_the_nomenclatures_are_the_national_schemas_own():
    assert enums.Thematique.values == [member.value for member in schema.Thematique]
    assert dict(enums.Public.choices)["femmes"] == schema.Public.FEMMES.label
    assert enums.ServiceType.values == [member.value for member in schema.TypeService]


def test_a_partner_creates_a_draft_placed_at_its_commune_then_publishes_it(partner):
    user, organization = partner
    commune = CommuneFactory(insee_code="87154", name="Saint-Junien", latitude=45.888, longitude=0.901)
    offer = services.create_offer(
        actor=user, organization=organization, name="Garage solidaire", description="Réparer son véhicule à prix coûtant.",
        thematiques=[MOBILITY, MOBILITY], publics=["beneficiaires-des-minimas-sociaux"], commune=commune,
        weekly_hours="3,5", aims=["lever_freins"], eligibility_zone=["87", "87154"],
    )  # fmt: skip
    assert (offer.status, offer.departement_code, offer.thematiques) == ("draft", "87", [MOBILITY])
    assert (offer.latitude, offer.longitude, offer.weekly_hours) == (45.888, 0.901, Decimal("3.5"))
    services.set_status(actor=user, offer=offer, status="published")
    offer.refresh_from_db()
    assert offer.status == "published"
    assert AuditEntry.objects.filter(action="offer.publish").count() == 1
    with pytest.raises(TransitionError):
        services.set_status(actor=user, offer=offer, status="published")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"thematiques": ["pas-une-thematique"]}, "thematiques"),
        ({"publics": ["tous-publics", "femmes"]}, "publics"),
        ({"eligibility_zone": ["Limoges"]}, "eligibility_zone"),
        ({"weekly_hours": "beaucoup"}, "weekly_hours"),
        ({"weekly_hours": 80}, "weekly_hours"),
        ({"fees": "cher"}, "fees"),
        ({"name": "AB"}, "name"),
    ],
)
def test_bad_fields_are_refused_in_french_and_nothing_is_written(partner, fields, field):
    user, organization = partner
    values = {"name": "Atelier mobilité", "description": "Un atelier pour se déplacer.", **fields}
    with pytest.raises(DomainError) as error:
        services.create_offer(actor=user, organization=organization, **values)
    assert error.value.field == field
    assert not Offer.objects.exists()


def test_an_offer_without_a_place_is_not_published_unless_remote(partner):
    user, organization = partner
    offer = services.create_offer(
        actor=user, organization=organization, name="Coaching", description="En ligne."
    )
    with pytest.raises(DomainError) as error:
        services.set_status(actor=user, offer=offer, status="published")
    assert error.value.field == "commune"
    services.update_offer(actor=user, offer=offer, is_remote_only=True, reception_modes=["a-distance"])
    services.set_status(actor=user, offer=offer, status="published")
    assert Offer.objects.get().status == "published"


def test_sessions_keep_their_dates_in_order(partner):
    user, organization = partner
    offer = OfferFactory(organization=organization)
    today = timezone.localdate()
    with pytest.raises(DomainError) as error:
        services.add_session(
            actor=user, offer=offer, start_date=today, end_date=today - datetime.timedelta(days=1)
        )
    assert error.value.field == "end_date"
    session = services.add_session(
        actor=user, offer=offer, start_date=today, capacity=12, place="Salle des fêtes"
    )
    assert list(offer.sessions.upcoming(today)) == [session]


def test_offers_untouched_for_six_months_are_reminded_once(partner):
    _, organization = partner
    old = OfferFactory(organization=organization, contact_email="referente@ml.example")
    fresh = OfferFactory(organization=organization)
    Offer.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=200))
    call_command("remind-stale-offers")
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["contact@ml.example", "referente@ml.example"]
    assert old.name in mail.outbox[0].body and fresh.name not in mail.outbox[0].body
    call_command("remind-stale-offers")
    assert len(mail.outbox) == 1  # once, until the offer is updated
    assert AuditEntry.objects.filter(action="offer.reminder").count() == 1


def test_every_exported_offer_is_a_valid_item_of_the_national_schema(partner):
    user, organization = partner
    commune = CommuneFactory(insee_code="87085", name="Limoges", postcodes=["87000"])
    full = services.create_offer(
        actor=user, organization=organization, name="Atelier numérique", description="Prendre en main un ordinateur.",
        service_type="atelier", thematiques=["numerique--maitriser-les-fondamentaux-du-numerique"], publics=["tous-publics"],
        fees="payant", fees_details="2 € par séance", reception_modes=["en-presentiel", "a-distance"],
        mobilisation_modes=["telephoner"], eligibility_zone=["87085", "87"], weekly_hours=6, weeks=8,
        commune=commune, address="12 rue Jean Jaurès", contact_email="atelier@ml.example", contact_phone="0555000000",
    )  # fmt: skip
    services.set_status(actor=user, offer=full, status="published")
    OfferFactory(organization=organization, thematiques=[], publics=[], reception_modes=[])
    OfferFactory(organization=organization, status="draft")
    items = schema_export.export_catalogue(Offer.objects.all())
    assert len(items) == 2
    for item in items:
        service = schema.Service.model_validate(item)
        assert service.source == "pacte-87"
    exported = next(item for item in items if item["nom"] == "Atelier numérique")
    assert exported["code_insee"] == "87085" and exported["volume_horaire_hebdomadaire"] == 6.0
