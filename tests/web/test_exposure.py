"""Exposure of personal data on the web: no page is stored by a cache, a search never travels in a
URL nor lands in an access log, an orientation agent sees only the people to orient, and the person
never reads the professionals' notes."""

import datetime
import types

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import UUIDConverter
from gunicorn.config import Config
from gunicorn.glogging import Logger

from pacte.demo.management.commands.demo import Command as DemoCommand
from pacte.organizations.enums import OrganizationKind, Role
from pacte.pathways import services
from tests.factories import DossierFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import OrientationFactory, barrier
from tests.permissions.world import build_world, client_for
from tests.web.exposure import HIDDEN, SEEN, agent_people, assert_not_stored

pytestmark = pytest.mark.django_db

NIR = "2850687085123"  # the factories' NIR


@pytest.fixture
def world():
    return build_world()


# --- Cache-Control: no-store -------------------------------------------------------------------


def test_a_person_page_a_pdf_letter_and_an_export_are_never_stored(world):
    direction = client_for(world, "direction")
    person = world.objects["person_north"]
    page = direction.get(reverse("web:person_detail", kwargs={"uuid": person.uuid}))
    assert page.status_code == 200
    assert_not_stored(page)
    france_travail = OrganizationFactory(
        kind=OrganizationKind.FRANCE_TRAVAIL, departement=world.objects["departement_87"]
    )
    orientation = OrientationFactory(person=person, body=france_travail)
    letter = direction.get(reverse("web:orientation_letter", kwargs={"uuid": orientation.uuid}))
    assert letter["Content-Type"] == "application/pdf"
    assert_not_stored(letter)
    export = direction.get(reverse("web:orientation_export"), {"departement": "87"})
    assert export["Content-Type"].startswith("text/csv")
    assert_not_stored(export)


def test_login_error_and_anonymous_pages_are_not_stored_either(world, client):
    assert_not_stored(client.get(reverse("web:login")))
    assert_not_stored(client.get("/une-page-qui-n-existe-pas/"))


def test_static_files_keep_their_own_caching(settings):
    settings.WHITENOISE_USE_FINDERS = True  # served from the apps' folders, as in development
    assert finders.find("web/pacte.css")
    response = Client().get("/static/web/pacte.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response


# --- Searching persons: POST, never a URL --------------------------------------------------------


def search(client, q, **data):
    return client.post(reverse("web:person_list"), {"q": q, **data})


def test_the_search_form_posts_with_a_csrf_token(world):
    page = client_for(world, "direction").get(reverse("web:person_list")).content.decode()
    assert '<form method="post" class="search" role="search"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Rechercher par nom, prénom, numéro de dossier ou NIR" in page


def test_a_search_by_name_and_by_nir_is_posted_and_answered(world):
    direction = client_for(world, "direction")
    north, south = world.objects["person_north"], world.objects["person_south"]
    south.nir_hash = ""
    south.save(update_fields=["nir_hash"])
    by_name = search(direction, north.last_name)
    assert by_name.status_code == 200
    assert north.last_name in by_name.content.decode() and south.last_name not in by_name.content.decode()
    by_nir = search(direction, "2 85 06 87 085 123 47").content.decode()
    assert north.last_name in by_nir and south.last_name not in by_nir


def test_a_get_with_a_nir_is_ignored_and_never_echoed(world):
    direction = client_for(world, "direction")
    response = direction.get(reverse("web:person_list"), {"q": NIR})
    page = response.content.decode()
    assert response.status_code == 200
    assert NIR not in page
    # Not filtered: every visible person is listed, as without the parameter.
    assert world.objects["person_south"].last_name in page


def test_a_role_that_cannot_read_the_nir_cannot_search_by_it(world, monkeypatch):
    from django.db.models import Q

    from pacte.beneficiaries import visibility

    person = world.objects["person_north"]
    monkeypatch.setitem(visibility._rules, Role.PARTNER, [lambda user, memberships: Q(pk=person.pk)])
    partner = client_for(world, "partner")
    page = search(partner, NIR).content.decode()
    assert "La recherche par NIR est réservée aux rôles habilités à le lire." in page
    assert person.last_name not in page
    assert "Rechercher par nom, prénom ou numéro de dossier" in page


def test_a_posted_search_pages_by_post(world):
    direction = client_for(world, "direction")
    for _ in range(55):
        PersonFactory(last_name="Lagarde", dossier=DossierFactory(territory=world.objects["territory_north"]))
    first = search(direction, "lagarde").content.decode()
    assert "55 personnes." in first and "Page 1 sur 2" in first
    assert 'name="page" value="2"' in first and "?q=" not in first
    second = search(direction, "lagarde", page="2").content.decode()
    assert "Page 2 sur 2" in second and second.count("Lagarde") >= 5


def test_the_demo_server_logs_paths_without_their_query_string(monkeypatch):
    captured = {}

    def run_together(commands, **kwargs):
        captured["commands"] = commands
        return 0

    monkeypatch.setattr("pacte.core.serving.run_together", run_together)
    DemoCommand(stderr=types.SimpleNamespace(write=lambda *a, **k: None))._serve("127.0.0.1:8000", 1)
    args = captured["commands"][0]
    log_format = args[args.index("--access-logformat") + 1]
    config = Config()
    config.set("access_log_format", log_format)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/personnes/?q={NIR}",
        "PATH_INFO": "/personnes/",
        "QUERY_STRING": f"q={NIR}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://127.0.0.1:8000/personnes/?q={NIR}",
        "HTTP_USER_AGENT": "Firefox",
    }
    response = types.SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = types.SimpleNamespace(headers=[])
    atoms = Logger(config).atoms(response, request, environ, datetime.timedelta(seconds=1))
    line = log_format % atoms
    assert '"GET /personnes/ HTTP/1.1" 200' in line
    assert NIR not in line


# --- The orientation agent sees the people to orient ----------------------------------------------


def test_the_agent_reaches_the_people_to_orient_and_no_one_else(world):
    people = agent_people(world)
    agent = client_for(world, "orientation_agent")
    listing = agent.get(reverse("web:person_list")).content.decode()
    for key in SEEN:
        person = people[key]
        assert person.last_name in listing, key
        assert agent.get(reverse("web:person_detail", kwargs={"uuid": person.uuid})).status_code == 200
        assert agent.get(reverse("web:orientation_person", kwargs={"uuid": person.uuid})).status_code == 200
    for key in HIDDEN:
        person = people[key]
        assert person.last_name not in listing, key
        assert agent.get(reverse("web:person_detail", kwargs={"uuid": person.uuid})).status_code == 404
        assert agent.get(reverse("web:orientation_person", kwargs={"uuid": person.uuid})).status_code == 404
    # The direction still sees every adult of its département.
    direction = client_for(world, "direction").get(reverse("web:person_list")).content.decode()
    assert all(people[key].last_name in direction for key in (*SEEN, "not_sdd", "followed_elsewhere"))


def test_the_queue_still_lists_the_people_to_orient(world):
    people = agent_people(world)
    queue = client_for(world, "orientation_agent").get(reverse("web:orientation_queue")).content.decode()
    assert people["to_orient"].last_name in queue
    assert people["followed_elsewhere"].last_name not in queue


# --- The person never reads the professionals' notes --------------------------------------------

NOTE = "Observation confidentielle du professionnel"
BARRIER_NOTE = "Précision du professionnel sur le frein"


def _uuid_routes():
    """(name, [kwarg names]) of every route whose arguments are all UUIDs, or none."""

    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
                continue
            converters = getattr(entry.pattern, "converters", {})
            only_uuids = all(isinstance(c, UUIDConverter) for c in converters.values())
            if entry.name and only_uuids and entry.pattern.regex.groups == len(converters):
                yield prefix + entry.name, list(converters)

    return list(walk(get_resolver(), ""))


def test_the_beneficiary_never_receives_the_professionals_notes(world):
    person = world.objects["person_south"]  # the world's beneficiary
    mobility = barrier(code="mobilite-permis", theme="mobility", label="Pas de permis")
    diagnostic = services.record_diagnostic(
        actor=world.users["direction"],
        person=person,
        made_on=datetime.date(2025, 5, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers={mobility: BARRIER_NOTE},
        notes=NOTE,
    )
    beneficiary = client_for(world, "beneficiary")
    reached = 0
    for name, kwargs in _uuid_routes():
        if "logout" in name or "deconnexion" in name:
            continue
        for value in {diagnostic.uuid, person.uuid} if kwargs else {None}:
            response = beneficiary.get(reverse(name, kwargs=dict.fromkeys(kwargs, value)))
            if response.status_code == 200 and not response.streaming:
                reached += 1
                text = response.content.decode(errors="replace")
                assert NOTE not in text and BARRIER_NOTE not in text, name
    api = beneficiary.get(reverse("api:pathways-person-diagnostics", kwargs={"id": person.uuid}))
    assert api.status_code == 200 and api.json()["results"][0]["barriers"][0]["code"] == "mobilite-permis"
    assert reached > 1
    # The professionals do read them.
    direction = client_for(world, "direction")
    rows = direction.get(reverse("api:pathways-person-diagnostics", kwargs={"id": person.uuid})).json()
    assert rows["results"][0]["notes"] == NOTE
    assert rows["results"][0]["barriers"][0]["note"] == BARRIER_NOTE
