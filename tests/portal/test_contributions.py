"""Co-construction from the space (proposals, comments, agreement, blockers) and the ratings of
actions, read by partners in aggregate only."""

import pytest
from django.core import mail
from django.urls import reverse

from pacte.offers.models import ActionRating
from pacte.pathways.models import PlanAction, PlanObjective
from pacte.pathways.timeline import events
from pacte.portal import ratings
from pacte.portal.models import Contribution, ContributionKind
from tests.factories import PersonFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pathways.factories import ContractFactory, ReferentAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(client, beneficiary):
    client.force_login(beneficiary.user)
    return client


@pytest.fixture
def referent(beneficiary):
    assignment = ReferentAssignmentFactory(person=beneficiary)
    assignment.referent.email = "referente@example.org"
    assignment.referent.save()
    return assignment.referent


def test_a_proposed_objective_and_action_go_into_the_plan_marked_as_the_person_s(
    space, beneficiary, referent, django_capture_on_commit_callbacks
):
    ContractFactory(person=beneficiary)
    with django_capture_on_commit_callbacks(execute=True):
        response = space.post(
            reverse("portal:propose"), {"title": "Passer le permis B", "details": "Code d'abord"}
        )
    assert response.url == reverse("portal:plan")
    objective = PlanObjective.objects.get(person=beneficiary)
    assert objective.created_by_person and objective.contract is not None
    assert mail.outbox[-1].to == ["referente@example.org"] and "Passer le permis B" in mail.outbox[-1].body

    url = f"{reverse('portal:propose')}?objectif={objective.uuid}"
    space.post(url, {"title": "M'inscrire à l'auto-école", "objectif": str(objective.uuid)})
    action = PlanAction.objects.get(objective=objective)
    assert action.created_by_person and action.title == "M'inscrire à l'auto-école"
    page = space.get(reverse("portal:plan")).content.decode()
    assert "Passer le permis B" in page and "proposé par vous" in page


def test_an_empty_proposal_keeps_the_form_and_writes_nothing(space, beneficiary):
    response = space.post(reverse("portal:propose"), {"title": "  ", "details": "Mes détails"})
    assert "Écrivez en quelques mots" in response.content.decode()
    assert "Mes détails" in response.content.decode()
    assert not PlanObjective.objects.exists()


def test_someone_else_s_objective_answers_404(space, beneficiary):
    other = PlanObjective.objects.create(person=PersonFactory(), departement_code="87", title="Autre")
    response = space.post(reverse("portal:propose"), {"title": "X", "objectif": str(other.uuid)})
    assert response.status_code == 404


def test_agreement_is_dated_with_the_plan_as_it_stood(space, beneficiary, referent):
    space.post(reverse("portal:plan_agree"))
    assert not Contribution.objects.exists()  # nothing to agree to yet
    objective = PlanObjective.objects.create(
        person=beneficiary, departement_code="87", title="Trouver un emploi"
    )
    space.post(reverse("portal:plan_agree"))
    agreement = Contribution.objects.get(kind=ContributionKind.AGREEMENT)
    assert agreement.plan_snapshot[0]["objectif"] == objective.title
    assert "Vous avez dit oui le" in space.get(reverse("portal:plan")).content.decode()
    assert "portal_agreement" in [event.kind for event in events(beneficiary)]


def test_a_comment_and_a_blocker_reach_the_referent_and_the_timeline(
    space, beneficiary, referent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        space.post(reverse("portal:plan_comment"), {"text": "Je voudrais plus de temps"})
        response = space.post(reverse("portal:blocker"), {"text": "Pas de garde le matin"})
    assert response.url == reverse("portal:home")
    assert {c.kind for c in Contribution.objects.filter(person=beneficiary)} == {"comment", "blocker"}
    assert len(mail.outbox) == 2
    labels = [event.label for event in events(beneficiary)]
    assert any("Pas de garde le matin" in label for label in labels)
    empty = space.post(reverse("portal:blocker"), {"text": ""})
    assert "Écrivez ce qui vous bloque" in empty.content.decode()


def test_a_person_rates_an_action_they_attended_once(space, beneficiary):
    attended = PrescriptionFactory(person=beneficiary, status="completed")
    sent_only = PrescriptionFactory(person=beneficiary, status="sent")
    page = space.get(reverse("portal:ratings")).content.decode()
    assert attended.offer.name in page and sent_only.offer.name not in page
    assert space.get(reverse("portal:rate", args=[sent_only.uuid])).status_code == 404

    missing = space.post(reverse("portal:rate", args=[attended.uuid]), {"comment": "Très utile"})
    assert "Choisissez une note" in missing.content.decode() and "Très utile" in missing.content.decode()
    space.post(reverse("portal:rate", args=[attended.uuid]), {"score": "4", "comment": "Très utile"})
    assert ActionRating.objects.get().score == 4
    again = space.post(reverse("portal:rate", args=[attended.uuid]), {"score": "1"})
    assert again.url == reverse("portal:ratings") and ActionRating.objects.get().score == 4


def test_others_ratings_cannot_be_reached(space):
    other = PrescriptionFactory(person=PersonFactory(), status="completed")
    assert space.get(reverse("portal:rate", args=[other.uuid])).status_code == 404


def test_an_offer_s_ratings_are_shown_from_five_only_and_without_names():
    offer = OfferFactory()
    for score in (5, 4, 3, 4):
        prescription = PrescriptionFactory(offer=offer, status="completed")
        ActionRating.objects.create(
            person=prescription.person, departement_code="87", prescription=prescription, score=score,
            comment=f"avis {score}",
        )  # fmt: skip
    assert ratings.for_offer(offer) == {"count": 4, "mean": None, "comments": [], "masked": True}
    prescription = PrescriptionFactory(offer=offer, status="completed")
    ActionRating.objects.create(
        person=prescription.person, departement_code="87", prescription=prescription, score=2
    )
    summary = ratings.for_offer(offer)
    assert (
        summary["count"] == 5
        and summary["mean"] == 3.6
        and summary["comments"] == sorted(summary["comments"])
    )
    assert len(summary["comments"]) == 4


def test_the_offer_page_shows_the_ratings_in_aggregate(client):
    from pacte.organizations.enums import Role
    from tests.factories import user_with_role
    from tests.permissions.world import verify_second_factor

    offer = OfferFactory()
    for score in (5, 5, 4, 4):
        prescription = PrescriptionFactory(offer=offer, status="completed")
        ActionRating.objects.create(
            person=prescription.person, departement_code="87", prescription=prescription, score=score,
            comment=f"Commentaire de {prescription.person.last_name}",
        )  # fmt: skip
    partner = user_with_role(Role.PARTNER, organization=offer.organization)
    client.force_login(partner)
    verify_second_factor(client, partner)
    page = client.get(reverse("web:offer_detail", args=[offer.uuid])).content.decode()
    assert "4 avis donnés : ils s'afficheront à partir de 5" in page
    assert "Commentaire de" not in page
    prescription = PrescriptionFactory(offer=offer, status="completed")
    ActionRating.objects.create(
        person=prescription.person, departement_code="87", prescription=prescription, score=3
    )
    page = client.get(reverse("web:offer_detail", args=[offer.uuid])).content.decode()
    assert "4,2 sur 5" in page and "d'après 5 avis" in page
    assert prescription.person.last_name not in page.split("avis-titre")[1]
    partner_page = client.get(reverse("web:partner_offers")).content.decode()
    assert "4,2 sur 5" in partner_page


def test_the_pact_s_indicator_of_ratings_is_the_year_s_mean_from_five_ratings():
    import datetime

    from pacte.evaluation.pact_indicators import Context, evaluate

    context = Context(
        departement="87", year=2026, at=datetime.date(2026, 12, 31), today=datetime.date(2026, 12, 31)
    )
    for score in (5, 4, 4, 3):
        prescription = PrescriptionFactory(status="completed")
        ActionRating.objects.create(
            person=prescription.person, departement_code="87", prescription=prescription, score=score
        )
    result = evaluate("beneficiary_ratings", context)
    assert result.value is None and result.details["n"] == 4 and "moins de 5 avis" in result.reason
    prescription = PrescriptionFactory(status="completed")
    ActionRating.objects.create(
        person=prescription.person, departement_code="87", prescription=prescription, score=2
    )
    result = evaluate("beneficiary_ratings", context)
    assert str(result.value) == "3.6" and result.details["n"] == 5
