"""The référent's part of the rule of visibility (registered with `beneficiaries.visibility`)."""

from django.db.models import Q

from pacte.pathways.models import Orientation, ReferentAssignment


def referent_rule(user, memberships):
    """A référent sees the persons they are the active référent of, and the persons whose current
    orientation is to one of their organisations (so they can take them on)."""
    organizations = [membership.organization_id for membership in memberships]
    caseload = ReferentAssignment.objects.filter(referent=user, end_date=None).values("person_id")
    oriented_here = Orientation.objects.current().filter(body_id__in=organizations).values("person_id")
    return Q(pk__in=caseload) | Q(pk__in=oriented_here)
