"""Who may do what on invitations. Each predicate assumes the person was read through `visible_to(user)`."""

from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.pathways import perms as pathway_perms

OUTCOME_ROLES = (Role.DIRECTION, Role.ORIENTATION_AGENT)


def can_invite(user, person):
    """The person's référent (or the direction) for accompaniment, the orientation agents for
    orientation: whoever follows or orients them."""
    return pathway_perms.can_follow(user, person) or pathway_perms.can_orient(user, person)


def can_see_outcomes(user):
    return perms.holds(user, *OUTCOME_ROLES)


def outcome_departements(user):
    """Where `user` reads the counts per territory (counts only, no person)."""
    return perms.departements_for(user, *OUTCOME_ROLES)


def can_manage_templates(user, departement_code=None):
    """The direction writes its département's messages and delay."""
    if departement_code is None:
        return perms.holds(user, *perms.MANAGER_ROLES)
    return perms.reaches(user, departement_code, *perms.MANAGER_ROLES)
