import pytest
from django.db import DatabaseError, connection, transaction

from pacte.audit import triggers
from pacte.audit.models import AuditEntry
from pacte.audit.services import log
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def refused(sql, params=()):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_suite_runs_with_the_triggers_on():
    assert triggers.installed(connection)


def test_database_triggers_refuse_changes_made_behind_the_application():
    entry = log(actor=None, action="privacy.anonymise")
    refused("UPDATE audit_auditentry SET action = 'x'")
    refused("UPDATE audit_auditentry SET hash = ''")
    refused("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.get().action == "privacy.anonymise"
    assert AuditEntry.objects.get().hash == entry.hash


def test_a_label_may_be_blanked_but_not_rewritten():
    entry = log(actor=None, action="organization.create", obj=OrganizationFactory(name="Structure A"))
    refused("UPDATE audit_auditentry SET object_label = 'Autre' WHERE id = %s", [entry.pk])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_label = '' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get().object_label == ""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="INSERT OR REPLACE is SQLite's")
def test_insert_or_replace_cannot_overwrite_an_entry():
    entry = log(actor=None, action="privacy.anonymise")
    refused(
        "INSERT OR REPLACE INTO audit_auditentry (id, at, actor_label, action, object_type, object_id, "
        "object_label, departement_code, path, data, prev_hash, hash) "
        "VALUES (%s, '2020-01-01', '', 'user.login', '', '', '', '', '', '{}', '', '')",
        [entry.pk],
    )
    assert AuditEntry.objects.get().action == "privacy.anonymise"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused():
    log(actor=None, action="privacy.anonymise")
    refused("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 1
