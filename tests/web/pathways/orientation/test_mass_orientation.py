"""Mass orientation: every proposal of a filter validated after a confirmation with the count, in a
fixed number of queries; the decision letters and the convocations of a filter printed as one PDF by
a background task, downloaded by the user who started it only. Scoped: a crafted filter never
reaches the proposals of another sector or département."""

import datetime
import io
import math
import os
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pacte.audit.models import AuditEntry
from pacte.core.models import BackgroundTask
from pacte.organizations.enums import Role
from pacte.pathways.enums import AppointmentKind, OrientationStatus
from pacte.pathways.models import Orientation
from pacte.web.pathways.orientation import batch_tasks
from tests.factories import MembershipFactory
from tests.pathways.factories import AppointmentFactory, OrientationFactory, RuleFactory
from tests.permissions.world import verify_second_factor
from tests.web.helpers import queries_for
from tests.web.pathways.orientation.conftest import entering

pytestmark = pytest.mark.django_db

PROPOSALS = reverse("web:orientation_proposals")
VALIDATE = reverse("web:orientation_validate_cohort")
DECISIONS = reverse("web:orientation_decisions")
PRINT = reverse("web:orientation_print_letters")
CONVOCATIONS = reverse("web:orientation_convocations")
PRINT_CONVOCATIONS = reverse("web:orientation_print_convocations")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def proposals(world, count, *, rule=None, territory="territory_north", body="ft_87", track="professionnelle"):
    rule = rule or RuleFactory(departement_code=world.objects[territory].departement_id)
    return [
        OrientationFactory(
            person=entering(world, territory=territory, last_name=f"Durand{index:03d}"),
            body=world.objects[body],
            proposed=True,
            rule=rule,
            track=track,
        )
        for index in range(count)
    ]


def pdf_pages(data):
    assert data.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def downloaded(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_pages(b"".join(response.streaming_content))


def everyone(world, **filters):
    return {"decision_date": timezone.localdate().isoformat(), "everyone": "1", **filters}


def test_the_filters_narrow_the_list_and_stay_in_the_page_links(world, agent):
    rule = RuleFactory(label="Jeunes")
    kept = proposals(world, 55, rule=rule)
    proposals(world, 3, track="sociale")
    response = agent.get(PROPOSALS, {"regle": rule.pk, "parcours": "professionnelle"})
    text = response.content.decode()
    assert "55 propositions en attente pour ce filtre." in text
    assert f"regle={rule.pk}&amp;parcours=professionnelle&amp;page=2" in text
    assert "Sélectionner les 55 résultats du filtre, sur toutes les pages" in text
    assert f'<input type="hidden" name="regle" value="{rule.pk}">' in text
    second = agent.get(PROPOSALS, {"regle": rule.pk, "parcours": "professionnelle", "page": 2})
    assert kept[-1].person.last_name in second.content.decode()


def test_every_result_of_a_filter_is_validated_after_a_confirmation_with_the_count(world, agent):
    rule = RuleFactory()
    chosen = proposals(world, 120, rule=rule)
    others = proposals(world, 4)
    payload = everyone(world, regle=rule.pk)
    confirm = agent.post(VALIDATE, payload)
    text = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Vous allez valider 120 propositions" in text and 'name="expected" value="120"' in text
    assert Orientation.objects.filter(status=OrientationStatus.VALIDATED).count() == 0
    done = agent.post(VALIDATE, {**payload, "confirmed": "1", "expected": "120"})
    assert done.status_code == 302
    assert done["Location"].startswith(DECISIONS) and "a_notifier=1" in done["Location"]
    statuses = set(Orientation.objects.filter(pk__in=[p.pk for p in chosen]).values_list("status", flat=True))
    assert statuses == {OrientationStatus.VALIDATED}
    assert not Orientation.objects.filter(pk__in=[p.pk for p in others], status="validated").exists()
    assert AuditEntry.objects.filter(action="orientation.validate").count() == 120


def test_a_filter_whose_results_changed_since_the_confirmation_validates_nothing(world, agent):
    rule = RuleFactory()
    proposals(world, 3, rule=rule)
    payload = {**everyone(world, regle=rule.pk), "confirmed": "1", "expected": "2"}
    response = agent.post(VALIDATE, payload)
    assert "ont changé depuis la confirmation" in response.content.decode()
    assert not Orientation.objects.filter(status=OrientationStatus.VALIDATED).exists()


def test_the_validation_of_a_whole_filter_makes_the_same_queries_for_5_and_120(world, agent):
    def validate(count):
        rule = RuleFactory()
        proposals(world, count, rule=rule)
        payload = {**everyone(world, regle=rule.pk), "confirmed": "1", "expected": str(count)}
        with CaptureQueriesContext(connection) as captured:
            response = agent.post(VALIDATE, payload)
        assert response.status_code == 302
        assert Orientation.objects.filter(rule=rule, status="validated").count() == count
        return len(captured)

    # Whatever the count, one read, one update, one lock and one move of the audit chain; only the
    # insert of the audit entries is cut into chunks, as the database limits a query's parameters.
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    chunk = connection.ops.bulk_batch_size(fields, [None] * 120)
    assert validate(120) - validate(5) == math.ceil(120 / chunk) - 1


def test_a_crafted_filter_never_reaches_another_sector_or_departement(world, agent):
    south = proposals(world, 2, territory="territory_south")
    rule_79 = RuleFactory(departement_code="79")
    from tests.factories import OrganizationFactory

    world.objects["ft_79"] = OrganizationFactory(
        kind="france_travail", departement=world.objects["departement_79"]
    )
    of_79 = proposals(world, 2, territory="territory_79", body="ft_79", rule=rule_79)
    # Every result without a filter: the agent's sector only (here, none).
    response = agent.post(VALIDATE, everyone(world))
    assert "Aucune proposition ne répond à ce filtre." in response.content.decode()
    # A rule or a territory of elsewhere is not a choice of the filter: nothing is validated.
    for crafted in ({"regle": rule_79.pk}, {"territoire": world.objects["territory_79"].pk}):
        response = agent.post(VALIDATE, {**everyone(world, **crafted), "confirmed": "1", "expected": "2"})
        assert "Le filtre n&#x27;est pas valide" in response.content.decode()
    # Checked rows of elsewhere are not found either.
    agent.post(
        VALIDATE,
        {
            "decision_date": timezone.localdate().isoformat(),
            "proposals": [str(p.uuid) for p in south + of_79],
        },
    )
    assert not Orientation.objects.filter(status=OrientationStatus.VALIDATED).exists()


def decided(world, count, territory="territory_north", name="Lebrun"):
    """Orientations decided today by the agent (whose persons the agent then sees)."""
    return [
        OrientationFactory(
            person=entering(world, territory=territory, last_name=f"{name}{index:03d}"),
            body=world.objects["ft_87"],
            decision_date=timezone.localdate(),
            decided_by=world.users["orientation_agent"],
        )
        for index in range(count)
    ]


def test_the_letters_of_a_filter_print_as_one_pdf_for_the_user_who_started_it(world, agent, clients):
    letters = decided(world, 4)
    elsewhere = decided(world, 2, territory="territory_south", name="Sudre")
    response = agent.post(PRINT, {"decidees_le": timezone.localdate().isoformat(), "a_notifier": "1"})
    task = BackgroundTask.objects.get(kind="orientation_letters")
    assert response["Location"] == reverse("web:orientation_letters_task", kwargs={"uuid": task.uuid})
    page = agent.get(response["Location"]).content.decode()
    assert "Impression terminée" in page and "4 courriers dans un seul PDF" in page
    assert 'max="100" value="100"' in page
    texts = downloaded(agent.get(reverse("web:orientation_letters_download", kwargs={"uuid": task.uuid})))
    assert len(texts) >= 4
    for orientation in letters:
        assert sum(orientation.person.last_name in text for text in texts) == 1
    assert not any(o.person.last_name in " ".join(texts) for o in elsewhere)
    notified = Orientation.objects.filter(pk__in=[o.pk for o in letters]).values_list(
        "notified_on", flat=True
    )
    assert set(notified) == {timezone.localdate()}
    assert AuditEntry.objects.filter(action="orientation.batch_letters.download").exists()
    # Someone else, even the direction who sees those persons, does not reach the task nor its file.
    direction = clients("direction")
    for name in ("web:orientation_letters_task", "web:orientation_letters_download"):
        assert direction.get(reverse(name, kwargs={"uuid": task.uuid})).status_code == 404


def test_the_file_is_refused_to_its_author_once_a_person_left_their_scope(world, agent):
    letters = decided(world, 2)
    agent.post(PRINT, {"decidees_le": timezone.localdate().isoformat()})
    task = BackgroundTask.objects.get(kind="orientation_letters")
    dossier = letters[0].person.dossier
    dossier.territory = world.objects["territory_south"]
    dossier.save()
    url = reverse("web:orientation_letters_download", kwargs={"uuid": task.uuid})
    assert agent.get(url).status_code == 404


def test_an_agent_of_another_departement_prints_nothing_of_the_87(world):
    decided(world, 3)
    user = MembershipFactory(role=Role.ORIENTATION_AGENT, organization=world.objects["council_79"]).user
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    response = client.post(PRINT, {})
    assert response.status_code == 302 and response["Location"].startswith(DECISIONS)
    assert not BackgroundTask.objects.exists()
    assert client.get(DECISIONS).content.decode().count("Lebrun") == 0


def test_the_decisions_list_query_count_does_not_grow_with_rows(world, agent):
    few = queries_for(agent, DECISIONS, shows=[o.person.last_name for o in decided(world, 5)])
    assert queries_for(agent, DECISIONS, shows=[o.person.last_name for o in decided(world, 40)]) == few


def appointments(world, count, day, territory="territory_north"):
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    return [
        AppointmentFactory(
            person=entering(world, territory=territory, last_name=f"Petit{index:03d}"),
            organization=world.objects["mdd_north"],
            kind=AppointmentKind.CONVOCATION,
            starts_at=starts_at + datetime.timedelta(minutes=30 * index),
            place="Maison du département Nord, salle 1",
        )
        for index in range(count)
    ]


def test_the_convocations_of_a_day_print_as_one_pdf(world, agent):
    day = timezone.localdate() + datetime.timedelta(days=3)
    convened = appointments(world, 3, day)
    appointments(world, 2, day + datetime.timedelta(days=1))
    filters = {
        "jour": day.isoformat(),
        "structure": str(world.objects["mdd_north"].uuid),
        "type": "convocation",
    }
    listed = agent.get(CONVOCATIONS, filters).content.decode()
    assert "3 rendez-vous à venir pour ce filtre." in listed and "Imprimer les 3 convocations" in listed
    response = agent.post(PRINT_CONVOCATIONS, filters)
    task = BackgroundTask.objects.get(kind="convocation_letters")
    assert "3 convocations dans un seul PDF" in agent.get(response["Location"]).content.decode()
    texts = downloaded(agent.get(reverse("web:orientation_letters_download", kwargs={"uuid": task.uuid})))
    assert len(texts) == 3
    for text, appointment in zip(texts, convened, strict=True):
        assert appointment.person.last_name in text and "Lieu : Maison du département Nord, salle 1" in text


def test_the_convocations_list_query_count_does_not_grow_with_rows(world, agent):
    day = timezone.localdate() + datetime.timedelta(days=2)
    few = queries_for(agent, CONVOCATIONS, shows=[a.person.last_name for a in appointments(world, 5, day)])
    many = appointments(world, 40, day + datetime.timedelta(days=1))
    assert queries_for(agent, CONVOCATIONS, shows=[a.person.last_name for a in many[:5]]) == few


def test_a_batch_pdf_is_removed_after_its_days_and_the_page_says_so(world, agent):
    decided(world, 2)
    agent.post(PRINT, {"decidees_le": timezone.localdate().isoformat()})
    task = BackgroundTask.objects.get(kind="orientation_letters")
    folder = Path(task.result["file"]).parent
    old = time.time() - (batch_tasks.KEEP_DAYS + 1) * 86400
    os.utime(folder, (old, old))
    assert batch_tasks.remove_expired_files() == 1 and not folder.exists()
    page = agent.get(reverse("web:orientation_letters_task", kwargs={"uuid": task.uuid})).content.decode()
    assert "Ce PDF a été supprimé" in page and "Télécharger le PDF" not in page
    assert (
        agent.get(reverse("web:orientation_letters_download", kwargs={"uuid": task.uuid})).status_code == 404
    )
