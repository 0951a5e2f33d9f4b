"""What the person's pathway page needs to show their prescriptions (the partial template
web/offers/prescriptions/_person_prescriptions.html)."""

from pacte.offers.models import Prescription
from pacte.offers.prescriptions import can_prescribe


def person_prescriptions(user, person):
    """{"person_prescriptions": [...], "can_prescribe": bool}: the person's prescriptions visible
    to `user`, latest first, for the include."""
    rows = (
        Prescription.objects.visible_to(user)
        .filter(person=person)
        .select_related("offer", "offer__organization", "session")
        .order_by("-sent_on", "-id")
    )
    return {"person_prescriptions": list(rows), "can_prescribe": can_prescribe(user)}
