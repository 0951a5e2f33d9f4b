"""The pathways' part of the rule of visibility (registered with `beneficiaries.visibility`): the
référent's caseload and the orientation agent's people to orient both depend on pathway rows."""

from django.db.models import Q

from pacte.beneficiaries.models import Person
from pacte.organizations.models import Membership
from pacte.pathways.enums import ReorientationStatus, TeamCaseStatus
from pacte.pathways.models import Orientation, ReferentAssignment, ReorientationRequest, TeamCase, TeamSession


def referent_rule(user, memberships):
    """A référent sees the persons they are the active référent of, and the persons whose current
    orientation is to one of their organisations (so they can take them on)."""
    organizations = [membership.organization_id for membership in memberships]
    caseload = ReferentAssignment.objects.filter(referent=user, end_date=None).values("person_id")
    oriented_here = Orientation.objects.current().filter(body_id__in=organizations).values("person_id")
    return Q(pk__in=caseload) | Q(pk__in=oriented_here)


def _territory(memberships):
    """The adults of the agents' territories; an organisation without a territory covers its
    whole département."""
    condition = Q(pk__in=[])
    for membership in memberships:
        org = membership.organization
        place = Q(dossier__territory_id=org.territory_id) if org.territory_id else Q()
        condition |= Q(departement_code=org.departement_id, is_adult=True) & place
    return condition


def orientation_agent_rule(user, memberships):
    """An orientation agent sees, in their territory, the people to orient: the adults subject to
    rights and duties who have no decided orientation yet, those whose reorientation is asked for or
    whose case awaits an équipe pluridisciplinaire; and the persons whose current orientation their
    organisation decided (for the référent to designate, the letter, the export). Not the other
    adults of the territory, oriented and followed elsewhere. And, in their départements, the persons
    of the cases of the open sessions they are a member of: the équipe examines them."""
    organizations = [membership.organization_id for membership in memberships]
    members = Membership.objects.filter(organization_id__in=organizations).values("user_id")
    decided = Orientation.objects.decided().values("person_id")
    not_oriented = Q(pk__in=Person.objects.sdd().values("pk")) & ~Q(pk__in=decided)
    reorienting = ReorientationRequest.objects.filter(status=ReorientationStatus.PENDING).values("person_id")
    before_team = TeamCase.objects.exclude(status=TeamCaseStatus.DECIDED).values("person_id")
    oriented_here = Orientation.objects.current().filter(decided_by__in=members).values("person_id")
    to_orient = not_oriented | Q(pk__in=reorienting) | Q(pk__in=before_team) | Q(pk__in=oriented_here)
    departements = {membership.organization.departement_id for membership in memberships}
    sessions = TeamSession.objects.open().filter(members=user, departement_code__in=departements)
    examined = TeamCase.objects.filter(session__in=sessions.values("pk")).values("person_id")
    return (_territory(memberships) & to_orient) | Q(pk__in=examined)
