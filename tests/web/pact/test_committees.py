"""The steering committees' pages: the direction records a committee (a refused form keeps what was
typed), its decisions and follow-up tasks; the tasks show on their owner's home page, late ones
first, until the owner says "Fait"; the concertation event's form; query-count guards; another
département's committee answers 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.pact import committees
from pacte.pact.models import ConcertationEvent, FollowUpTask, SteeringCommittee
from tests.pact.factories import ActionFactory, ObjectiveFactory, PactFactory, ThematicFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    pact = PactFactory(
        departement=world.objects["departement_87"], slug="pacte-87", start_year=2022, end_year=2027
    )
    action = ActionFactory(
        objective=ObjectiveFactory(thematic=ThematicFactory(pact=pact)), title="Plateforme d'orientation"
    )
    owner = world.users["pact_contributor"]
    owner.first_name, owner.last_name = "Dominique", "Pilote"
    owner.save()
    world.objects.update({"pact": pact, "action": action})
    return world


def _committee(world, **fields):
    values = {"held_on": timezone.localdate(), "title": "Comité de pilotage annuel", **fields}
    return committees.save_committee(actor=world.users["direction"], pact=world.objects["pact"], **values)


def test_the_direction_records_a_committee_and_a_refused_form_keeps_what_was_typed(world):
    client = client_for(world, "direction")
    url = reverse("web:pact_committee_create", args=["pacte-87"])
    response = client.post(url, {"held_on": "", "title": "Comité 2024", "agenda": "Bilan des actions"})
    page = response.content.decode()
    assert response.status_code == 200 and "Bilan des actions" in page and "Comité 2024" in page
    assert "Date : Ce champ est obligatoire." in page
    response = client.post(url, {"held_on": "2031-01-10", "title": "Comité 2031"})
    assert "Le comité se tient pendant le pacte" in response.content.decode()
    assert not SteeringCommittee.objects.exists()
    owner = world.users["pact_contributor"]
    response = client.post(
        url,
        {
            "held_on": "2024-06-14", "title": "Comité 2024", "agenda": "Bilan des actions", "minutes": "Validé",
            "attendee_users": [owner.pk], "attendee_organizations": [world.objects["association_87"].pk],
            "other_attendees": "Préfecture",
        },
    )  # fmt: skip
    committee = SteeringCommittee.objects.get()
    assert response["Location"] == reverse("web:pact_committee_detail", args=[committee.uuid])
    page = client.get(response["Location"]).content.decode()
    assert "Dominique Pilote" in page and "Association Tremplin" in page and "Préfecture" in page
    decision_url = reverse("web:pact_committee_decision_create", args=[committee.uuid])
    assert client.post(decision_url, {"text": ""}).status_code == 200
    client.post(decision_url, {"text": "Étendre la plateforme au sud", "action": world.objects["action"].pk})
    task_url = reverse("web:pact_committee_task_create", args=[committee.uuid])
    response = client.post(
        task_url, {"title": "Chiffrer l'extension", "owner": owner.pk, "due_on": "2024-01-01"}
    )
    assert "L&#x27;échéance suit la date du comité" in response.content.decode()
    client.post(task_url, {"title": "Chiffrer l'extension", "owner": owner.pk, "due_on": "2024-09-30"})
    page = client.get(reverse("web:pact_committee_detail", args=[committee.uuid])).content.decode()
    assert "Étendre la plateforme au sud" in page and "Plateforme d&#x27;orientation" in page
    assert "Chiffrer l&#x27;extension" in page and "30/09/2024" in page
    edit = reverse("web:pact_committee_edit", args=[committee.uuid])
    assert "Bilan des actions" in client.get(edit).content.decode()
    client.post(edit, {"held_on": "2024-06-14", "title": "Comité de pilotage 2024", "agenda": "Bilan"})
    committee.refresh_from_db()
    assert committee.title == "Comité de pilotage 2024" and not committee.attendee_users.exists()


def test_tasks_show_on_the_owners_home_late_first_until_done(world):
    owner = world.users["pact_contributor"]
    committee = _committee(world, held_on=datetime.date(2024, 6, 14), title="Comité 2024")
    today = timezone.localdate()
    late = committees.add_task(
        actor=None,
        committee=committee,
        title="Relancer les pilotes",
        owner=owner,
        due_on=datetime.date(2024, 7, 1),
    )
    committees.add_task(
        actor=None,
        committee=committee,
        title="Préparer le bilan",
        owner=owner,
        due_on=today + datetime.timedelta(30),
    )
    committees.add_task(
        actor=None, committee=committee, title="Pour la direction", owner=world.users["direction"]
    )
    client = client_for(world, "pact_contributor")
    page = client.get(reverse("web:home")).content.decode()
    block = page.split("Suites des comités de pilotage")[1]
    assert block.index("Relancer les pilotes") < block.index("Préparer le bilan")
    assert "(en retard)" in block.split("Préparer le bilan")[0] and "Pour la direction" not in page
    response = client.post(reverse("web:pact_task_done", args=[late.uuid]), {"next": reverse("web:home")})
    assert response["Location"] == reverse("web:home")
    late.refresh_from_db()
    assert late.done_by == owner
    block = client.get(reverse("web:home")).content.decode().split("Suites des comités de pilotage")[1]
    assert "Relancer les pilotes" not in block and "Préparer le bilan" in block
    # Someone else's task answers 404 and stays open; an outside `next` is not followed.
    other = FollowUpTask.objects.get(title="Pour la direction")
    assert client.post(reverse("web:pact_task_done", args=[other.uuid])).status_code == 404
    other.refresh_from_db()
    assert other.done_at is None
    direction = client_for(world, "direction")
    response = direction.post(
        reverse("web:pact_task_done", args=[other.uuid]), {"next": "https://example.com/"}
    )
    assert response["Location"] == reverse("web:home")
    assert "Suites des comités de pilotage" not in direction.get(reverse("web:home")).content.decode()


def test_another_departement_committee_answers_404(world):
    pact_79 = PactFactory(departement=world.objects["departement_79"], slug="pacte-79")
    committee = committees.save_committee(
        actor=None, pact=pact_79, held_on=datetime.date(2024, 3, 1), title="Comité 79"
    )
    client = client_for(world, "direction")
    assert client.get(reverse("web:pact_committee_detail", args=[committee.uuid])).status_code == 404
    assert client.get(reverse("web:pact_committee_list", args=["pacte-79"])).status_code == 404
    listing = client.get(reverse("web:pact_committee_list", args=["pacte-87"])).content.decode()
    assert "Comité 79" not in listing
    # A valid body on the 79's committee writes nothing, as the direction of the 87 who is referent in the 79.
    dual = client_for(world, "direction_87_referent_79")
    body = {"held_on": "2024-03-02", "title": "Renommé"}
    for name in (
        "web:pact_committee_edit",
        "web:pact_committee_decision_create",
        "web:pact_committee_task_create",
    ):
        response = dual.post(reverse(name, args=[committee.uuid]), {**body, "text": "Décidé", "owner": ""})
        assert response.status_code == 403, name
    committee.refresh_from_db()
    assert (
        committee.title == "Comité 79" and not committee.decisions.exists() and not committee.tasks.exists()
    )


def test_the_committee_list_query_count_does_not_grow(world):
    def add(count, start):
        for index in range(count):
            committee = _committee(
                world,
                held_on=datetime.date(2024, 1, 1) + datetime.timedelta(start + index),
                title=f"Comité {start + index}",
            )
            committees.add_task(
                actor=None, committee=committee, title="Suite", owner=world.users["direction"]
            )

    add(5, 0)
    client = client_for(world, "analyst")
    url = reverse("web:pact_committee_list", args=["pacte-87"])
    few = queries_for(client, url, shows=["Comité 4"])
    add(20, 5)
    assert queries_for(client, url, shows=["Comité 24"]) == few
    home = client_for(world, "direction")
    few = queries_for(home, reverse("web:home"), shows=["Suites des comités de pilotage"])
    add(10, 25)
    assert queries_for(home, reverse("web:home"), shows=["Suites des comités de pilotage"]) == few


def test_the_direction_adds_and_changes_a_concertation_event(world):
    client = client_for(world, "direction")
    url = reverse("web:pact_concertation_create", args=["pacte-87"])
    response = client.post(url, {"kind": "assises", "title": "Assises 2021", "contributions": "Simplifier"})
    page = response.content.decode()
    assert "Indiquez la date ou la période." in page and "Simplifier" in page
    assert not ConcertationEvent.objects.exists()
    client.post(
        url,
        {"kind": "assises", "title": "Assises 2021", "held_on": "2021-11-18", "meetings": "20", "attendees_count": "70",
         "attendees": "Élus, associations", "contributions": "Simplifier"},
    )  # fmt: skip
    event = ConcertationEvent.objects.get()
    page = client.get(reverse("web:pact_concertation", args=["pacte-87"])).content.decode()
    assert "Assises 2021" in page and "environ 70" in page
    edit = reverse("web:pact_concertation_edit", args=["pacte-87", event.pk])
    assert edit in page
    client.post(edit, {"kind": "reunion", "title": "Réunion d'automne", "period": "automne 2021"})
    event.refresh_from_db()
    assert (event.kind, event.title, event.held_on) == ("reunion", "Réunion d'automne", None)
    assert (
        edit
        not in client_for(world, "referent")
        .get(reverse("web:pact_concertation", args=["pacte-87"]))
        .content.decode()
    )
