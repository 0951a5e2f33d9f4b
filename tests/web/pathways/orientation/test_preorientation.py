import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.pathways.enums import OrientationStatus, RuleCondition
from pacte.pathways.models import Orientation, PreOrientationRule
from tests.pathways.factories import OrientationFactory, RuleFactory
from tests.web.helpers import queries_for
from tests.web.pathways.orientation.conftest import audited, entering

pytestmark = pytest.mark.django_db

PROPOSALS = reverse("web:orientation_proposals")
RULES = reverse("web:orientation_rules")


def proposal_for(world, **kwargs):
    return OrientationFactory(person=entering(world, **kwargs), body=world.objects["ft_87"], proposed=True)


def test_running_the_rules_proposes_with_the_rule_that_made_it(world, agent):
    RuleFactory(
        label="Jeunes",
        condition=RuleCondition.AGE_RANGE,
        params={"min_age": 18, "max_age": 25},
        track="sociale",
        body_kind="departement",
    )
    RuleFactory(label="Par défaut", condition=RuleCondition.ALWAYS)
    young = entering(world, birth_date=timezone.localdate().replace(year=timezone.localdate().year - 20))
    older = entering(world)
    chosen = agent.post(
        reverse("web:orientation_run_rules"), {"selection": "1", "persons": [str(young.uuid)]}
    )
    assert chosen.status_code == 302
    assert Orientation.objects.get(person=young).track == "sociale"
    assert not Orientation.objects.filter(person=older).exists()
    agent.post(reverse("web:orientation_run_rules"), {"all": "1"})
    assert Orientation.objects.get(person=older).rule.label == "Par défaut"
    text = agent.get(PROPOSALS).content.decode()
    assert "Règle n° 1 « Jeunes » : si la personne a entre 18 et 25 ans" in text
    assert audited("orientation.propose")


def test_a_selection_must_not_be_empty(world, agent):
    response = agent.post(reverse("web:orientation_run_rules"), {"selection": "1"}, follow=True)
    assert "Cochez au moins une personne" in response.content.decode()


def test_validate_one_and_refuse_with_a_reason(world, agent):
    first, second = proposal_for(world), proposal_for(world)
    today = timezone.localdate()
    response = agent.post(
        reverse("web:orientation_validate_proposal", kwargs={"uuid": first.uuid}), {"decision_date": today}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.decision_date) == (OrientationStatus.VALIDATED, today)
    refuse = reverse("web:orientation_refuse_proposal", kwargs={"uuid": second.uuid})
    response = agent.post(refuse, {"reason": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    agent.post(refuse, {"reason": "Situation de santé à revoir"})
    second.refresh_from_db()
    assert (second.status, second.refusal_reason) == (
        OrientationStatus.REFUSED,
        "Situation de santé à revoir",
    )
    assert audited("orientation.refuse")


def test_a_cohort_is_validated_at_once(world, agent):
    proposals = [proposal_for(world) for _ in range(3)]
    response = agent.post(
        reverse("web:orientation_validate_cohort"),
        {"decision_date": timezone.localdate(), "proposals": [str(p.uuid) for p in proposals[:2]]},
    )
    assert response.status_code == 302
    statuses = [Orientation.objects.get(pk=p.pk).status for p in proposals]
    assert statuses == ["validated", "validated", "proposed"]


def test_a_cohort_with_one_invalid_proposal_validates_none_and_keeps_the_selection(world, agent):
    good = proposal_for(world)
    bad = OrientationFactory(person=entering(world), body=None, body_kind="hors_spe", proposed=True)
    response = agent.post(
        reverse("web:orientation_validate_cohort"),
        {"decision_date": timezone.localdate(), "proposals": [str(good.uuid), str(bad.uuid)]},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Aucune orientation validée." in text
    assert f'value="{good.uuid}" id="proposal-{good.uuid}" checked' in text
    assert Orientation.objects.filter(status="validated", pk__in=[good.pk, bad.pk]).count() == 0


def test_the_proposals_query_count_does_not_grow_with_rows(world, agent):
    rule = RuleFactory()

    def proposals(count):
        persons = [entering(world) for _ in range(count)]
        for person in persons:
            OrientationFactory(person=person, body=world.objects["ft_87"], proposed=True, rule=rule)
        return [person.last_name for person in persons]

    few = queries_for(agent, PROPOSALS, shows=proposals(5))
    assert queries_for(agent, PROPOSALS, shows=proposals(45)) == few


def test_the_direction_creates_edits_reorders_and_deactivates_rules(world, direction):
    create = reverse("web:orientation_rule_create")
    payload = {
        "departement": "87",
        "label": "Jeunes",
        "condition": "age_range",
        "min_age": 30,
        "max_age": 25,
        "track": "sociale",
        "body_kind": "departement",
    }
    response = direction.post(create, payload)
    text = response.content.decode()
    assert "L&#x27;âge minimum dépasse l&#x27;âge maximum." in text and 'value="Jeunes"' in text
    direction.post(create, {**payload, "min_age": 18})
    direction.post(
        create,
        {
            **payload,
            "label": "Par défaut",
            "condition": "always",
            "track": "professionnelle",
            "body_kind": "france_travail",
        },
    )
    young, default = PreOrientationRule.objects.order_by("position")
    assert (young.params, default.position) == ({"min_age": 18, "max_age": 25}, 2)
    direction.post(reverse("web:orientation_rule_move", kwargs={"pk": default.pk}), {"direction": "up"})
    assert list(PreOrientationRule.objects.order_by("position").values_list("label", flat=True)) == [
        "Par défaut",
        "Jeunes",
    ]
    direction.post(reverse("web:orientation_rule_toggle", kwargs={"pk": young.pk}))
    young.refresh_from_db()
    assert young.is_active is False
    edit = reverse("web:orientation_rule_edit", kwargs={"pk": young.pk})
    direction.post(edit, {**payload, "min_age": 16, "label": "Moins de 26 ans", "is_active": "on"})
    young.refresh_from_db()
    assert (young.label, young.params["min_age"], young.is_active) == ("Moins de 26 ans", 16, True)
    assert audited("preorientation_rule.reorder") and audited("preorientation_rule.update")
    assert "Moins de 26 ans" in direction.get(RULES).content.decode()


def test_the_rules_query_count_does_not_grow_with_rows(world, direction):
    def rules(count):
        return [RuleFactory(body=world.objects["ft_87"]).label for _ in range(count)]

    few = queries_for(direction, RULES, shows=rules(5))
    assert queries_for(direction, RULES, shows=rules(30)) == few


def test_the_stock_worklist_runs_the_rules_on_the_stock_not_on_the_entrants(world, agent):
    RuleFactory(label="Par défaut", condition=RuleCondition.ALWAYS)
    stock = entering(world, days_ago=400, sdd_cohort="stock")
    other_stock = entering(world, days_ago=300, sdd_cohort="stock")
    entrant = entering(world)
    response = agent.post(
        reverse("web:orientation_run_rules"), {"stock": "1", "selection": "1", "persons": [str(stock.uuid)]}
    )
    assert response.status_code == 302
    assert Orientation.objects.get(person=stock).rule.label == "Par défaut"
    assert not Orientation.objects.filter(person__in=[other_stock, entrant]).exists()
    agent.post(reverse("web:orientation_run_rules"), {"stock": "1", "all": "1"})
    assert Orientation.objects.filter(person=other_stock).exists()
    assert not Orientation.objects.filter(person=entrant).exists()
    # An empty selection sends back to the stock page, not the queue.
    empty = agent.post(reverse("web:orientation_run_rules"), {"stock": "1", "selection": "1"})
    assert empty.url == reverse("web:orientation_stock")
