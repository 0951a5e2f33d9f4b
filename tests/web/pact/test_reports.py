"""The yearly action reports' pages: the contributor's list and form (a refused form keeps what was
typed, nothing is written), the direction's choice of reporters, its review queue and decision, the
reports on the action's page, the tree coloured by the latest validated report; who sees the
author's name; query-count guards on the lists."""

import pytest
from django.urls import reverse

from pacte.organizations.enums import Role
from pacte.pact import reports
from pacte.pact.enums import ReportStatus
from pacte.pact.models import ActionReport
from tests.factories import MembershipFactory
from tests.pact.factories import ActionFactory, ObjectiveFactory, PactFactory, ThematicFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    departement = world.objects["departement_87"]
    pact = PactFactory(departement=departement, slug="pacte-87", start_year=2022, end_year=2025)
    thematic = ThematicFactory(pact=pact, title="Mieux orienter")
    action = ActionFactory(objective=ObjectiveFactory(thematic=thematic), title="Plateforme d'orientation")
    contributor = world.users["pact_contributor"]
    contributor.first_name, contributor.last_name = "Dominique", "Rédactrice"
    contributor.save()
    action.reporters.add(contributor)
    world.objects.update({"pact": pact, "action": action, "thematic": thematic})
    return world


def _submit(world, year=2024, percent=80):
    return reports.save_report(
        actor=world.users["pact_contributor"], action=world.objects["action"], year=year,
        progress_percent=percent, advances="Plateforme ouverte.", submit=True,
    )  # fmt: skip


def test_the_contributor_lists_its_actions_and_the_state_of_each_report(world):
    client = client_for(world, "pact_contributor")
    page = client.get(reverse("web:pact_my_reports"), {"annee": 2024}).content.decode()
    assert "Plateforme d&#x27;orientation" in page and "Non commencé" in page and "Rédiger" in page
    assert "1 bilan à rédiger ou à reprendre pour 2024" in page
    other = ActionFactory(objective=world.objects["action"].objective, title="Action d'un autre")
    assert "Action d&#x27;un autre" not in client.get(reverse("web:pact_my_reports")).content.decode()
    _submit(world)
    page = client.get(reverse("web:pact_my_reports"), {"annee": 2024}).content.decode()
    assert "Transmis à la direction" in page and "0 bilan à rédiger" in page
    assert other.pk


def test_a_refused_report_keeps_what_was_typed_and_writes_nothing(world):
    client = client_for(world, "pact_contributor")
    url = reverse("web:pact_report_edit", args=[world.objects["action"].uuid, 2024])
    response = client.post(
        url, {"progress_percent": "", "progress_status": "", "values": "35 personnes", "intent": "submit"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez l&#x27;avancement de l&#x27;action" in page and "35 personnes" in page
    response = client.post(url, {"progress_percent": "150", "advances": "Ouverte", "intent": "draft"})
    assert "inférieure ou égale à 100" in response.content.decode() and "Ouverte" in response.content.decode()
    response = client.post(url, {"progress_percent": "40", "advances": "", "intent": "submit"})
    assert "Décrivez les avancées" in response.content.decode()
    assert not ActionReport.objects.exists()


def test_draft_then_submit_then_the_direction_returns_it_then_validates_it(world):
    contributor = client_for(world, "pact_contributor")
    action = world.objects["action"]
    url = reverse("web:pact_report_edit", args=[action.uuid, 2024])
    response = contributor.post(url, {"progress_percent": "30", "advances": "Lancée", "intent": "draft"})
    assert response.status_code == 302
    report = ActionReport.objects.get()
    assert report.status == ReportStatus.DRAFT
    assert "Lancée" in contributor.get(url).content.decode()
    response = contributor.post(url, {"progress_percent": "60", "advances": "Ouverte", "intent": "submit"})
    assert response["Location"] == reverse("web:pact_report_detail", args=[report.uuid])
    # Submitted: the form sends back to the report's page.
    assert contributor.get(url)["Location"] == reverse("web:pact_report_detail", args=[report.uuid])
    direction = client_for(world, "direction")
    queue = direction.get(reverse("web:pact_report_queue")).content.decode()
    assert "Plateforme d&#x27;orientation" in queue and "Dominique Rédactrice" in queue
    review = reverse("web:pact_report_review", args=[report.uuid])
    response = direction.post(review, {"decision": "return", "comment": ""})
    assert response.status_code == 200 and "Dites ce qui manque" in response.content.decode()
    direction.post(review, {"decision": "return", "comment": "Chiffrez les orientations."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    form = contributor.get(url).content.decode()
    assert "Chiffrez les orientations." in form and "Ouverte" in form
    contributor.post(
        url,
        {"progress_percent": "70", "values": "120 orientations", "advances": "Ouverte", "intent": "submit"},
    )
    response = direction.post(review, {"decision": "validate"})
    assert response["Location"] == reverse("web:pact_report_queue")
    report.refresh_from_db()
    assert (report.status, report.progress_percent) == (ReportStatus.VALIDATED, 70)


def test_the_tree_and_the_action_page_show_the_latest_validated_progress(world):
    action, pact = world.objects["action"], world.objects["pact"]
    analyst = client_for(world, "analyst")
    tree = reverse("web:pact_detail", args=[pact.slug])
    assert (
        "non renseigné" in analyst.get(tree).content.decode().split("Plateforme d&#x27;orientation")[1][:200]
    )
    report = _submit(world, percent=80)
    # Submitted is not validated: the analyst neither sees the report nor its progress.
    page = analyst.get(reverse("web:pact_action_detail", args=[action.uuid])).content.decode()
    assert "Aucun bilan validé" in page and "Bilan 2024" not in page
    reports.review(actor=world.users["direction"], report=report, validate=True)
    after = analyst.get(tree).content.decode().split("Plateforme d&#x27;orientation")[1][:200]
    assert "bien avancée (75 à 99 %)" in after
    page = analyst.get(reverse("web:pact_action_detail", args=[action.uuid])).content.decode()
    assert "Bilan 2024" in page and "Bien avancée (75 à 99 %)" in page and "Conseil départemental 87" in page
    assert "Dominique" not in page


def test_the_author_is_named_to_the_direction_only(world):
    report = _submit(world)
    reports.review(actor=world.users["direction"], report=report, validate=True)
    url = reverse("web:pact_report_detail", args=[report.uuid])
    assert (
        "Dominique Rédactrice (Conseil départemental 87)"
        in client_for(world, "direction").get(url).content.decode()
    )
    page = client_for(world, "analyst").get(url).content.decode()
    assert "Conseil départemental 87" in page and "Dominique" not in page


def test_the_direction_names_the_reporters_among_the_contributors(world):
    action = world.objects["action"]
    direction = client_for(world, "direction")
    url = reverse("web:pact_action_reporters", args=[action.uuid])
    page = direction.get(url).content.decode()
    assert "Dominique Rédactrice" in page
    # A referent is not offered, nor a contributor of the 79: the form refuses them.
    referent = world.users["referent"]
    response = direction.post(url, {"reporters": [referent.pk]})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert list(action.reporters.all()) == [world.users["pact_contributor"]]
    second = MembershipFactory(role=Role.PACT_CONTRIBUTOR, organization=world.objects["association_87"]).user
    response = direction.post(url, {"reporters": [second.pk]})
    assert response.status_code == 302
    assert list(action.reporters.all()) == [second]
    page = client_for(world, "pact_contributor").get(reverse("web:pact_my_reports")).content.decode()
    assert "Aucune action ne vous est confiée" in page


def test_the_lists_query_count_does_not_grow(world):
    contributor = world.users["pact_contributor"]
    objective = world.objects["action"].objective

    def add(count):
        for _ in range(count):
            action = ActionFactory(objective=objective)
            action.reporters.add(contributor)
            reports.save_report(
                actor=contributor,
                action=action,
                year=2024,
                progress_percent=10,
                advances="Lancée",
                submit=True,
            )

    add(4)
    mine, queue = reverse("web:pact_my_reports"), reverse("web:pact_report_queue")
    client, direction = client_for(world, "pact_contributor"), client_for(world, "direction")
    few = (
        queries_for(client, mine, shows=["Transmis à la direction"], annee=2024),
        queries_for(direction, queue, shows=["Dominique Rédactrice"]),
        queries_for(direction, reverse("web:pact_detail", args=["pacte-87"]), shows=["Plateforme"]),
    )
    add(20)
    many = (
        queries_for(client, mine, shows=["Transmis à la direction"], annee=2024),
        queries_for(direction, queue, shows=["Dominique Rédactrice"]),
        queries_for(direction, reverse("web:pact_detail", args=["pacte-87"]), shows=["Plateforme"]),
    )
    assert many == few


def test_the_home_pages_say_what_is_to_do(world):
    page = client_for(world, "pact_contributor").get(reverse("web:home")).content.decode()
    assert "Vous rédigez le bilan annuel de 1 action" in page and reverse("web:pact_my_reports") in page
    _submit(world)
    page = client_for(world, "direction").get(reverse("web:home")).content.decode()
    assert "1 transmis" in page and reverse("web:pact_report_queue") in page
