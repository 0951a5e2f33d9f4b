import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.pathways.models import Diagnostic
from pacte.referentials.models import RomeAppellation, RomeCode
from pacte.web.pathways.orientation.forms import DiagnosticForm
from tests.pathways.factories import ReferentAssignmentFactory, barrier
from tests.web.helpers import queries_for
from tests.web.pathways.orientation.conftest import audited, entering

pytestmark = pytest.mark.django_db


@pytest.fixture
def rome(db):
    cook = RomeCode.objects.create(code="G1602", label="Personnel de cuisine")
    RomeAppellation.objects.create(code_ogr=12345, label="Commis de cuisine", short_label="Commis", rome=cook)
    RomeCode.objects.create(code="N4101", label="Conduite de transport de marchandises")
    return cook


def url(person):
    return reverse("web:orientation_diagnostic", kwargs={"uuid": person.uuid})


def post(client, person, **data):
    payload = {
        "made_on": timezone.localdate(),
        "professional_situation": "job_seeker",
        "education_level": "4",
        "notes": "",
        **data,
    }
    return client.post(url(person), payload)


def test_each_save_is_a_new_dated_version_with_its_history(world, agent, rome):
    person = entering(world)
    mobility = barrier("pas-de-permis", "mobility", "Pas de permis de conduire")
    health = barrier()
    assert post(agent, person, projects=["G1602"], barriers=[mobility.code, health.code]).status_code == 302
    assert post(agent, person, professional_situation="training").status_code == 302
    versions = list(Diagnostic.objects.filter(person=person).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert [p.code for p in versions[0].projects.all()] == ["G1602"]
    assert {link.barrier_id for link in versions[0].barrier_links.all()} == {mobility.code, health.code}
    assert audited("diagnostic.record", object_id=str(versions[1].uuid))
    page = agent.get(url(person)).content.decode()
    assert "Diagnostic n° 2" in page and "Diagnostic n° 1" in page
    assert "Mobilité : Pas de permis de conduire" in page
    assert "Santé : Problème de santé physique" in page


def test_errors_are_in_french_and_keep_what_was_typed(world, agent, rome):
    person = entering(world)
    response = post(agent, person, education_level="", notes="Très motivée", projects=["G1602"])
    text = response.content.decode()
    assert "Le formulaire contient 1 erreur" in text and "Ce champ est obligatoire." in text
    assert "Très motivée" in text
    assert 'value="G1602" id="chosen-G1602" checked' in text
    assert not Diagnostic.objects.filter(person=person).exists()


def test_a_last_employment_in_the_future_is_refused_on_its_field(world, agent, rome):
    person = entering(world)
    text = post(
        agent, person, professional_situation="inactive", last_employment_end="2099-01-31"
    ).content.decode()
    assert "Fin du dernier emploi : La date de fin du dernier emploi ne peut pas être dans le futur." in text
    assert 'value="2099-01-31"' in text
    assert not Diagnostic.objects.filter(person=person).exists()


def test_the_rome_search_without_javascript_keeps_the_form(world, agent, rome):
    person = entering(world)
    response = post(agent, person, rome_search="1", rome_q="commis", notes="Brouillon")
    text = response.content.decode()
    assert "G1602 – Personnel de cuisine" in text and "N4101" not in text
    assert "Brouillon" in text
    assert not Diagnostic.objects.exists()


def test_the_htmx_rome_search_matches_codes_labels_and_appellations(world, agent, rome):
    search = reverse("web:orientation_rome_search")
    text = agent.get(search, {"rome_q": "cuisine"}, HTTP_HX_REQUEST="true").content.decode()
    assert "G1602" in text and "N4101" not in text
    assert "N4101" in agent.get(search, {"rome_q": "N41"}).content.decode()
    assert "G1602" not in agent.get(search, {"rome_q": "cuisine", "projects": ["G1602"]}).content.decode()
    assert "au moins deux caractères" in agent.get(search, {"rome_q": "c"}).content.decode()


def test_health_barriers_are_offered_only_to_roles_allowed(db):
    health, other = barrier(), barrier("pas-de-permis", "mobility", "Pas de permis de conduire")
    assert health in DiagnosticForm(show_health=True).fields["barriers"].queryset
    offered = DiagnosticForm(show_health=False).fields["barriers"].queryset
    assert health not in offered and other in offered


def test_the_history_query_count_does_not_grow_with_versions(world, agent, rome):
    person = entering(world)
    mobility = barrier("pas-de-permis", "mobility", "Pas de permis de conduire")
    for _ in range(5):
        post(agent, person, projects=["G1602"], barriers=[mobility.code])
    few = queries_for(agent, url(person), shows=['id="version-5"'])
    for _ in range(20):
        post(agent, person, projects=["G1602", "N4101"], barriers=[mobility.code])
    assert queries_for(agent, url(person), shows=['id="version-5"', 'id="version-25"']) == few


def test_the_referent_opens_the_diagnostic_the_agent_recorded(world, agent, clients, rome):
    person = entering(world)
    referent = world.users["referent"]
    membership = referent.memberships.get()
    ReferentAssignmentFactory(person=person, referent=referent, organization=membership.organization)
    assert post(agent, person, projects=["G1602"], notes="Reçue par l'agent").status_code == 302
    client = clients("referent")
    pathway = client.get(reverse("web:followup_pathway", kwargs={"uuid": person.uuid})).content.decode()
    assert f'href="{url(person)}"' in pathway
    response = client.get(url(person))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Diagnostic n° 1" in page and "G1602" in page and "Reçue par l&#x27;agent" in page
    assert f'href="{reverse("web:orientation_queue")}"' not in page
    assert reverse("web:followup_pathway", kwargs={"uuid": person.uuid}) in page
