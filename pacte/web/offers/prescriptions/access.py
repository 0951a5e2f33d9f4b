"""Who reaches the prescription pages: prescriptions read through
`Prescription.objects.visible_to(user)`, persons through `Person.objects.visible_to(user)`; out of
scope answers 404, a role that has no business on the page 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from pacte.beneficiaries import visibility
from pacte.beneficiaries.models import Person
from pacte.offers.models import Prescription
from pacte.offers.prescriptions import can_prescribe
from pacte.organizations import perms
from pacte.organizations.enums import Role


def check(allowed):
    if not allowed:
        raise PermissionDenied


def prescriber_person(request, uuid):
    """The person `uuid` for a user who prescribes and sees them (a partner never prescribes)."""
    check(can_prescribe(request.user))
    people = Person.objects.visible_to(request.user).select_related("dossier", "dossier__commune")
    return get_object_or_404(people, uuid=uuid)


def follows(user, person):
    """`user` sees `person` by another role than partner: the whole record (référent, orientation
    agent, direction), not the partner's bounded sight."""
    if perms.sees_everything(user):
        return True
    condition = visibility.person_filter(user, exclude=(Role.PARTNER,))
    return condition is not None and Person.objects.filter(condition, pk=person.pk).exists()


def visible_prescription(request, uuid):
    check(perms.is_staff_user(request.user))
    prescriptions = Prescription.objects.visible_to(request.user).select_related(
        "person",
        "person__dossier",
        "person__dossier__commune",
        "offer",
        "offer__organization",
        "session",
        "session__commune",
        "prescriber",
        "prescriber_organization",
        "answered_by",
    )
    return get_object_or_404(prescriptions, uuid=uuid)


def check_partner(user):
    """The partner's own pages (its inbox, its attendance grid)."""
    check(perms.holds(user, Role.PARTNER))


def age(person, today):
    if not person.birth_date:
        return None
    born = person.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
