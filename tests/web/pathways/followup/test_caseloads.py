"""Caseloads: the référent's own, the direction's view of every référent, transfers, late flags."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.pathways.models import ReferentAssignment
from pacte.pathways.services import followup_reads
from tests.pathways.factories import AppointmentFactory
from tests.web.helpers import queries_for
from tests.web.pathways.followup.conftest import follow, other_referent

pytestmark = pytest.mark.django_db


def test_the_referent_sees_their_caseload_with_orientation_contract_and_flags(world, referent_client):
    person = world.objects["fu_person"]
    (neglected,) = follow(world, 1)
    page = referent_client.get(reverse("web:followup_caseload")).content.decode()
    assert person.last_name in page and neglected.last_name in page
    assert "Professionnelle" in page
    assert "Signé le 20/04/2025" in page
    assert page.count("Sans rendez-vous depuis 3 mois") == 1  # the neglected one; the other was seen today
    assert page.count("Sans contrat un mois après l'orientation") == 1
    assert world.objects["person_north"].last_name not in page


def test_a_future_appointment_shows_and_clears_the_appointment_flag(world, referent_client):
    person = world.objects["fu_person"]
    AppointmentFactory(
        person=person,
        organization=world.objects["mdd_north"],
        starts_at=datetime.datetime(2099, 1, 5, 9, 30, tzinfo=datetime.UTC),
    )
    page = referent_client.get(reverse("web:followup_caseload")).content.decode()
    assert "05/01/2099" in page
    assert "Sans rendez-vous depuis 3 mois" not in page


def test_the_caseload_query_count_does_not_grow_with_rows(world, referent_client):
    url = reverse("web:followup_caseload")
    small = queries_for(referent_client, url, shows=[person.last_name for person in follow(world, 4)])
    shown = [person.last_name for person in follow(world, 45)]  # 50 with the world's own: one page
    assert queries_for(referent_client, url, shows=shown) == small


def test_the_direction_lists_caseloads_per_referent_with_a_constant_query_count(world, direction_client):
    url = reverse("web:followup_caseloads")
    first = other_referent(world)
    follow(world, 2, referent=first)
    small = queries_for(direction_client, url, shows=[first.last_name])
    added = [other_referent(world) for _ in range(5)]
    for referent in added:
        follow(world, 2, referent=referent)
    assert queries_for(direction_client, url, shows=[referent.last_name for referent in added]) == small
    page = direction_client.get(url).content.decode()
    assert str(world.users["referent"]) in page
    assert "Conseil départemental 79" not in page


def test_the_direction_transfers_one_person_then_the_whole_caseload(world, direction_client):
    referent, target = world.users["referent"], other_referent(world)
    extra = follow(world, 2)
    url = reverse("web:followup_caseload_transfer", kwargs={"uuid": referent.uuid})
    membership = target.memberships.get()
    response = direction_client.post(
        url, {"membership": membership.pk, "start_date": "2025-06-01", "persons": [str(extra[0].uuid)]}
    )
    assert response.status_code == 302
    assert ReferentAssignment.objects.get(person=extra[0], end_date=None).referent == target
    assert ReferentAssignment.objects.get(person=extra[1], end_date=None).referent == referent
    assert AuditEntry.objects.filter(action="referent.transfer").count() == 1
    whole = {"membership": membership.pk, "start_date": "2025-06-01"}
    page = direction_client.post(url, whole).content.decode()
    remaining = ReferentAssignment.objects.filter(referent=referent, end_date=None).count()
    assert remaining == 2  # the world's followed person and extra[1]: nothing moved yet
    assert f"{remaining} personnes seront transférées à {target} le 01/06/2025." in page
    assert 'name="confirmed"' in page and f'name="membership" value="{membership.pk}"' in page
    response = direction_client.post(url, {**whole, "confirmed": "1"})
    assert response.status_code == 302
    assert not ReferentAssignment.objects.filter(referent=referent, end_date=None).exists()
    assert AuditEntry.objects.filter(action="referent.transfer").count() == 1 + remaining


def test_a_transfer_form_error_is_in_french_and_keeps_the_choice(world, direction_client):
    referent = world.users["referent"]
    url = reverse("web:followup_caseload_transfer", kwargs={"uuid": referent.uuid})
    membership = other_referent(world).memberships.get()
    response = direction_client.post(url, {"membership": membership.pk, "start_date": "pas une date"})
    page = response.content.decode()
    assert "Saisissez une date valide." in page
    assert f'value="{membership.pk}" selected' in page


def test_the_late_dashboard_counts_by_referent_and_territory(world, direction_client):
    follow(world, 3, decision_date=datetime.date(2025, 1, 10))
    page = direction_client.get(reverse("web:followup_late")).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "Par référent·e" in page and "Par territoire" in page
    assert str(world.users["referent"]) in page
    assert "Nord" in page


def test_the_late_dashboard_query_count_does_not_grow(world, direction_client):
    url = reverse("web:followup_late")
    follow(world, 3, decision_date=datetime.date(2025, 1, 10))
    small = queries_for(direction_client, url, shows=[str(world.users["referent"])])
    other = other_referent(world)
    follow(world, 20, referent=other, decision_date=datetime.date(2025, 1, 10))
    follow(world, 20, decision_date=datetime.date(2025, 1, 10))
    assert queries_for(direction_client, url, shows=[str(world.users["referent"]), str(other)]) == small


def test_the_late_overview_counts_and_groups_what_the_lists_hold(world):
    direction, other = world.users["direction"], other_referent(world)
    follow(world, 3, decision_date=datetime.date(2025, 1, 10))
    follow(world, 4, referent=other, decision_date=datetime.date(2025, 1, 10))
    today = timezone.localdate()
    no_contract, no_appointment = followup_reads.late_lists(direction, today=today)
    late = followup_reads.late_overview(direction, today=today, limit=5)
    assert (late.no_contract_count, late.no_appointment_count) == (
        no_contract.count(),
        no_appointment.count(),
    )
    assert late.no_contract_count >= 7 and late.no_appointment_count >= 7
    assert late.no_contract == list(no_contract[:5]) and late.no_appointment == list(no_appointment[:5])
    assert all(person.oriented_on for person in late.no_contract)
    groups = {group.label: group for group in late.by_referent}
    for referent in (world.users["referent"], other):
        active = ReferentAssignment.objects.filter(referent=referent, end_date=None).values("person_id")
        group = groups[str(referent)]
        assert group.without_contract == no_contract.filter(pk__in=active).count()
        assert group.without_appointment == no_appointment.filter(pk__in=active).count()
    for groups in (late.by_referent, late.by_territory):
        assert sum(g.without_contract for g in groups) == late.no_contract_count
        assert sum(g.without_appointment for g in groups) == late.no_appointment_count
        assert [g.total for g in groups] == sorted((g.total for g in groups), reverse=True)
