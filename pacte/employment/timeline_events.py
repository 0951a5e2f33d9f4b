"""The positionings on the person's timeline (found by pathways.timeline.autodiscover)."""

from pacte.employment.models import Positioning, PositioningStatus
from pacte.pathways.timeline import TimelineEvent, register

RELATED = (
    "job_offer__employer__organization",
    "insertion_position__employer__organization",
    "insertion_position__appellation",
)


def _contract(item):
    length = f", {item.contract_months} mois" if item.contract_months else ""
    return f"{item.get_contract_type_display()}{length}"


@register
def positionings(person):
    for item in Positioning.objects.filter(person=person).select_related(*RELATED).order_by("id"):
        where = f"« {item.target_label} » ({item.employer.organization.name})"
        yield TimelineEvent(item.proposed_on, "positioning", f"Positionnement sur {where}", item)
        if item.interview_on:
            yield TimelineEvent(
                item.interview_on, "positioning_interview", f"Entretien d'embauche : {where}", item, rank=1
            )
        if item.status == PositioningStatus.HIRED:
            yield TimelineEvent(
                item.hired_on, "positioning_hired", f"Recrutement ({_contract(item)}) : {where}", item, rank=2
            )
        elif item.status == PositioningStatus.NOT_RETAINED:
            reason = item.get_not_retained_reason_display().lower()
            yield TimelineEvent(
                item.not_retained_on,
                "positioning_not_retained",
                f"Positionnement non retenu ({reason}) : {where}",
                item,
                rank=2,
            )
