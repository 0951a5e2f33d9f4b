"""Factories shared by the whole suite, with traits for the usual roles."""

import datetime

import factory

from pacte.beneficiaries.crypto import encrypt_nir, nir_lookup_hash
from pacte.beneficiaries.models import Dossier, Person, RightHistory
from pacte.organizations.enums import OrganizationKind, Role
from pacte.organizations.models import Membership, Organization, User
from pacte.pathways import facts
from pacte.territory.models import Commune, Departement, Territory


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "87"
    name = factory.LazyAttribute(
        lambda o: {"87": "Haute-Vienne", "79": "Deux-Sèvres"}.get(o.code, f"Dép. {o.code}")
    )


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    departement = factory.SubFactory(DepartementFactory)
    code = factory.Sequence(lambda n: f"secteur-{n}")
    name = factory.Sequence(lambda n: f"Secteur {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)

    insee_code = factory.Sequence(lambda n: f"87{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    departement = factory.SubFactory(DepartementFactory)
    postcodes = ["87000"]
    population = 1000
    latitude = 45.83
    longitude = 1.26


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = OrganizationKind.ASSOCIATION
    departement = factory.SubFactory(DepartementFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-de-test")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.REFERENT


def user_with_role(role, organization=None, **org_kwargs):
    organization = organization or OrganizationFactory(**org_kwargs)
    return MembershipFactory(role=role, organization=organization).user


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    departement_code = "87"
    numdemrsa = factory.Sequence(lambda n: f"{n:011d}")
    dtdemrsa = datetime.date(2025, 3, 1)
    right_state = "2"
    first_seen_on = datetime.date(2025, 3, 31)
    last_seen_on = datetime.date(2025, 12, 31)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    dossier = factory.SubFactory(DossierFactory)
    departement_code = factory.LazyAttribute(lambda o: o.dossier.departement_code)
    rsa_role = "DEM"
    is_adult = True
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    birth_name = factory.LazyAttribute(lambda o: o.last_name)
    first_name = "Élodie"
    birth_date = datetime.date(1985, 6, 15)
    sex = "2"
    is_sdd = True
    # An entrant dated by the RSA demand unless told otherwise (the stock: sdd_cohort="stock").
    sdd_cohort = factory.LazyAttribute(lambda o: "entrant" if o.is_sdd else "")
    sdd_since = factory.LazyAttribute(lambda o: o.dossier.dtdemrsa if o.is_sdd else None)
    sdd_since_evidence = factory.LazyAttribute(lambda o: "demand" if o.is_sdd else "")
    nir_encrypted = factory.LazyFunction(lambda: encrypt_nir("2850687085123"))
    nir_hash = factory.LazyFunction(lambda: nir_lookup_hash("2850687085123"))


class KeepsFacts:
    """The rows the services would have written keep the person's pathway facts, as the services do."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        row = super()._create(model_class, *args, **kwargs)
        facts.refresh([row.person_id])
        return row


class RightHistoryFactory(KeepsFacts, factory.django.DjangoModelFactory):
    class Meta:
        model = RightHistory

    person = factory.SubFactory(PersonFactory)
    departement_code = factory.LazyAttribute(lambda o: o.person.departement_code)
    dtref = datetime.date(2025, 3, 31)
    right_state = "2"
    is_sdd = True
