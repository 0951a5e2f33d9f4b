"""What the space's home page says of a person: their référent, their next appointments, their
contract, in the words a person uses."""

from pacte.pathways.enums import AppointmentStatus, ContractStatus
from pacte.pathways.models import Appointment, Contract
from pacte.portal.notify import current_referent

# "Droits et devoirs" in a few short sentences (the space's own words, not the law's).
RIGHTS_AND_DUTIES = [
    "Le RSA vous donne un revenu. Il vous donne aussi droit à un accompagnement.",
    "Une personne vous suit : votre référent·e. Vous construisez ensemble votre parcours.",
    "De votre côté, vous venez aux rendez-vous et vous faites ce qui est écrit dans votre contrat.",
    "Si vous ne pouvez pas venir, prévenez votre référent·e avant le rendez-vous.",
]


def space_summary(person, *, now):
    today = now.date()
    appointments = (
        Appointment.objects.filter(person=person, starts_at__gte=now, status=AppointmentStatus.SCHEDULED)
        .select_related("organization")
        .order_by("starts_at")[:3]
    )
    contract = (
        Contract.objects.filter(person=person, status=ContractStatus.SIGNED)
        .order_by("-signed_on", "-id")
        .first()
    )
    return {
        "assignment": current_referent(person, today),
        "appointments": list(appointments),
        "contract": contract,
        "rights_and_duties": RIGHTS_AND_DUTIES,
    }
