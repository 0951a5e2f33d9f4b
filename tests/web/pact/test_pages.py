"""The pact pages: the tree with its progress scale, an action's page, signatories, concertation,
an indicator's chart against its targets; the direction's forms (French errors, form kept);
query-count guards on the lists; a user of one département never reads another's pact."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from pacte.pact import services
from pacte.pact.loader import load_pact, seed_path
from pacte.pact.models import Action, BudgetLine, Pact, Signatory
from tests.pact.factories import ActionFactory, IndicatorFactory, PactFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def seeded(world):
    load_pact(seed_path("haute-vienne-2022-2025.json"))
    load_pact(seed_path("deux-sevres-2022-2027.json"))
    return Pact.objects.get(slug="haute-vienne-2022-2025")


def test_the_tree_shows_thematics_objectives_and_the_progress_scale(world, seeded):
    action = services.save_action(
        actor=None,
        objective=seeded.thematics.get(position=2).objectives.first(),
        title="Plateforme de parcours",
    )
    page = client_for(world, "analyst").get(reverse("web:pact_detail", args=[seeded.slug])).content.decode()
    assert "Thématique 1 : Mieux orienter les personnes" in page
    assert "Raccourcir les délais d&#x27;orientation et la mise en parcours" in page
    assert "5 thématiques, 19 objectifs, 1 action saisie sur les 44 annoncées" in page
    assert "Non renseigné" in page and "Réalisée (100 %)" in page
    assert reverse("web:pact_action_detail", args=[action.uuid]) in page
    assert "non renseigné" in page.split("Plateforme de parcours")[1][:200]
    assert "Ajouter une thématique" not in page
    assert "Les référents thématiques" in page


def test_the_direction_sees_its_forms_and_the_status_moves(world, seeded):
    page = client_for(world, "direction").get(reverse("web:pact_detail", args=[seeded.slug])).content.decode()
    assert "Ajouter une thématique" in page and "Clore le pacte" in page


def test_another_departement_pact_answers_404(world, seeded):
    slug = "deux-sevres-2022-2027"
    assert client_for(world, "direction").get(reverse("web:pact_detail", args=[slug])).status_code == 404
    listing = client_for(world, "direction").get(reverse("web:pact_list")).content.decode()
    assert "Haute-Vienne 2022-2025" in listing and "Deux-Sèvres" not in listing


def test_signatories_and_concertation(world, seeded):
    client = client_for(world, "referent")
    page = client.get(reverse("web:pact_concertation", args=[seeded.slug])).content.decode()
    assert "Assises de l’insertion" in page and "environ 70" in page and "Réunions</dt><dd>20" in page
    pact = PactFactory(departement=world.objects["departement_87"], slug="pti-2016", announced_signatories=21)
    Signatory.objects.create(
        pact=pact, name="Caisse d'allocations familiales", commitment="Partager les données"
    )
    page = client.get(reverse("web:pact_signatories", args=[pact.slug])).content.decode()
    assert "Le pacte annonce 21 signataires ; 1 est enregistré." in page and "Partager les données" in page


def test_action_page_with_pilot_partners_calendar_and_budget(world, seeded):
    association = world.objects["association_87"]
    action = services.save_action(
        actor=None,
        objective=seeded.thematics.first().objectives.first(),
        title="Plateforme d'orientation",
        pilot=association,
        partners=[world.objects["mdd_north"]],
        partner_names=["France Travail"],
        referent_name="Claire Martin",
        start_date=datetime.date(2023, 1, 1),
        calendar="Comité annuel en juin.",
    )
    services.add_budget_line(
        actor=None, action=action, year=2023, label="Animation", amount="20000", funding_source="fse_plus"
    )
    services.add_budget_line(
        actor=None, action=action, year=2024, label="Animation", amount="1500.5", funding_source="departement"
    )
    page = (
        client_for(world, "pact_contributor")
        .get(reverse("web:pact_action_detail", args=[action.uuid]))
        .content.decode()
    )
    for text in ("Association Tremplin", "Maison du département Nord, France Travail", "Claire Martin",
                 "à partir du 01/01/2023", "Comité annuel en juin.", "FSE+ (Fonds social européen)",
                 "500,50 €", "Non renseigné"):  # fmt: skip
        assert text in page, text


def test_indicator_chart_against_targets(world, seeded):
    indicator = IndicatorFactory(
        pact=seeded, name="Délai moyen d'orientation", targets={"2023": 40, "2024": 30}
    )
    services.set_indicator_value(
        actor=None, indicator=indicator, year=2023, value="45", dated=datetime.date(2024, 1, 31)
    )
    page = (
        client_for(world, "analyst")
        .get(reverse("web:pact_indicator_detail", args=[indicator.uuid]))
        .content.decode()
    )
    assert "<svg" in page and "45 (valeur)" in page and "40 (cible)" in page and "30 (cible)" in page
    assert "pas de valeur" in page  # 2024 has a target, no value yet
    assert "Saisir une valeur" not in page


def test_the_direction_adds_an_action_and_a_refusal_keeps_what_was_typed(world, seeded):
    client = client_for(world, "direction")
    objective = seeded.thematics.first().objectives.first()
    url = reverse("web:pact_action_create", args=[seeded.slug, objective.pk])
    data = {
        "title": "Diagnostic partagé",
        "description": "Avec la CAF",
        "start_date": "2024-06-01",
        "end_date": "2024-01-01",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "La fin de l&#x27;action ne peut précéder son début." in page and "Avec la CAF" in page
    assert not Action.objects.filter(title="Diagnostic partagé").exists()
    data["end_date"] = "2025-12-31"
    response = client.post(
        url, {**data, "pilot": world.objects["association_87"].pk, "partner_names": "ADIE\nGarage"}
    )
    action = Action.objects.get(title="Diagnostic partagé")
    assert response.status_code == 302 and response["Location"] == reverse(
        "web:pact_action_detail", args=[action.uuid]
    )
    assert action.partner_names == ["ADIE", "Garage"] and action.pilot == world.objects["association_87"]


def test_the_direction_edits_thematics_objectives_signatories_budget_and_values(world, seeded):
    client = client_for(world, "direction")
    thematic = seeded.thematics.first()
    response = client.post(
        reverse("web:pact_thematic_edit", args=[seeded.slug, thematic.pk]),
        {"title": seeded.thematics.last().title},
    )
    assert "Une autre thématique de ce pacte porte déjà cet intitulé." in response.content.decode()
    client.post(
        reverse("web:pact_thematic_edit", args=[seeded.slug, thematic.pk]),
        {"title": thematic.title, "referent_name": "Jeanne Roux"},
    )
    thematic.refresh_from_db()
    assert thematic.referent_name == "Jeanne Roux"
    client.post(
        reverse("web:pact_objective_create", args=[seeded.slug, thematic.pk]), {"title": "Nouvel objectif"}
    )
    assert thematic.objectives.filter(title="Nouvel objectif", position=4).exists()
    client.post(
        reverse("web:pact_signatory_create", args=[seeded.slug]), {"name": "État", "commitment": "Cofinancer"}
    )
    assert seeded.signatories.get(name="État").commitment == "Cofinancer"
    action = ActionFactory(objective=thematic.objectives.first())
    response = client.post(
        reverse("web:pact_budget_line_create", args=[action.uuid]),
        {"year": 2023, "label": "Animation", "amount": "abc", "funding_source": "fse_plus"},
    )
    assert (
        "Le montant doit être un nombre." in response.content.decode()
        and 'value="abc"' in response.content.decode()
    )
    client.post(
        reverse("web:pact_budget_line_create", args=[action.uuid]),
        {"year": 2023, "label": "Animation", "amount": "100", "funding_source": "fse_plus"},
    )
    assert BudgetLine.objects.get(action=action).amount == Decimal("100")
    indicator = IndicatorFactory(pact=seeded)
    url = reverse("web:pact_indicator_value_create", args=[indicator.uuid])
    client.post(url, {"year": 2023, "value": "12", "dated": "2024-01-10"})
    assert indicator.values.get().entered_by == world.users["direction"]


def test_adopting_asks_for_the_assembly_date(world):
    pact = PactFactory(departement=world.objects["departement_87"], status="draft", slug="projet")
    client = client_for(world, "direction")
    url = reverse("web:pact_status", args=[pact.slug])
    messages = client.post(url, {"status": "adopted"}, follow=True).content.decode()
    assert "Indiquez la date du vote de l&#x27;assemblée départementale." in messages
    client.post(url, {"status": "adopted", "on": "2024-03-18"})
    pact.refresh_from_db()
    assert (pact.status, pact.adopted_on) == ("adopted", datetime.date(2024, 3, 18))


def _pacts(world, count):
    for index in range(count):
        pact = PactFactory(
            departement=world.objects["departement_87"], slug=f"pacte-liste-{index}", title=f"Pacte n°{index}"
        )
        ActionFactory(objective__thematic__pact=pact)


def test_pact_list_query_count_does_not_grow(world):
    client = client_for(world, "analyst")
    _pacts(world, 5)
    few = queries_for(client, reverse("web:pact_list"), shows=["Pacte n°4"])
    _pacts_more = [
        PactFactory(departement=world.objects["departement_87"], slug=f"autre-{i}", title=f"Autre n°{i}")
        for i in range(20)
    ]
    assert _pacts_more
    many = queries_for(client, reverse("web:pact_list"), shows=["Pacte n°0"])
    assert few == many


def test_tree_and_indicator_list_query_counts_do_not_grow(world, seeded):
    client = client_for(world, "direction")
    objectives = list(seeded.thematics.first().objectives.all())
    ActionFactory(objective=objectives[0], title="Action témoin")
    IndicatorFactory(pact=seeded, name="Indicateur témoin")
    tree = queries_for(client, reverse("web:pact_detail", args=[seeded.slug]), shows=["Action témoin"])
    indicators = queries_for(
        client, reverse("web:pact_indicator_list", args=[seeded.slug]), shows=["Indicateur témoin"]
    )
    for index in range(20):
        ActionFactory(objective=objectives[index % len(objectives)], pilot=world.objects["association_87"])
        services.set_indicator_value(
            actor=None,
            indicator=IndicatorFactory(pact=seeded),
            year=2023,
            value=index,
            dated=datetime.date(2024, 1, 1),
        )
    assert (
        queries_for(client, reverse("web:pact_detail", args=[seeded.slug]), shows=["Action témoin"]) == tree
    )
    assert (
        queries_for(
            client, reverse("web:pact_indicator_list", args=[seeded.slug]), shows=["Indicateur témoin"]
        )
        == indicators
    )


def test_the_direction_defines_an_indicator_with_its_targets(world, seeded):
    client = client_for(world, "direction")
    url = reverse("web:pact_indicator_create", args=[seeded.slug])
    data = {
        "name": "Délai d'orientation",
        "code": "Délai",
        "unit": "jours",
        "targets": "2024 : 45\n2025 : 30",
    }
    page = client.post(url, data).content.decode()
    assert "Le code s&#x27;écrit en minuscules, chiffres et tirets" in page and "2025 : 30" in page
    page = client.post(url, {**data, "code": "delai", "targets": "2024 = 45"}).content.decode()
    assert "Ligne 1 : écrivez « année : cible »" in page
    response = client.post(url, {**data, "code": "delai"})
    indicator = seeded.indicators.get(code="delai")
    assert response["Location"] == reverse("web:pact_indicator_detail", args=[indicator.uuid])
    assert indicator.targets == {"2024": 45.0, "2025": 30.0} and indicator.unit == "jours"
    edit = client.get(reverse("web:pact_indicator_edit", args=[indicator.uuid])).content.decode()
    assert "2024 : 45\n2025 : 30" in edit
    listing = (
        client_for(world, "analyst")
        .get(reverse("web:pact_indicator_list", args=[seeded.slug]))
        .content.decode()
    )
    assert "Délai d&#x27;orientation" in listing and "Ajouter un indicateur" not in listing
