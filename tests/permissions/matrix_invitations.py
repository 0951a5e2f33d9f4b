"""Matrix rows for invitations: a person of the northern sector followed by the world's référent and
invited by letter, the same in the 79, and the public link, open to anyone who holds its token."""

import datetime

from django.utils import timezone

from pacte.invitations import services
from pacte.invitations.enums import InvitationKind
from pacte.organizations.enums import OrganizationKind, Role
from tests.factories import DossierFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory
from tests.permissions.loader import Case, everyone, expect, uuid_of, value_of

NO_PATHWAYS = {
    "partner": 403,
    "employer_relations": 403,
    "pact_contributor": 403,
    "analyst": 403,
    "beneficiary": 403,
}
OUT_OF_SCOPE = expect(403, direction=404, orientation_agent=404, referent=404, superuser=200)
READERS = {"direction": 200, "orientation_agent": 200, "referent": 200, "superuser": 200}
DIRECTION = expect(403, direction=200, superuser=200)
DIRECTION_79 = expect(403, direction=404, superuser=200)
FOLLOWED = "personne suivie par le référent (secteur Nord), invitée par courrier"
OTHER = "personne du 79"


def _invited(world, prefix, person, organization, referent, *, sent=None):
    OrientationFactory(
        person=person,
        body=organization,
        decision_date=timezone.localdate() - datetime.timedelta(days=5),
        decided_by=world.users["orientation_agent"] if prefix == "inv" else None,
    )
    ReferentAssignmentFactory(person=person, referent=referent, organization=organization)
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    return services.invite(
        actor=None,
        person=person,
        organization=organization,
        kind=InvitationKind.ACCOMPANIMENT,
        slots=[start + datetime.timedelta(days=3)],
        place="Maison du département",
        base_url="http://testserver/",
        now=sent,
    )


def build(world):
    north = world.objects["territory_north"]
    person = PersonFactory(dossier=DossierFactory(territory=north))
    invitation = _invited(world, "inv", person, world.objects["mdd_north"], world.users["referent"])
    expired_person = PersonFactory(dossier=DossierFactory(territory=north))
    expired = services.invite(
        actor=None,
        person=expired_person,
        organization=world.objects["mdd_north"],
        kind=InvitationKind.ORIENTATION,
        slots=[timezone.now() + datetime.timedelta(days=2)],
        place="Maison du département",
        base_url="http://testserver/",
        now=timezone.now() - datetime.timedelta(days=20),
    )
    mdd_79 = OrganizationFactory(
        name="Maison du département Parthenay",
        kind=OrganizationKind.MAISON_DEPARTEMENT,
        departement=world.objects["departement_79"],
    )
    referent_79 = MembershipFactory(role=Role.REFERENT, organization=mdd_79).user
    person_79 = PersonFactory(
        dossier=DossierFactory(departement_code="79", territory=world.objects["territory_79"])
    )
    invitation_79 = _invited(world, "inv79", person_79, mdd_79, referent_79)
    world.objects.update(
        {
            "inv_person": person,
            "inv_invitation": invitation,
            "inv_expired": expired,
            "inv79_person": person_79,
            "inv79_invitation": invitation_79,
        }
    )


def _template(code):
    def kwargs(world):
        return {"code": code, "kind": "orientation", "channel": "sms"}

    kwargs.label = f"code={code}, kind=orientation, channel=sms"
    return kwargs


def _code(code):
    def kwargs(world):
        return {"code": code}

    kwargs.label = f"code={code}"
    return kwargs


def _token(value):
    def kwargs(world):
        return {"token": value}

    kwargs.label = f"token={value}"
    return kwargs


def _two(key):
    return [
        Case(expect(**NO_PATHWAYS, **READERS), uuid_of(f"inv_{key}"), note=FOLLOWED),
        Case(OUT_OF_SCOPE, uuid_of(f"inv79_{key}"), note=OTHER),
    ]


CASES = {
    "web:invitation_outcomes": Case(expect(403, direction=200, orientation_agent=200, superuser=200)),
    "web:invitation_templates": Case(DIRECTION),
    "web:invitation_template_edit": [
        Case(DIRECTION, _template("87"), note="département de la direction"),
        Case(DIRECTION_79, _template("79"), note="autre département"),
    ],
    "web:invitation_policy": [
        Case(DIRECTION, _code("87"), note="département de la direction"),
        Case(DIRECTION_79, _code("79"), note="autre département"),
    ],
    "web:invitation_create": _two("person"),
    "web:invitation_letter": _two("invitation"),
    "web:invitation_public": [
        Case(
            everyone(200), value_of("inv_invitation", "token", "token"), note="lien d'une invitation ouverte"
        ),
        Case(everyone(410), value_of("inv_expired", "token", "token"), note="délai de réponse dépassé"),
        Case(everyone(404), _token("jeton-inconnu"), note="jeton inconnu"),
    ],
}
