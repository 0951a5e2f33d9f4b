"""Work lists: the organisation's inbox of persons without référent and its assignment in bulk, the
référent's agenda, the contracts ending within 30 days."""

import datetime
import types

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.pathways.enums import AppointmentStatus, ContractStatus
from pacte.pathways.models import ReferentAssignment
from pacte.web.pathways.followup import worklists
from tests.factories import DossierFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import (
    AppointmentFactory,
    ContractFactory,
    OrientationFactory,
)
from tests.permissions.world import client_for, verify_second_factor
from tests.web.helpers import queries_for
from tests.web.pathways.followup.conftest import follow, other_referent

pytestmark = pytest.mark.django_db


def waiting(world, count, territory="territory_north", organization="mdd_north", **orientation):
    """`count` persons oriented to `organization` without référent."""
    persons = []
    for _ in range(count):
        person = PersonFactory(dossier=DossierFactory(territory=world.objects[territory]))
        OrientationFactory(
            person=person,
            body=world.objects[organization],
            decision_date=orientation.get("decision_date", datetime.date(2025, 5, 2)),
        )
        persons.append(person)
    return persons


def inbox_url(world, key="mdd_north"):
    return reverse("web:followup_inbox", kwargs={"uuid": world.objects[key].uuid})


def assign_url(world, key="mdd_north"):
    return reverse("web:followup_inbox_assign", kwargs={"uuid": world.objects[key].uuid})


def membership_of(referent):
    return referent.memberships.get().pk


# The inbox


def test_the_inbox_lists_the_persons_oriented_here_without_referent(world, referent_client):
    here = waiting(world, 2)
    elsewhere = waiting(world, 1, organization="association_87")
    page = referent_client.get(inbox_url(world)).content.decode()
    assert all(person.last_name in page for person in here)
    assert "2 personnes sans référent·e." in page
    assert world.objects["fu_person"].last_name not in page  # followed already
    assert elsewhere[0].last_name not in page
    assert world.objects["fu79_person"].last_name not in page
    listing = referent_client.get(reverse("web:followup_inboxes")).content.decode()
    assert "Maison du département Nord" in listing and "Niort" not in listing


def test_the_inbox_query_count_does_not_grow_with_rows(world, referent_client):
    url = inbox_url(world)
    small = queries_for(referent_client, url, shows=[person.last_name for person in waiting(world, 3)])
    assert queries_for(referent_client, url, shows=[p.last_name for p in waiting(world, 40)]) == small


def test_the_list_of_inboxes_counts_each_organisation_with_a_constant_query_count(world, direction_client):
    url = reverse("web:followup_inboxes")

    def organizations(count):
        names = []
        for _ in range(count):
            organization = OrganizationFactory(departement=world.objects["departement_87"])
            world.objects[f"org_{organization.pk}"] = organization
            waiting(world, 2, organization=f"org_{organization.pk}")
            names.append(organization.name)
        return names

    small = queries_for(direction_client, url, shows=organizations(2))
    assert queries_for(direction_client, url, shows=organizations(10)) == small
    page = direction_client.get(url).content.decode()
    assert "Maison du département Niort" not in page
    assert "Association Tremplin" not in page  # nobody waits there
    assert page.count("<td>2</td>") == 12


def test_the_inbox_list_is_audited_with_the_persons_shown(world, referent_client):
    persons = waiting(world, 2)
    referent_client.get(inbox_url(world))
    entry = AuditEntry.objects.get(action="followup.inbox.list")
    assert set(entry.data["persons"]) == {str(person.uuid) for person in persons}
    assert entry.data["query"]["organization"] == str(world.objects["mdd_north"].uuid)


def test_checked_persons_are_assigned_after_a_confirmation_with_the_count(world, referent_client):
    chosen, left = waiting(world, 2), waiting(world, 1)
    target = other_referent(world)
    data = {"membership": membership_of(target), "persons": [str(person.uuid) for person in chosen]}
    page = referent_client.post(assign_url(world), data).content.decode()
    assert f"2 personnes seront confiées à {target}" in page
    assert not ReferentAssignment.objects.filter(referent=target).exists()
    response = referent_client.post(assign_url(world), {**data, "confirmed": "1"})
    assert response.status_code == 302
    assigned = ReferentAssignment.objects.filter(referent=target, end_date=None)
    assert set(assigned.values_list("person", flat=True)) == {person.pk for person in chosen}
    assert AuditEntry.objects.filter(action="referent.assign").count() == 2
    assert not ReferentAssignment.objects.filter(person=left[0]).exists()


def test_every_result_of_the_filter_is_assigned_across_pages(world, direction_client):
    north = waiting(world, worklists.PAGE_SIZE + 5)
    south = waiting(world, 2, territory="territory_south")
    territory = world.objects["territory_north"].pk
    page = direction_client.get(inbox_url(world), {"territoire": territory}).content.decode()
    assert f"Sélectionner les {len(north)} résultats du filtre" in page
    data = {"membership": membership_of(world.users["referent"]), "everyone": "1", "territoire": territory}
    page = direction_client.post(assign_url(world), data).content.decode()
    assert f"{len(north)} personnes seront confiées" in page
    assert f'name="territoire" value="{territory}"' in page
    direction_client.post(assign_url(world), {**data, "confirmed": "1"})
    assigned = ReferentAssignment.objects.filter(person__in=north, end_date=None)
    assert assigned.count() == len(north)
    assert not ReferentAssignment.objects.filter(person__in=south).exists()


def test_one_refused_designation_assigns_nobody(world, referent_client):
    persons = waiting(world, 2)
    (future,) = waiting(world, 1, decision_date=timezone.localdate() + datetime.timedelta(days=3))
    data = {"membership": membership_of(world.users["referent"]), "everyone": "1", "confirmed": "1"}
    response = referent_client.post(assign_url(world), data, follow=True)
    assert "Aucune désignation n&#x27;est enregistrée : La désignation de" in response.content.decode()
    assert not ReferentAssignment.objects.filter(person__in=[*persons, future]).exists()


def test_another_organisation_or_departement_reaches_neither_the_inbox_nor_its_persons(world):
    persons = waiting(world, 1)
    referent_79 = Client()
    referent_79.force_login(world.objects["fu79_referent"])
    verify_second_factor(referent_79, world.objects["fu79_referent"])
    assert referent_79.get(inbox_url(world)).status_code == 404
    data = {"membership": membership_of(world.users["referent"]), "everyone": "1", "confirmed": "1"}
    assert referent_79.post(assign_url(world), data).status_code == 404
    referent = client_for(world, "referent")
    assert referent.get(inbox_url(world, "association_87")).status_code == 404
    direction = client_for(world, "direction")
    assert direction.get(inbox_url(world, "fu79_organization")).status_code == 404
    # A person of the 79 checked in the 87's inbox is not among its results: nobody is assigned.
    data = {
        "membership": membership_of(world.users["referent"]),
        "persons": [str(world.objects["person_79"].uuid)],
    }
    direction.post(assign_url(world), {**data, "confirmed": "1"})
    assert not ReferentAssignment.objects.filter(person=world.objects["person_79"]).exists()
    assert not ReferentAssignment.objects.filter(person__in=persons).exists()


def test_a_filter_out_of_the_organisations_departement_assigns_nobody(world, direction_client):
    persons = waiting(world, 1)
    data = {
        "membership": membership_of(world.users["referent"]),
        "everyone": "1",
        "territoire": world.objects["territory_79"].pk,
        "confirmed": "1",
    }
    response = direction_client.post(assign_url(world), data, follow=True)
    assert "Le filtre n&#x27;est pas valide" in response.content.decode()
    assert not ReferentAssignment.objects.filter(person__in=persons).exists()


def test_the_referent_must_be_one_of_the_organisation(world, direction_client):
    persons = waiting(world, 1)
    outsider = world.objects["fu79_referent"]
    data = {"membership": membership_of(outsider), "everyone": "1", "confirmed": "1"}
    response = direction_client.post(assign_url(world), data, follow=True)
    assert "Choisissez un·e référent·e de la structure." in response.content.decode()
    assert not ReferentAssignment.objects.filter(person__in=persons).exists()


# The agenda

WEDNESDAY = datetime.date(2027, 6, 16)


@pytest.fixture
def on_wednesday(monkeypatch):
    now = timezone.make_aware(datetime.datetime(2027, 6, 16, 12, 0))
    monkeypatch.setattr(
        worklists, "timezone", types.SimpleNamespace(localdate=lambda: WEDNESDAY, now=lambda: now)
    )
    return now


def at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_the_agenda_shows_today_this_week_and_attendance_to_record(world, referent_client, on_wednesday):
    persons = follow(world, 5)
    mdd = world.objects["mdd_north"]
    earlier = AppointmentFactory(person=persons[0], organization=mdd, starts_at=at(WEDNESDAY, 9))
    later = AppointmentFactory(person=persons[1], organization=mdd, starts_at=at(WEDNESDAY, 16))
    AppointmentFactory(person=persons[2], organization=mdd, starts_at=at(datetime.date(2027, 6, 18), 10))
    AppointmentFactory(person=persons[3], organization=mdd, starts_at=at(datetime.date(2027, 6, 21), 10))
    AppointmentFactory(
        person=persons[4],
        organization=mdd,
        starts_at=at(datetime.date(2027, 6, 14), 10),
        status=AppointmentStatus.SEEN,
    )
    (not_mine,) = follow(world, 1, referent=other_referent(world))
    AppointmentFactory(person=not_mine, organization=mdd, starts_at=at(WEDNESDAY, 10))
    page = referent_client.get(reverse("web:followup_agenda")).content.decode()
    today, week, to_record = (
        page.split('id="aujourdhui"')[1].split('id="cette-semaine"')[0],
        page.split('id="cette-semaine"')[1].split('id="presence"')[0],
        page.split('id="presence"')[1],
    )
    assert persons[0].last_name in today and persons[1].last_name in today
    assert persons[2].last_name in week and persons[3].last_name not in page
    assert persons[4].last_name not in to_record  # attendance recorded
    attendance = reverse("web:followup_appointment_attendance", kwargs={"uuid": earlier.uuid})
    assert attendance in to_record and persons[0].last_name in to_record
    assert reverse("web:followup_appointment_attendance", kwargs={"uuid": later.uuid}) not in page
    assert not_mine.last_name not in page
    assert world.objects["fu79_person"].last_name not in page


def test_the_agenda_query_count_does_not_grow_and_is_audited(world, referent_client, on_wednesday):
    url = reverse("web:followup_agenda")
    mdd = world.objects["mdd_north"]

    def appointments(count):
        persons = follow(world, count)
        for index, person in enumerate(persons):
            AppointmentFactory(person=person, organization=mdd, starts_at=at(WEDNESDAY, 8 + index % 10))
        return [person.last_name for person in persons]

    small = queries_for(referent_client, url, shows=appointments(2))
    assert queries_for(referent_client, url, shows=appointments(20)) == small
    entry = AuditEntry.objects.filter(action="followup.agenda.list").latest("id")
    assert len(entry.data["persons"]) == 23  # with the world's followed person's past appointment


# Contracts ending


def ending(person, days, **kwargs):
    return ContractFactory(
        person=person, end_date=timezone.localdate() + datetime.timedelta(days=days), **kwargs
    )


def test_the_referent_sees_the_contracts_of_their_people_ending_within_30_days(world, referent_client):
    first, second, far = follow(world, 3)
    later, sooner = ending(first, 20), ending(second, 3)
    ending(far, 45)
    (other,) = follow(world, 1, referent=other_referent(world))
    ending(other, 5)
    ending(world.objects["fu79_person"], 5)
    page = referent_client.get(reverse("web:followup_contracts_ending")).content.decode()
    assert page.index(second.last_name) < page.index(first.last_name)  # by end date
    assert far.last_name not in page and other.last_name not in page
    assert world.objects["fu79_person"].last_name not in page
    assert reverse("web:followup_contract_renew", kwargs={"uuid": sooner.uuid}) in page
    assert later.end_date.strftime("%d/%m/%Y") in page


def test_the_direction_sees_its_departements_contracts_ending(world, direction_client):
    (followed,) = follow(world, 1, referent=other_referent(world))
    ending(followed, 10)
    draft_holder = follow(world, 1)[0]
    ending(draft_holder, 10, status=ContractStatus.DRAFT, signed_on=None)
    ending(world.objects["fu79_person"], 5)
    page = direction_client.get(reverse("web:followup_contracts_ending")).content.decode()
    assert followed.last_name in page
    assert draft_holder.last_name not in page
    assert world.objects["fu79_person"].last_name not in page


def test_the_contracts_ending_query_count_does_not_grow(world, direction_client):
    url = reverse("web:followup_contracts_ending")

    def contracts(count):
        persons = follow(world, count)
        for person in persons:
            ending(person, 7)
        return [person.last_name for person in persons]

    small = queries_for(direction_client, url, shows=contracts(2))
    assert queries_for(direction_client, url, shows=contracts(25)) == small
    entry = AuditEntry.objects.filter(action="followup.contracts_ending.list").latest("id")
    assert len(entry.data["persons"]) == 27


def test_the_menu_and_the_referents_home_lead_to_the_work_lists(world, referent_client):
    page = referent_client.get(reverse("web:home")).content.decode()
    for name in ("web:followup_agenda", "web:followup_inboxes", "web:followup_contracts_ending"):
        assert page.count(f'href="{reverse(name)}"') == 2, name
