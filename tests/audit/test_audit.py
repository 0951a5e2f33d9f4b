import datetime

import pytest
from django.urls import reverse

from pacte.audit import registry
from pacte.audit.checks import trusted_proxies_are_addresses
from pacte.audit.models import AppendOnlyError, AuditEntry
from pacte.audit.services import client_ip, log, log_list
from pacte.pathways import services
from pacte.referentials.models import Barrier
from tests.factories import CommuneFactory, MembershipFactory, PersonFactory, UserFactory
from tests.permissions.world import build_world, client_for

pytestmark = pytest.mark.django_db


def test_log_records_who_what_and_from_where(rf):
    user = UserFactory()
    request = rf.get("/personnes/", {"q": "Martin"}, REMOTE_ADDR="10.1.2.3")
    entry = log(actor=user, action="user.login", obj=user, request=request)
    assert entry.actor == user
    assert entry.actor_label == user.email
    assert entry.ip == "10.1.2.3"
    assert entry.object_id == str(user.uuid)
    # The path without the query string: what was searched stays out of the log.
    assert entry.path == "/personnes/"


def test_objects_are_logged_by_id_without_a_label():
    person = PersonFactory(first_name="Élodie", last_name="Martin")
    entry = log(actor=None, action="person.read", obj=person, data={"note": "lue"})
    assert (entry.object_type, entry.object_id, entry.object_label) == (
        "beneficiaries.person",
        str(person.uuid),
        "",
    )
    assert "Martin" not in str(AuditEntry.objects.values().get(pk=entry.pk))
    # A membership's label would name its user: no object gets one.
    membership = MembershipFactory(user__last_name="Durand")
    entry = log(actor=None, action="membership.grant", obj=membership)
    assert (entry.object_id, entry.object_label) == (str(membership.pk), "")


def test_log_list_records_the_persons_returned_by_uuid(rf):
    user = UserFactory()
    people = PersonFactory.create_batch(2)
    request = rf.get("/personnes/")
    request.user = user
    entry = log_list(request, action="person.list", persons=[p.uuid for p in people], query={"page": 1})
    assert entry.data == {"persons": [str(p.uuid) for p in people], "query": {"page": 1}}


def test_entries_cannot_be_changed_or_deleted_from_the_application():
    entry = log(actor=None, action="privacy.anonymise")
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().action == "privacy.anonymise"


def test_an_unregistered_action_is_refused():
    with pytest.raises(ValueError, match="inconnue"):
        log(actor=None, action="person.raed")
    assert not AuditEntry.objects.exists()


def test_an_action_is_registered_once_with_its_french_label():
    assert registry.label("person.read") == "Consultation d'une fiche"
    registry.register("person.read", "Consultation d'une fiche")
    with pytest.raises(ValueError, match="déjà déclarée"):
        registry.register("person.read", "Autre libellé")
    assert log(actor=None, action="person.read").action_label == "Consultation d'une fiche"


def test_the_forwarded_address_is_ignored_from_an_untrusted_peer(rf, settings):
    settings.PACTE_TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.9"


def test_the_forwarded_address_is_believed_only_from_the_trusted_proxies(rf, settings):
    settings.PACTE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    # The client wrote a fake address first; the proxy appended the address it saw.
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.5")
    assert client_ip(request) == "198.51.100.7"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not an address")
    assert client_ip(request) == "10.0.0.2"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"


def test_writes_through_services_carry_the_request_ip_and_path():
    world = build_world()
    territory = world.objects["territory_north"]
    commune = CommuneFactory(departement=world.objects["departement_87"])
    client = client_for(world, "direction")
    url = reverse("web:territory_edit", kwargs={"pk": territory.pk})
    data = {"name": "Nord", "communes": [commune.pk], "confirmed": commune.pk}
    response = client.post(url, data, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="territory.update")
    assert (entry.ip, entry.path) == ("192.0.2.44", url)


def test_writes_outside_a_request_carry_no_origin():
    entry = log(actor=None, action="privacy.anonymise")
    assert (entry.ip, entry.path) == (None, "")


def test_a_diagnostic_entry_holds_no_barrier_code():
    person = PersonFactory()
    health = Barrier.objects.create(code="sante-test", label="Santé", theme="health", position=99)
    services.record_diagnostic(
        actor=None,
        person=person,
        made_on=datetime.date(2025, 5, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers={health: "suivi"},
    )
    entry = AuditEntry.objects.get(action="diagnostic.record")
    assert entry.data["barrier_count"] == 1
    assert "sante-test" not in str(entry.data)


def test_a_malformed_trusted_proxy_is_reported_at_start_up(settings):
    settings.PACTE_TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.local"]
    errors = trusted_proxies_are_addresses(None)
    assert [error.id for error in errors] == ["pacte.audit.E001"]
    assert "proxy.local" in errors[0].msg
