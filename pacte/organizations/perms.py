"""Who may do what: small predicates over a user's active memberships. Web and API delegate here."""

from pacte.organizations.enums import CASEWORK_ROLES, SENSITIVE_ROLES, Role


def active_memberships(user):
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_pacte_memberships", None)
    if cached is None:
        cached = list(user.memberships.active().select_related("organization", "organization__departement"))
        user._pacte_memberships = cached
    return cached


def roles(user):
    return {membership.role for membership in active_memberships(user)}


def has_role(user, *wanted):
    return bool(roles(user) & set(wanted))


def organizations_for(user, *wanted_roles):
    return [m.organization for m in active_memberships(user) if not wanted_roles or m.role in wanted_roles]


def departement_codes_for(user, *wanted_roles):
    return sorted({org.departement_id for org in organizations_for(user, *wanted_roles)})


def can_read_nir(user):
    return user.is_superuser or bool(roles(user) & SENSITIVE_ROLES)


def can_read_health(user):
    return can_read_nir(user)


def requires_two_factor(user):
    """Staff who can read the NIR or health data must log in with a second factor."""
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or bool(roles(user) & SENSITIVE_ROLES)
    )


def can_see_people(user):
    return user.is_superuser or bool(roles(user) & (CASEWORK_ROLES | {Role.BENEFICIARY}))


def can_run_imports(user):
    return user.is_superuser or has_role(user, Role.DIRECTION)


def can_manage_territories(user):
    return user.is_superuser or has_role(user, Role.DIRECTION)


def can_see_dashboards(user):
    return user.is_superuser or has_role(user, Role.DIRECTION, Role.ANALYST, Role.ORIENTATION_AGENT)


def is_staff_user(user):
    """Anyone who works in Pacte, as opposed to a beneficiary in their own space."""
    return user.is_superuser or bool(roles(user) - {Role.BENEFICIARY})


def can_manage_api_tokens(user):
    """The direction sees and revokes the API tokens of its département's staff."""
    return user.is_superuser or has_role(user, Role.DIRECTION)


def can_invite_to_two_factor(actor, user):
    """A superuser, or the direction of a département where `user` has a membership."""
    if actor.is_superuser:
        return True
    codes = set(departement_codes_for(actor, Role.DIRECTION))
    return bool(codes) and user.memberships.filter(organization__departement_id__in=codes).exists()
