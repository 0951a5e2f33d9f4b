"""The prescriptions on the person's timeline (found by pathways.timeline.autodiscover)."""

from django.utils.timezone import localdate

from pacte.offers.enums import PrescriptionStatus
from pacte.offers.models import Prescription
from pacte.pathways.timeline import TimelineEvent, register


@register
def prescriptions(person):
    for item in Prescription.objects.filter(person=person).select_related("offer__organization"):
        where = f"« {item.offer.name} » ({item.offer.organization.name})"
        yield TimelineEvent(item.sent_on, "prescription", f"Prescription vers {where}", item)
        if item.answered_on:
            if item.status == PrescriptionStatus.REFUSED:
                answer = f"refusée ({item.get_refusal_reason_display().lower()})"
            elif item.status == PrescriptionStatus.WAITLISTED:
                answer = "mise en liste d'attente"
            else:  # answered and gone further: it was accepted
                answer = "acceptée"
            yield TimelineEvent(
                item.answered_on, "prescription_answer", f"Prescription {answer} : {where}", item, rank=1
            )
        if item.started_on:
            yield TimelineEvent(
                item.started_on, "prescription_start", f"Entrée dans l'action {where}", item, rank=2
            )
        if item.ended_on and item.status in (PrescriptionStatus.COMPLETED, PrescriptionStatus.ABANDONED):
            verb = "Fin" if item.status == PrescriptionStatus.COMPLETED else "Abandon"
            result = f" : {item.get_outcome_display().lower()}" if item.outcome else ""
            yield TimelineEvent(
                item.ended_on, "prescription_end", f"{verb} de l'action {where}{result}", item, rank=3
            )
        if item.status == PrescriptionStatus.CANCELLED:
            yield TimelineEvent(
                localdate(item.updated_at),
                "prescription_cancel",
                f"Prescription annulée : {where}",
                item,
                rank=3,
            )
