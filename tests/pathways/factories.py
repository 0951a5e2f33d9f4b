"""Factories of the pathways app, on top of the shared ones."""

import datetime

import factory
from django.db.models import Max
from django.utils import timezone

from pacte.organizations.enums import OrganizationKind, OrientationBodyKind, Role
from pacte.pathways.enums import (
    AppointmentKind,
    ContractKind,
    ContractStatus,
    OrientationOrigin,
    OrientationStatus,
    RuleCondition,
    Track,
)
from pacte.pathways.models import Appointment, Contract, Orientation, PreOrientationRule, ReferentAssignment
from pacte.referentials.models import Barrier, ExitReason
from tests.factories import KeepsFacts, MembershipFactory, OrganizationFactory, PersonFactory


class FranceTravailFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"France Travail agence {n}")
    kind = OrganizationKind.FRANCE_TRAVAIL


class MaisonDepartementFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Maison du département {n}")
    kind = OrganizationKind.MAISON_DEPARTEMENT


class OrientationFactory(KeepsFacts, factory.django.DjangoModelFactory):
    class Meta:
        model = Orientation

    person = factory.SubFactory(PersonFactory)
    departement_code = factory.LazyAttribute(lambda o: o.person.departement_code)
    track = Track.PROFESSIONAL
    body = factory.SubFactory(FranceTravailFactory)
    body_kind = factory.LazyAttribute(
        lambda o: o.body.orientation_body_kind if o.body else OrientationBodyKind.HORS_SPE
    )
    status = OrientationStatus.VALIDATED
    origin = OrientationOrigin.MANUAL
    decision_date = datetime.date(2025, 4, 10)

    class Params:
        proposed = factory.Trait(
            status=OrientationStatus.PROPOSED, decision_date=None, origin=OrientationOrigin.CAF
        )


class ContractFactory(KeepsFacts, factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    person = factory.SubFactory(PersonFactory)
    departement_code = factory.LazyAttribute(lambda o: o.person.departement_code)
    kind = ContractKind.CONTRAT_ENGAGEMENT
    status = ContractStatus.SIGNED
    signed_on = datetime.date(2025, 5, 1)


class RuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreOrientationRule

    departement_code = "87"
    # The next free position of the département, so that numbering never depends on test order.
    position = factory.LazyAttribute(
        lambda o: (
            (
                PreOrientationRule.objects.filter(departement_code=o.departement_code).aggregate(
                    p=Max("position")
                )["p"]
                or 0
            )
            + 1
        )
    )
    label = factory.Sequence(lambda n: f"Règle {n}")
    condition = RuleCondition.ALWAYS
    track = Track.PROFESSIONAL
    body_kind = OrientationBodyKind.FRANCE_TRAVAIL


class ReferentAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferentAssignment

    person = factory.SubFactory(PersonFactory)
    departement_code = factory.LazyAttribute(lambda o: o.person.departement_code)
    referent = factory.LazyAttribute(
        lambda o: MembershipFactory(role=Role.REFERENT, organization=o.organization).user
    )
    organization = factory.SubFactory(MaisonDepartementFactory)
    start_date = datetime.date(2025, 4, 15)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    departement_code = factory.LazyAttribute(lambda o: o.person.departement_code)
    organization = factory.SubFactory(MaisonDepartementFactory)
    kind = AppointmentKind.FOLLOW_UP
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    place = "Maison du département, 11 rue Jean Jaurès, Limoges"


def referent_in(organization):
    return MembershipFactory(role=Role.REFERENT, organization=organization).user


def barrier(code="sante-physique", theme="health", label="Problème de santé physique"):
    return Barrier.objects.get_or_create(code=code, defaults={"theme": theme, "label": label})[0]


def exit_reason(code="emploi-cdi", category="employment", label="Emploi en CDI"):
    return ExitReason.objects.get_or_create(code=code, defaults={"category": category, "label": label})[0]
