"""The demo's invitations: a few of the demo référent's persons, answered, waiting or past their
delay, written through the services once."""

import pytest

from pacte.demo import invitations, pathways
from pacte.invitations.enums import InvitationStatus
from pacte.invitations.models import Invitation
from tests.demo.test_pathways import demo_87  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_demo_invitations_cover_each_outcome_and_load_once(demo_87):  # noqa: F811
    pathways.load_pathways("87", demo_87, lambda message: None)
    assert invitations.load_invitations("87", lambda message: None) == invitations.COUNT
    statuses = set(Invitation.objects.values_list("status", flat=True))
    assert statuses == {InvitationStatus.APPOINTMENT_TAKEN, InvitationStatus.SENT, InvitationStatus.EXPIRED}
    for invitation in Invitation.objects.filter(status=InvitationStatus.APPOINTMENT_TAKEN):
        assert invitation.appointment.person_id == invitation.person_id
    assert invitations.load_invitations("87", lambda message: None) == 0
    assert Invitation.objects.count() == invitations.COUNT
