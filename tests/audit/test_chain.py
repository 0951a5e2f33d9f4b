import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pacte.audit import chain
from pacte.audit.models import AuditChainHead, AuditEntry
from pacte.audit.services import log
from tests.audit.tampering import tamper
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    user = UserFactory()
    return [
        log(actor=user, action="user.login", obj=user),
        log(actor=user, action="organization.create", obj=OrganizationFactory(), data={"é": [1, 2]}),
        log(actor=None, action="privacy.anonymise", data={"count": 3}),
    ]


def test_each_entry_holds_the_hash_of_the_previous_one(entries):
    first, second, third = (AuditEntry.objects.get(pk=e.pk) for e in entries)
    assert first.prev_hash == ""
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert all(chain.digest(entry) == entry.hash for entry in (first, second, third))
    head = AuditChainHead.objects.get()
    assert (head.last_id, head.last_hash) == (third.pk, third.hash)


def test_an_intact_journal(entries, capsys):
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == "Journal intact : 3 entrées"
    call_command("audit", "verify", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "intact": True,
        "entries": 3,
        "broken_id": None,
        "broken_at": None,
        "reason": "",
    }


def test_a_changed_entry_is_found(entries, capsys):
    second = entries[1]
    tamper("UPDATE audit_auditentry SET actor_label = 'quelqu.un@example.org' WHERE id = %s", [second.pk])
    with pytest.raises(CommandError, match=f"entrée n° {second.pk} du ") as error:
        call_command("audit", "verify", "--json")
    assert error.value.returncode == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["intact"], report["entries"], report["broken_id"]) == (False, 1, second.pk)
    assert "modifié" in report["reason"]


def test_a_changed_entry_whose_hash_was_recomputed_breaks_the_next_link(entries):
    second = AuditEntry.objects.get(pk=entries[1].pk)
    second.action = "user.logout"
    tamper(
        "UPDATE audit_auditentry SET action = %s, hash = %s WHERE id = %s",
        ["user.logout", chain.digest(second), second.pk],
    )
    result = chain.verify()
    assert (result.intact, result.broken_id) == (False, entries[2].pk)


def test_a_removed_entry_is_found(entries):
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    result = chain.verify()
    assert (result.broken_id, result.count) == (entries[2].pk, 1)


def test_removing_the_last_entries_is_found(entries):
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    result = chain.verify()
    assert not result.intact
    assert result.count == 2
    with pytest.raises(CommandError, match="supprimées après"):
        call_command("audit", "verify")


def test_blanking_a_label_keeps_the_chain(entries):
    AuditEntry.objects.filter(pk=entries[1].pk).blank_labels()
    assert AuditEntry.objects.get(pk=entries[1].pk).object_label == ""
    assert chain.verify().intact


def test_verify_streams_in_small_chunks(entries):
    assert chain.verify(chunk_size=1).count == 3
