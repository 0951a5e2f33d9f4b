"""Who may do what: small predicates over a user's active memberships. Web and API delegate here.

This is also the one scoping layer: `departements_for(user, *roles)` says where a user holds a
role, and every scoped queryset's `visible_to(user)` filters on it through `departement_q`. A
superuser holds every role in every département; `sees_everything` is the one place that knows it.
"""

from django.db.models import Q

from pacte.organizations.enums import CASEWORK_ROLES, SENSITIVE_ROLES, Role
from pacte.territory.models import Departement, Territory

MANAGER_ROLES = (Role.DIRECTION,)
ORIENTING_ROLES = (Role.DIRECTION, Role.ORIENTATION_AGENT)
ORGANIZATION_READER_ROLES = (Role.DIRECTION, Role.EMPLOYER_RELATIONS)
# Statistics without any row of anyone: the analysts', and the direction's of its own départements.
AGGREGATE_ROLES = (Role.ANALYST, Role.DIRECTION)


def sees_everything(user):
    """The superuser: every role in every département, every person."""
    return getattr(user, "is_authenticated", False) and user.is_superuser


def active_memberships(user):
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_pacte_memberships", None)
    if cached is None:
        cached = list(user.memberships.active().select_related("organization", "organization__departement"))
        user._pacte_memberships = cached
    return cached


def roles(user):
    """The roles of the user's memberships (a superuser's own memberships only)."""
    return {membership.role for membership in active_memberships(user)}


def has_role(user, *wanted):
    """A membership with one of `wanted`, in any département: for what is not département-scoped."""
    return bool(roles(user) & set(wanted))


def holds(user, *wanted):
    """`user` holds one of `wanted` somewhere, a superuser every role: who reaches a page, the
    objects on it still coming from `visible_to`."""
    return sees_everything(user) or has_role(user, *wanted)


def organizations_for(user, *wanted_roles):
    return [m.organization for m in active_memberships(user) if not wanted_roles or m.role in wanted_roles]


def departements_for(user, *wanted_roles):
    """Sorted codes of the départements where `user` holds one of `wanted_roles` (any role if none
    is given); every département for a superuser."""
    if sees_everything(user):
        cached = getattr(user, "_pacte_all_departements", None)
        if cached is None:
            cached = list(Departement.objects.order_by("code").values_list("code", flat=True))
            user._pacte_all_departements = cached
        return cached
    return sorted({org.departement_id for org in organizations_for(user, *wanted_roles)})


def reaches(user, departement_code, *wanted_roles):
    """`user` holds one of `wanted_roles` (any role if none is given) in `departement_code`."""
    return sees_everything(user) or departement_code in departements_for(user, *wanted_roles)


def departement_q(user, *wanted_roles, field="departement_code"):
    """A Q selecting the rows whose `field` is a département where `user` holds one of
    `wanted_roles`; nothing is filtered for a superuser."""
    if sees_everything(user):
        return Q()
    return Q(**{f"{field}__in": departements_for(user, *wanted_roles)})


def orienting_territories(user):
    """The territories where `user` orients: every one of the départements they direct, and an
    orientation agent's organisation's (every one of its département when it has none)."""
    condition = Q(departement_id__in=departements_for(user, Role.DIRECTION))
    for org in organizations_for(user, Role.ORIENTATION_AGENT):
        condition |= Q(pk=org.territory_id) if org.territory_id else Q(departement_id=org.departement_id)
    return (
        Territory.objects.filter(condition)
        .select_related("departement")
        .order_by("departement_id", "name", "id")
    )


def aggregates_for(user):
    """Codes of the départements whose statistics `user` may read: counts only, never a row."""
    return departements_for(user, *AGGREGATE_ROLES)


def can_read_nir(user):
    return holds(user, *SENSITIVE_ROLES)


def can_read_health(user):
    return can_read_nir(user)


def requires_two_factor(user):
    """Staff who can read the NIR or health data must log in with a second factor."""
    return holds(user, *SENSITIVE_ROLES)


def can_see_people(user):
    return holds(user, *CASEWORK_ROLES, Role.BENEFICIARY)


def can_run_imports(user):
    return holds(user, Role.DIRECTION)


def can_manage_territories(user):
    return holds(user, *MANAGER_ROLES)


def can_read_organizations(user):
    return holds(user, *ORGANIZATION_READER_ROLES)


def can_see_dashboards(user):
    return holds(user, Role.DIRECTION, Role.ANALYST, Role.ORIENTATION_AGENT)


def is_staff_user(user):
    """Anyone who works in Pacte, as opposed to a beneficiary in their own space."""
    return sees_everything(user) or bool(roles(user) - {Role.BENEFICIARY})


def can_manage_api_tokens(user):
    """The direction sees and revokes the API tokens of its département's staff."""
    return holds(user, Role.DIRECTION)


def can_invite_to_two_factor(actor, user):
    """A superuser, or the direction of a département where `user` has a membership."""
    if sees_everything(actor):
        return True
    codes = departements_for(actor, Role.DIRECTION)
    return bool(codes) and user.memberships.filter(organization__departement_id__in=codes).exists()


# Roles a direction grants to its staff; a beneficiary's account comes with their record.
STAFF_ROLES = tuple(role for role in Role if role != Role.BENEFICIARY)


def can_manage_staff(user):
    """The direction invites its département's staff, changes their memberships, deactivates them."""
    return holds(user, Role.DIRECTION)


def can_grant(actor, organization, role):
    """A staff role in an organisation of a département where `actor` is direction."""
    return role in STAFF_ROLES and reaches(actor, organization.departement_id, Role.DIRECTION)


def can_deactivate(actor, user):
    """The direction of every département where `user` works (a superuser: anyone); never oneself."""
    if actor.pk == user.pk:
        return False
    if sees_everything(actor):
        return True
    if sees_everything(user):
        return False
    memberships = user.memberships.all()
    codes = set(memberships.filter(is_active=True).values_list("organization__departement_id", flat=True))
    codes = codes or set(memberships.values_list("organization__departement_id", flat=True))
    return bool(codes) and codes <= set(departements_for(actor, Role.DIRECTION))
