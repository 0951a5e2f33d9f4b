"""Matrix rows for authentication hardening: second-factor enrolment, API logout, and the
direction's page of API tokens (its département's staff only)."""

from pacte.organizations.enums import Role
from pacte.organizations.services import invite_to_two_factor, issue_token
from tests.factories import MembershipFactory
from tests.permissions.loader import REDIRECT, Case, everyone, expect, uuid_of

TWO_FACTOR_ROLES = {"direction": 200, "orientation_agent": 200, "referent": 200, "superuser": 200}


def build(world):
    _, secret = invite_to_two_factor(actor=None, user=world.users[Role.REFERENT.value])
    world.objects["referent_invitation_key"] = secret
    world.objects["api_token_87"], _ = issue_token(user=world.users[Role.PARTNER.value], otp_verified=False)
    stranger = MembershipFactory(role=Role.REFERENT, organization=world.objects["council_79"]).user
    world.objects["api_token_79"], _ = issue_token(user=stranger, otp_verified=True)


def invitation_key(world):
    return {"key": world.objects["referent_invitation_key"]}


invitation_key.label = "key=invitation du référent"

CASES = {
    "web:otp_enrol": Case(expect(403, **TWO_FACTOR_ROLES)),
    "web:otp_enrol_invitation": Case(
        expect(404, referent=200), invitation_key, note="une invitation n'ouvre que son propre compte"
    ),
    "web:api_token_list": Case(expect(403, direction=200, superuser=200)),
    "web:two_factor_invite": [
        Case(expect(403, direction=200, superuser=200)),
        Case(expect(403, direction=200, superuser=200), method="post", note="formulaire vide"),
    ],
    "web:api_token_revoke": [
        Case(expect(405), uuid_of("api_token_87"), note="GET"),
        Case(
            expect(403, direction=REDIRECT, superuser=REDIRECT),
            uuid_of("api_token_87"),
            method="post",
            note="jeton d'un agent du département",
        ),
        Case(
            expect(403, direction=404, superuser=REDIRECT),
            uuid_of("api_token_79"),
            method="post",
            note="jeton d'un agent d'un autre département",
        ),
    ],
    "api:logout": [
        Case(everyone(405, anonymous=401), note="GET"),
        Case(everyone(400, anonymous=401), method="post", note="session sans jeton"),
    ],
}
