"""A person followed by a référent of a Maison du département, and invitations to them."""

import datetime

from django.utils import timezone

from pacte.invitations import services
from pacte.invitations.enums import InvitationKind
from pacte.organizations.enums import Role
from tests.factories import DossierFactory, MembershipFactory, PersonFactory, TerritoryFactory
from tests.pathways.factories import MaisonDepartementFactory, OrientationFactory, ReferentAssignmentFactory

BASE_URL = "https://pacte.example.fr/"


def followed(*, email="", phone="06 12 34 56 78", territory=None, departement_code="87", **person):
    """(person, référent, Maison): the référent designated in the Maison, the person oriented there."""
    territory = territory or TerritoryFactory(departement__code=departement_code)
    mdd = MaisonDepartementFactory(
        departement=territory.departement, territory=territory, address="11 rue Jean Jaurès, 87000 Limoges"
    )
    referent = MembershipFactory(role=Role.REFERENT, organization=mdd).user
    someone = PersonFactory(
        dossier=DossierFactory(departement_code=departement_code, territory=territory),
        email=email,
        phone=phone,
        **person,
    )
    OrientationFactory(
        person=someone, body=mdd, decision_date=timezone.localdate() - datetime.timedelta(days=10)
    )
    ReferentAssignmentFactory(person=someone, referent=referent, organization=mdd)
    return someone, referent, mdd


def slots(*days, hour=10):
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return [base + datetime.timedelta(days=day) for day in (days or (3, 4))]


def invite(person, referent, mdd, *, kind=InvitationKind.ACCOMPANIMENT, channels=None, now=None, **kwargs):
    return services.invite(
        actor=referent,
        person=person,
        organization=mdd,
        kind=kind,
        slots=kwargs.pop("slots") if "slots" in kwargs else slots(),
        place="Maison du département, 11 rue Jean Jaurès, Limoges",
        channels=channels,
        base_url=BASE_URL,
        now=now,
        **kwargs,
    )
