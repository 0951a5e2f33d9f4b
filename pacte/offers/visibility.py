"""The partner's part of the rule of visibility (registered with `beneficiaries.visibility`): a
partner sees the persons prescribed to its organisation's offers, while the prescription runs."""

from django.db.models import Q

from pacte.offers.models import Prescription


def partner_rule(user, memberships):
    organizations = [membership.organization_id for membership in memberships]
    prescribed = Prescription.objects.open().filter(offer__organization_id__in=organizations)
    return Q(pk__in=prescribed.values("person_id"))
