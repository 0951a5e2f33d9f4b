"""The rule of visibility of personal data, in one place.

Each role contributes a filter on persons; higher apps (pathways for orientation agents and
référents, offers for partners) register theirs at start-up, so that this app never imports upwards.
"""

from django.db.models import Q

from pacte.organizations import perms
from pacte.organizations.enums import Role

_rules = {}


def register(role, rule):
    """`rule(user, memberships) -> Q` on Person, for the memberships of that role."""
    _rules.setdefault(role, []).append(rule)


def person_filter(user, *, exclude=()):
    """A Q that selects the persons `user` may see; `None` when the user sees nothing. `exclude`:
    roles whose rules are left out (what the user sees by their other roles)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if perms.sees_everything(user):
        return Q()
    by_role = {}
    for membership in perms.active_memberships(user):
        if membership.role in exclude:
            continue
        by_role.setdefault(membership.role, []).append(membership)
    condition = None
    for role, memberships in by_role.items():
        for rule in _rules.get(role, ()):
            q = rule(user, memberships)
            if q is not None:
                condition = q if condition is None else condition | q
    return condition


def _direction(user, memberships):
    return Q(departement_code__in={m.organization.departement_id for m in memberships})


def _beneficiary(user, memberships):
    return Q(user=user)


register(Role.DIRECTION, _direction)
register(Role.BENEFICIARY, _beneficiary)
