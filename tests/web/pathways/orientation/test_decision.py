import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.pathways.enums import OrientationStatus
from pacte.pathways.models import Orientation
from tests.pathways.factories import OrientationFactory
from tests.web.helpers import queries_for
from tests.web.pathways.orientation.conftest import audited, entering

pytestmark = pytest.mark.django_db


def decide_url(person):
    return reverse("web:orientation_decide", kwargs={"uuid": person.uuid})


def test_the_agent_decides_an_orientation_then_downloads_the_letter(world, agent):
    person = entering(world)
    body = world.objects["ft_87"]
    today = timezone.localdate()
    response = agent.post(
        decide_url(person),
        {"track": "professionnelle", "body_kind": "france_travail", "body": body.pk, "decision_date": today},
    )
    assert response.status_code == 302
    orientation = Orientation.objects.get(person=person)
    assert (orientation.status, orientation.body, orientation.decision_date) == ("validated", body, today)
    assert audited("orientation.validate", actor=world.users["orientation_agent"])
    page = agent.get(response["Location"]).content.decode()
    assert "Orientation professionnelle" in page and "Télécharger le courrier de notification" in page
    assert audited("person.read.orientation", object_id=str(person.uuid))

    letter = agent.get(reverse("web:orientation_letter", kwargs={"uuid": orientation.uuid}))
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    orientation.refresh_from_db()
    assert orientation.notified_on == today
    assert audited("orientation.letter")


def test_errors_are_in_french_and_keep_what_was_typed(world, agent):
    person = entering(world)
    mdd = world.objects["mdd_north"]
    response = agent.post(
        decide_url(person),
        {"track": "sociale", "body_kind": "france_travail", "body": mdd.pk, "decision_date": ""},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient 2 erreurs" in text
    assert "Ce champ est obligatoire." in text
    assert "n&#x27;est pas un organisme de type « France Travail »" in text
    assert re.search(r'<input type="radio" name="track" value="sociale"[^>]*checked', text)
    assert f'<option value="{mdd.pk}" selected>' not in text  # the list only holds France Travail bodies
    assert '<option value="france_travail" selected>' in text
    assert not Orientation.objects.filter(person=person).exists()


def test_a_future_decision_date_is_refused_by_the_service(world, agent):
    person = entering(world)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = agent.post(
        decide_url(person),
        {
            "track": "professionnelle",
            "body_kind": "france_travail",
            "body": world.objects["ft_87"].pk,
            "decision_date": tomorrow,
        },
    )
    assert "La date de décision ne peut pas être dans le futur." in response.content.decode()


def test_body_options_are_filtered_by_kind_for_htmx(world, agent):
    person = entering(world)
    url = reverse("web:orientation_body_options", kwargs={"uuid": person.uuid})
    text = agent.get(url, {"body_kind": "departement"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Maison du département Nord" in text and "France Travail Limoges" not in text


def test_people_out_of_scope_answer_404(world, agent, direction):
    south = entering(world, territory="territory_south")
    for name in ("web:orientation_person", "web:orientation_decide", "web:orientation_diagnostic"):
        assert agent.get(reverse(name, kwargs={"uuid": south.uuid})).status_code == 404
        assert (
            direction.get(reverse(name, kwargs={"uuid": world.objects["person_79"].uuid})).status_code == 404
        )
    other = OrientationFactory(person=world.objects["person_79"])
    assert direction.get(reverse("web:orientation_letter", kwargs={"uuid": other.uuid})).status_code == 404


def test_a_proposal_has_no_letter(world, agent):
    proposal = OrientationFactory(person=entering(world), body=world.objects["ft_87"], proposed=True)
    assert agent.get(reverse("web:orientation_letter", kwargs={"uuid": proposal.uuid})).status_code == 404


def test_the_france_travail_export_is_a_csv_of_current_orientations(world, direction):
    person = entering(world, last_name="Exportee")
    OrientationFactory(person=person, body=world.objects["ft_87"], status=OrientationStatus.VALIDATED)
    page = direction.get(reverse("web:orientation_export"))
    assert page.status_code == 200 and "Télécharger le fichier CSV" in page.content.decode()
    response = direction.get(reverse("web:orientation_export"), {"departement": "87"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("departement;numdemrsa")
    assert len(lines) == 2 and "Exportee" in lines[1]
    assert audited("orientation.export.france_travail")


def test_the_export_refuses_a_departement_outside_the_user(world, direction):
    response = direction.get(reverse("web:orientation_export"), {"departement": "79"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_person_page_query_count_does_not_grow_with_orientations(world, agent):
    person = entering(world)
    url = reverse("web:orientation_person", kwargs={"uuid": person.uuid})

    def orientations(count):
        dates = [datetime.date(2025, 1, 1) + datetime.timedelta(days=day) for day in range(count)]
        for day in dates:
            OrientationFactory(
                person=person,
                body=world.objects["ft_87"],
                decision_date=day,
                decided_by=world.users["orientation_agent"],
            )
        return [f"{day:%d/%m/%Y}" for day in dates]

    few = queries_for(agent, url, shows=orientations(5))
    assert queries_for(agent, url, shows=orientations(20)) == few
