"""Who may do what on pathways. Each predicate assumes the person was read through `visible_to(user)`."""

from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.pathways.models import Orientation, ReferentAssignment

ORIENTING_ROLES = perms.ORIENTING_ROLES


def can_orient(user, person=None):
    """Propose, validate, decide orientations; designate référents; run équipes pluridisciplinaires."""
    if person is None:
        return perms.holds(user, *ORIENTING_ROLES)
    return perms.reaches(user, person.departement_code, *ORIENTING_ROLES)


def can_manage_rules(user):
    """The page of pre-orientation rules: the direction (of some département)."""
    return perms.holds(user, *perms.MANAGER_ROLES)


def can_configure_rules(user, departement_code):
    return perms.reaches(user, departement_code, *perms.MANAGER_ROLES)


def is_active_referent(user, person):
    return ReferentAssignment.objects.filter(person=person, referent=user, end_date=None).exists()


def is_referent_of_body(user, person):
    """The person's current orientation is to one of the user's référent organisations."""
    organizations = [org.pk for org in perms.organizations_for(user, Role.REFERENT)]
    return Orientation.objects.current().filter(person=person, body_id__in=organizations).exists()


def can_follow(user, person):
    """Contracts, action plan, appointments, diagnostic: the person's référent, or direction."""
    if perms.reaches(user, person.departement_code, Role.DIRECTION):
        return True
    return perms.has_role(user, Role.REFERENT) and (
        is_active_referent(user, person) or is_referent_of_body(user, person)
    )


def can_sign_contract(user, person):
    return can_follow(user, person)


def can_manage_appointments(user, person):
    return can_follow(user, person)


def can_edit_plan(user, person):
    return can_follow(user, person) or (person.user_id is not None and person.user_id == user.pk)


def can_record_diagnostic(user, person):
    return can_orient(user, person) or can_follow(user, person)


def can_request_reorientation(user, person):
    return perms.has_role(user, Role.REFERENT) and is_active_referent(user, person)


def can_decide_reorientation(user, person=None):
    return can_orient(user, person)


def can_assign_referent(user, person):
    """Orientation agents and direction; a référent organisation designates among its own référents."""
    return can_orient(user, person) or (
        perms.has_role(user, Role.REFERENT) and is_referent_of_body(user, person)
    )


def can_record_exit(user, person):
    return can_orient(user, person) or can_follow(user, person)


def can_export_for_france_travail(user, departement_code):
    return perms.reaches(user, departement_code, *ORIENTING_ROLES)


PATHWAY_READER_ROLES = (Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT, Role.BENEFICIARY)


def can_read_pathways(user):
    """Orientations, contracts, appointments and timelines: casework roles but partners, and the
    beneficiary for their own (the person itself comes from `visible_to`)."""
    return perms.holds(user, *PATHWAY_READER_ROLES)


PROFESSIONAL_ROLES = (Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT)


def can_read_professional_notes(user, person):
    """The professionals' free text on a person (diagnostic observations, notes on barriers and
    exits) stays with the professionals: never for the person themself, whatever else they are."""
    if person.user_id is not None and person.user_id == user.pk:
        return False
    return perms.holds(user, *PROFESSIONAL_ROLES)
