import factory

from pacte.pact.models import Action, Objective, Pact, PactIndicator, Signatory, Thematic
from tests.factories import DepartementFactory


class PactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pact

    slug = factory.Sequence(lambda n: f"pacte-{n}")
    departement = factory.SubFactory(DepartementFactory)
    title = factory.Sequence(lambda n: f"Pacte territorial d'insertion {n}")
    territory = "Tout le département"
    start_year = 2022
    end_year = 2025
    status = "adopted"


class ThematicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thematic

    pact = factory.SubFactory(PactFactory)
    title = factory.Sequence(lambda n: f"Thématique {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    thematic = factory.SubFactory(ThematicFactory)
    title = factory.Sequence(lambda n: f"Objectif {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Action {n}")


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    pact = factory.SubFactory(PactFactory)
    name = factory.Sequence(lambda n: f"Signataire {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PactIndicator

    pact = factory.SubFactory(PactFactory)
    code = factory.Sequence(lambda n: f"indicateur-{n}")
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    targets = {"2023": 100, "2024": 150}
