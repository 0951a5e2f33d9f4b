"""Who reaches the immersion, tutoring and social clause pages; the rows come from each queryset's
`visible_to(user)` / `editable_by(user)` (pacte/employment/models/placements.py)."""

from pacte.employment.models import RELATIONS_ROLES
from pacte.employment.perms import is_employer_member
from pacte.organizations import perms
from pacte.organizations.enums import Role

# The référent prescribes immersions and follows the tutoring of their persons.
PLACEMENT_WRITER_ROLES = (*RELATIONS_ROLES, Role.REFERENT)


def can_write_placements(user):
    return perms.holds(user, *PLACEMENT_WRITER_ROLES)


def can_read_placements(user):
    """Writers, and an employer's own members for their own conventions and tutoring (read only)."""
    return can_write_placements(user) or is_employer_member(user)


def can_manage_clauses(user):
    """Social clauses are followed by the employer-relations officers (the facilitators) and the direction."""
    return perms.holds(user, *RELATIONS_ROLES)


def placement_departements(user):
    """Codes of the départements where `user` writes placements (their employers, their persons)."""
    return perms.departements_for(user, *PLACEMENT_WRITER_ROLES)


def prescriber_organizations(user):
    """The structures `user` may prescribe an immersion for: theirs, in a writer's role."""
    seen, organizations = set(), []
    for organization in perms.organizations_for(user, *PLACEMENT_WRITER_ROLES):
        if organization.pk not in seen:
            seen.add(organization.pk)
            organizations.append(organization)
    return sorted(organizations, key=lambda org: (org.name, org.pk))
