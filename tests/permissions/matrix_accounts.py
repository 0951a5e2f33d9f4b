"""Matrix rows for the direction's staff pages (its départements' accounts only) and the password
pages (open to everyone, a bad link answered on the page)."""

from pacte.organizations.enums import Role
from tests.factories import MembershipFactory
from tests.permissions.loader import REDIRECT, Case, everyone, expect, uuid_of

MANAGERS = {"direction": 200, "superuser": 200}


def build(world):
    for key, organization in [("staff_87", "association_87"), ("staff_79", "council_79")]:
        membership = MembershipFactory(role=Role.PARTNER, organization=world.objects[organization])
        world.objects[key] = membership.user
        world.objects[f"{key}_membership"] = membership


def membership_of(key):
    def kwargs(world):
        return {"uuid": world.objects[key].uuid, "pk": world.objects[f"{key}_membership"].pk}

    kwargs.label = f"uuid={key}, pk=son habilitation"
    return kwargs


def bad_link(world):
    return {"uidb64": "MQ", "token": "jeton-faux"}


bad_link.label = "lien faux"

STAFF_87 = "compte d'un agent du département"
STAFF_79 = "compte d'un agent d'un autre département"


def _posts(kwargs_87, kwargs_79, outcome):
    """A GET refused, a POST on the département's staff, a POST on another's (404 to its direction)."""
    return [
        Case(expect(405), kwargs_87, note="GET"),
        Case(expect(403, direction=outcome, superuser=outcome), kwargs_87, method="post", note=STAFF_87),
        Case(expect(403, direction=404, superuser=outcome), kwargs_79, method="post", note=STAFF_79),
    ]


CASES = {
    "web:staff_list": Case(expect(403, **MANAGERS)),
    "web:staff_invite": [
        Case(expect(403, **MANAGERS)),
        Case(expect(403, **MANAGERS), method="post", note="formulaire vide"),
    ],
    "web:staff_detail": [
        Case(expect(403, **MANAGERS), uuid_of("staff_87"), note=STAFF_87),
        Case(expect(403, direction=404, superuser=200), uuid_of("staff_79"), note=STAFF_79),
    ],
    "web:staff_membership_add": _posts(uuid_of("staff_87"), uuid_of("staff_79"), 200),
    "web:staff_membership_change": _posts(membership_of("staff_87"), membership_of("staff_79"), 200),
    "web:staff_membership_revoke": _posts(membership_of("staff_87"), membership_of("staff_79"), REDIRECT),
    "web:staff_resend_invitation": _posts(uuid_of("staff_87"), uuid_of("staff_79"), REDIRECT),
    "web:staff_deactivate": [
        Case(expect(403, **MANAGERS), uuid_of("staff_87"), note=STAFF_87),
        Case(
            expect(403, direction=REDIRECT, superuser=REDIRECT),
            uuid_of("staff_87"),
            method="post",
            note=STAFF_87,
        ),
        Case(
            expect(403, direction=404, superuser=REDIRECT), uuid_of("staff_79"), method="post", note=STAFF_79
        ),
    ],
    "web:password_reset": [Case(everyone(200)), Case(everyone(200), method="post", note="formulaire vide")],
    "web:password_reset_done": Case(everyone(200)),
    "web:password_reset_confirm": Case(everyone(200), bad_link),
    "web:password_reset_complete": Case(everyone(200)),
    "web:account_setup": Case(everyone(200), bad_link),
    "web:account_setup_complete": Case(everyone(200)),
}
