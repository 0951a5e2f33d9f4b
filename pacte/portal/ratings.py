"""The person rates the actions they attended; partners and the pact read the ratings aggregated.

No partner sees who said what: a summary of an offer shows the mean and the count, and its comments
(without names or dates) only from `MIN_RATINGS` ratings on, so that one person's rating cannot be
told from the others'.
"""

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.offers.enums import PrescriptionStatus
from pacte.offers.models import ActionRating

MIN_RATINGS = ActionRating.SHOWN_FROM
RATEABLE = (PrescriptionStatus.STARTED, PrescriptionStatus.COMPLETED, PrescriptionStatus.ABANDONED)
COMMENT_MAX = 1000


def rateable(person):
    """The person's prescriptions to actions they went to, with their rating if they gave one."""
    return (
        person.prescriptions.filter(status__in=RATEABLE)
        .select_related("offer__organization", "rating")
        .order_by("-started_on", "-id")
    )


@transaction.atomic
def rate(*, user, person, prescription, score, comment="", request=None):
    if prescription.person_id != person.pk or prescription.status not in RATEABLE:
        raise DomainError("Vous ne pouvez donner votre avis que sur une action où vous êtes allé·e.")
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DomainError("Choisissez une note de 1 à 5.", field="score")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(
            f"Votre commentaire est trop long ({COMMENT_MAX} caractères au plus).", field="comment"
        )
    try:
        with transaction.atomic():
            rating = ActionRating.objects.create(
                departement_code=person.departement_code, person=person, prescription=prescription,
                score=score, comment=comment,
            )  # fmt: skip
    except IntegrityError:
        raise DomainError("Vous avez déjà donné votre avis sur cette action.") from None
    log(actor=user, action="portal.rating", obj=prescription, request=request, data={"score": score})
    return rating


def summary(ratings):
    """{"count", "mean", "comments"} of a queryset of ratings; mean and comments hidden under
    MIN_RATINGS."""
    figures = ratings.aggregate(count=Count("id"), mean=Avg("score"))
    count = figures["count"]
    if count < MIN_RATINGS:
        return {"count": count, "mean": None, "comments": [], "masked": count > 0}
    comments = sorted(c for c in ratings.exclude(comment="").values_list("comment", flat=True))
    return {"count": count, "mean": round(figures["mean"], 1), "comments": comments, "masked": False}


def for_offer(offer):
    return summary(ActionRating.objects.filter(prescription__offer=offer))


def for_offers(offers):
    return summary(ActionRating.objects.filter(prescription__offer__in=offers.values("pk")))
