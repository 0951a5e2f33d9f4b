"""Who may do what in the employment app; the rows themselves come from each queryset's
`visible_to(user)` / `editable_by(user)` (docs/decisions/012-employment.md)."""

from pacte.employment.models import EMPLOYER_KINDS, JOB_OFFER_READER_ROLES, RELATIONS_ROLES
from pacte.organizations import perms
from pacte.organizations.enums import Role


def is_employer_member(user):
    """A member (as partner) of an employer, SIAE or GEIQ: reads its own profile and offers."""
    return any(org.kind in EMPLOYER_KINDS for org in perms.organizations_for(user, Role.PARTNER))


def can_manage_employers(user):
    """Employers, contacts, interactions, positions and job offers are written by the direction
    and the employer-relations officers (in their département)."""
    return perms.holds(user, *RELATIONS_ROLES)


def can_read_employers(user):
    return can_manage_employers(user) or is_employer_member(user)


def can_read_job_offers(user):
    return perms.holds(user, *JOB_OFFER_READER_ROLES) or is_employer_member(user)


def can_read_tension(user):
    return perms.holds(user, *JOB_OFFER_READER_ROLES)


def relations_departements(user):
    """Codes of the départements where `user` may create employers."""
    return perms.departements_for(user, *RELATIONS_ROLES)
