import factory

from pacte.offers.models import Offer
from tests.factories import CommuneFactory, OrganizationFactory


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
