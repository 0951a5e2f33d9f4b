import pytest

from pacte.organizations.enums import Role
from pacte.portal.senders import Sender
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory


class RecordingSender(Sender):
    """Keeps the messages instead of sending them; `sms` says whether SMS may be offered."""

    outbox = []
    sms = True

    def send(self, channel, address, text):
        self.outbox.append({"channel": channel, "address": address, "text": text})

    def sms_enabled(self):
        return self.sms


@pytest.fixture
def outbox(settings):
    settings.PACTE_PORTAL_SENDER = "tests.portal.conftest.RecordingSender"
    RecordingSender.outbox = []
    RecordingSender.sms = True
    return RecordingSender.outbox


def code_in(message):
    return message["text"].split(" : ", 1)[1].split("\n", 1)[0]


def link_in(message):
    return message["text"].split("ce lien : ", 1)[1].split("\n", 1)[0]


@pytest.fixture
def beneficiary(db):
    council = OrganizationFactory(name="Conseil départemental")
    user = UserFactory(email="elodie.martin@example.org", first_name="Élodie", last_name="Martin")
    MembershipFactory(user=user, organization=council, role=Role.BENEFICIARY)
    person = PersonFactory(
        user=user, first_name="Élodie", email="elodie.martin@example.org", phone="06 12 34 56 78"
    )
    return person
