import datetime

import factory

from pacte.offers.models import Offer, Prescription
from tests.factories import CommuneFactory, OrganizationFactory, PersonFactory


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    organization = factory.SubFactory(OrganizationFactory)
    departement_code = factory.LazyAttribute(lambda o: o.organization.departement_id)
    name = factory.Sequence(lambda n: f"Atelier de remobilisation {n}")
    description = "Un atelier collectif pour reprendre confiance et préparer un projet."
    thematiques = ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]
    publics = ["beneficiaires-des-minimas-sociaux"]
    reception_modes = ["en-presentiel"]
    aims = ["remobiliser"]
    commune = factory.SubFactory(CommuneFactory)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    status = "published"


class PrescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prescription

    person = factory.SubFactory(PersonFactory)
    departement_code = factory.LazyAttribute(lambda o: o.person.departement_code)
    offer = factory.SubFactory(OfferFactory)
    sent_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    status = "sent"
