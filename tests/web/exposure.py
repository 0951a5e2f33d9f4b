"""Shared by the exposure tests of the web and the API: the orientation agent's world and the
no-store check."""

import datetime

from django.utils import timezone

from pacte.organizations.enums import OrganizationKind, Role
from pacte.pathways import services
from pacte.pathways.enums import ReorientationStatus
from pacte.pathways.models import ReorientationRequest
from tests.factories import DossierFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory


def assert_not_stored(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private"} <= cache_control
    assert "public" not in cache_control
    assert response["Pragma"] == "no-cache"


def agent_people(world):
    """The world's agent (Maison du département Nord), and persons of the northern sector."""
    north = world.objects["territory_north"]
    france_travail = OrganizationFactory(
        kind=OrganizationKind.FRANCE_TRAVAIL, departement=world.objects["departement_87"]
    )
    adviser = MembershipFactory(role=Role.REFERENT, organization=france_travail).user
    other_agent = MembershipFactory(role=Role.ORIENTATION_AGENT, organization=france_travail).user

    def person(**kwargs):
        return PersonFactory(dossier=DossierFactory(territory=north), **kwargs)

    followed_elsewhere = person()
    OrientationFactory(person=followed_elsewhere, body=france_travail, decided_by=other_agent)
    ReferentAssignmentFactory(person=followed_elsewhere, referent=adviser, organization=france_travail)
    reorienting = person()
    current = OrientationFactory(person=reorienting, body=france_travail, decided_by=other_agent)
    ReorientationRequest.objects.create(
        departement_code="87",
        person=reorienting,
        current_orientation=current,
        requested_by=adviser,
        requested_on=datetime.date(2025, 5, 2),
        reason="Freins sociaux importants",
        proposed_track="sociale",
        proposed_body_kind="departement",
        status=ReorientationStatus.PENDING,
    )
    before_team = person()
    OrientationFactory(person=before_team, body=france_travail, decided_by=other_agent)
    ReferentAssignmentFactory(person=before_team, referent=adviser, organization=france_travail)
    session = services.create_team_session(
        actor=None, departement_code="87", held_on=timezone.localdate(), members=[]
    )
    services.add_team_case(actor=None, session=session, person=before_team, kind="non_compliance")
    oriented_here = person()
    OrientationFactory(person=oriented_here, body=france_travail, decided_by=world.users["orientation_agent"])
    return {
        "to_orient": world.objects["person_north"],
        "reorienting": reorienting,
        "before_team": before_team,
        "oriented_here": oriented_here,
        "not_sdd": person(is_sdd=False),
        "child": person(is_adult=False, rsa_role="ENF"),
        "followed_elsewhere": followed_elsewhere,
    }


SEEN = ("to_orient", "reorienting", "before_team", "oriented_here")
HIDDEN = ("not_sdd", "child", "followed_elsewhere")
