import pytest
from django.db import DatabaseError, connection, transaction

from pacte.audit import triggers
from pacte.audit.models import AppendOnlyError, AuditEntry
from pacte.audit.services import log
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_log_records_who_what_and_from_where(rf):
    user = UserFactory()
    request = rf.get("/personnes/", REMOTE_ADDR="10.1.2.3")
    entry = log(actor=user, action="user.login", obj=user, request=request)
    assert entry.actor == user
    assert entry.actor_label == user.email
    assert entry.ip == "10.1.2.3"
    assert entry.object_id == str(user.uuid)
    assert entry.path == "/personnes/"


def test_entries_cannot_be_changed_or_deleted_from_the_application():
    entry = log(actor=None, action="system.test")
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().action == "system.test"


def test_database_triggers_refuse_changes_made_behind_the_application():
    log(actor=None, action="system.test")
    triggers.install(connection)
    try:
        for statement in ("UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry"):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
    finally:
        triggers.uninstall(connection)
    assert AuditEntry.objects.get().action == "system.test"
