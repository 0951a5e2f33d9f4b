import datetime

import factory

from pacte.employment.models import (
    EmployerContact,
    EmployerProfile,
    Interaction,
    JobOffer,
    TensionJob,
    TensionList,
)
from pacte.organizations.enums import OrganizationKind
from pacte.referentials.models import RomeAppellation, RomeCode
from tests.factories import CommuneFactory, OrganizationFactory


class RomeCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RomeCode
        django_get_or_create = ("code",)

    code = "F1703"
    label = "Maçon / Maçonne"


class RomeAppellationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RomeAppellation
        django_get_or_create = ("code_ogr",)

    code_ogr = 16250
    label = "Maçon / Maçonne"
    short_label = "Maçon / Maçonne"
    rome = factory.SubFactory(RomeCodeFactory)


class EmployerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerProfile

    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.EMPLOYER)
    departement_code = factory.LazyAttribute(lambda o: o.organization.departement_id)
    naf_code = "43.99C"
    sector = "F"
    size_bracket = "11"


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerProfileFactory)
    departement_code = factory.LazyAttribute(lambda o: o.employer.departement_code)
    first_name = "Claire"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    job_title = "Responsable des ressources humaines"


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    employer = factory.SubFactory(EmployerProfileFactory)
    departement_code = factory.LazyAttribute(lambda o: o.employer.departement_code)
    kind = "visit"
    day = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    subject = factory.Sequence(lambda n: f"Visite de l'atelier {n}")


class JobOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOffer

    employer = factory.SubFactory(EmployerProfileFactory)
    departement_code = factory.LazyAttribute(lambda o: o.employer.departement_code)
    title = factory.Sequence(lambda n: f"Maçon en rénovation {n}")
    appellation = factory.SubFactory(RomeAppellationFactory)
    rome = factory.LazyAttribute(lambda o: o.appellation.rome)
    commune = factory.SubFactory(CommuneFactory)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    contract_type = "cdi"
    weekly_hours = 35
    positions = 1
    opened_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))


class TensionListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TensionList

    territory_kind = "region"
    territory_code = "75"
    territory_name = "Nouvelle-Aquitaine"
    source = "Arrêté du 21 mai 2025"
    year = 2025


def tension_job(rome, **list_fields):
    """`rome` (a RomeCode) en tension on the list `list_fields` name (created if need be)."""
    tension_list = TensionList.objects.filter(**list_fields).first() or TensionListFactory(**list_fields)
    return TensionJob.objects.create(tension_list=tension_list, rome=rome, label=rome.label)
