"""The national criteria in the pages: the diagnostic form records each barrier's level and the
capacity to project oneself into a job, the rules page shows the criteria as the default block,
the proposal page says which criterion decided; each scoped to the user's département."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.beneficiaries.models import Person
from pacte.pathways.enums import RuleCondition
from pacte.pathways.models import Diagnostic, Orientation
from pacte.pathways.services import propose_orientations, record_diagnostic
from pacte.web.pathways.orientation.forms import DiagnosticForm
from tests.factories import DossierFactory, PersonFactory
from tests.pathways.factories import RuleFactory, barrier
from tests.web.helpers import queries_for
from tests.web.pathways.orientation.conftest import entering

pytestmark = pytest.mark.django_db

RULES = reverse("web:orientation_rules")


def url(person):
    return reverse("web:orientation_diagnostic", kwargs={"uuid": person.uuid})


def post(client, person, **data):
    payload = {
        "made_on": timezone.localdate(),
        "professional_situation": "inactive",
        "education_level": "4",
        "job_projection": "yes",
        "notes": "",
        **data,
    }
    return client.post(url(person), payload)


def selected(page, name):
    """The value of the selected option of the <select name=`name`>."""
    select = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"pas de liste « {name} »"
    return re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1)).group(1)


def of_79(world):
    dossier = DossierFactory(departement_code="79", territory=world.objects["territory_79"])
    return PersonFactory(dossier=dossier, departement_code="79")


@pytest.fixture
def barriers(db):
    return (
        barrier("hebergement-precaire", "housing", "Hébergement précaire"),
        barrier("pas-de-permis", "mobility", "Pas de permis de conduire"),
        barrier(),
    )


def test_levels_and_projection_are_recorded_shown_and_offered_again(world, agent, barriers):
    housing, mobility, health = barriers
    person = entering(world)
    response = post(
        agent,
        person,
        barriers=[housing.code, mobility.code, health.code],
        **{
            "level-hebergement-precaire": "strong",
            "level-pas-de-permis": "no_impact",
            "level-sante-physique": "",
        },
    )
    assert response.status_code == 302
    diagnostic = Diagnostic.objects.get(person=person)
    assert diagnostic.job_projection == "yes"
    assert {link.barrier_id: link.level for link in diagnostic.barrier_links.all()} == {
        housing.code: "strong",
        mobility.code: "no_impact",
        health.code: "medium",  # left empty: a medium barrier
    }
    page = agent.get(url(person)).content.decode()
    assert "Logement : Hébergement précaire (frein fort)" in page
    assert "Mobilité : Pas de permis de conduire (sans impact)" in page
    assert "Capacité à se projeter dans un emploi</dt><dd>Oui, à court terme" in page
    # The next version starts from this one, levels included.
    assert selected(page, "level-hebergement-precaire") == "strong"
    assert selected(page, "level-pas-de-permis") == "no_impact"
    assert 'name="job_projection" value="yes" required' not in page  # optional field
    assert re.search(r'name="job_projection" value="yes"[^>]*checked', page)
    assert (
        post(agent, person, barriers=[housing.code], **{"level-hebergement-precaire": "medium"}).status_code
        == 302
    )
    latest = Diagnostic.objects.get(person=person, version=2)
    assert [(link.barrier_id, link.level) for link in latest.barrier_links.all()] == [
        (housing.code, "medium")
    ]


def test_a_failed_form_keeps_the_levels_typed(world, agent, barriers):
    housing, mobility, _ = barriers
    person = entering(world)
    response = post(
        agent,
        person,
        education_level="",
        job_projection="with_support",
        barriers=[housing.code],
        **{"level-hebergement-precaire": "strong", "level-pas-de-permis": "no_impact"},
    )
    page = response.content.decode()
    assert "Le formulaire contient 1 erreur" in page
    assert selected(page, "level-hebergement-precaire") == "strong"
    assert selected(page, "level-pas-de-permis") == "no_impact"
    assert re.search(r'name="job_projection" value="with_support"[^>]*checked', page)
    assert 'value="hebergement-precaire" id="barrier-hebergement-precaire" checked' in page
    assert not Diagnostic.objects.filter(person=person).exists()


def test_an_unknown_level_is_an_error_on_its_field(world, agent, barriers):
    housing, _, _ = barriers
    person = entering(world)
    page = post(
        agent, person, barriers=[housing.code], **{"level-hebergement-precaire": "enorme"}
    ).content.decode()
    assert "Niveau du frein « Hébergement précaire » : Sélectionnez un choix valide" in page
    assert not Diagnostic.objects.filter(person=person).exists()


def test_health_barriers_have_no_level_field_for_roles_without_health_access(barriers):
    housing, _, health = barriers
    fields = DiagnosticForm(show_health=False).fields
    assert "level-hebergement-precaire" in fields and "level-sante-physique" not in fields
    assert "level-sante-physique" in DiagnosticForm(show_health=True).fields


def test_a_diagnostic_of_another_departement_cannot_be_recorded(world, agent, barriers):
    housing, _, _ = barriers
    stranger = of_79(world)
    response = post(agent, stranger, barriers=[housing.code], **{"level-hebergement-precaire": "strong"})
    assert response.status_code == 404
    assert not Diagnostic.objects.filter(person=stranger).exists()


def test_the_rules_page_shows_the_national_criteria_as_the_default(world, direction):
    page = direction.get(RULES).content.decode()
    assert "Critères nationaux d'orientation (par défaut)" in page
    assert "Aucune règle propre au département : les critères nationaux" in page
    assert "Département 79" not in page
    RuleFactory(label="Sans domicile", condition=RuleCondition.NO_FIXED_ADDRESS)
    RuleFactory(label="Toute autre personne", condition=RuleCondition.ALWAYS)
    page = direction.get(RULES).content.decode()
    # The criteria's row stands between the rule with a condition and the fallback.
    assert (
        page.index("Sans domicile") < page.index('href="#national-87"') < page.index("Toute autre personne")
    )
    assert "Sans activité récente, un frein fort : parcours social (services du département)." in page


def test_the_rules_page_query_count_does_not_grow_with_rules(world, direction):
    def rules(count):
        return [RuleFactory(body=world.objects["ft_87"]).label for _ in range(count)]

    few = queries_for(direction, RULES, shows=[*rules(3), "Critères nationaux"])
    RuleFactory(condition=RuleCondition.ALWAYS, label="Repli")
    assert queries_for(direction, RULES, shows=[*rules(20), "Repli", "Critères nationaux"]) == few


def test_the_proposal_page_says_which_criterion_decided(world, agent, barriers):
    housing, _, _ = barriers
    person = entering(world)
    assert (
        post(agent, person, barriers=[housing.code], **{"level-hebergement-precaire": "strong"}).status_code
        == 302
    )
    assert agent.post(reverse("web:orientation_run_rules"), {"all": "1"}).status_code == 302
    proposal = Orientation.objects.get(person=person)
    assert proposal.rule is None and proposal.national_criterion == "strong_barrier"
    page = agent.get(reverse("web:orientation_proposal", kwargs={"uuid": proposal.uuid})).content.decode()
    assert "Critère national</dt><dd>Frein fort, sans activité récente" in page
    assert "Critère national : frein fort « Logement : Hébergement précaire »" in page
    assert "Règle supprimée depuis" not in page


def test_a_proposal_of_another_departement_is_not_found(world, agent, barriers):
    housing, _, _ = barriers
    stranger = of_79(world)
    record_diagnostic(
        actor=None,
        person=stranger,
        made_on=timezone.localdate(),
        professional_situation="inactive",
        education_level="4",
        barriers={housing: ""},
        levels={housing: "strong"},
    )
    (proposal,) = propose_orientations(
        actor=None, departement="79", persons=Person.objects.filter(pk=stranger.pk)
    )
    assert proposal.national_criterion == "strong_barrier"
    response = agent.get(reverse("web:orientation_proposal", kwargs={"uuid": proposal.uuid}))
    assert response.status_code == 404
