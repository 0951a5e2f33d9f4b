"""The audit triggers stay on during the whole suite (as in production). Transactional tests empty
every table after they run (Django's flush: DELETE on SQLite, TRUNCATE on PostgreSQL), which the
triggers refuse; so, in the tests only, the flush lifts them inside its own transaction and puts them
back before it commits, with the chain's head row the migration created. Production code never drops
them."""

from django.conf import settings
from django.db import router, transaction
from django.db.backends.base.operations import BaseDatabaseOperations

from pacte.audit import chain, triggers

_original_flush = BaseDatabaseOperations.execute_sql_flush


def _flush_lifting_audit_triggers(self, sql_list):
    # The volatile database (pacte/core/routers.py) has no audit table.
    holds_audit = router.allow_migrate(self.connection.alias, "audit", model_name="auditentry")
    if not settings.PACTE_AUDIT_DB_TRIGGERS or not holds_audit:
        return _original_flush(self, sql_list)
    with transaction.atomic(using=self.connection.alias):
        triggers.uninstall(self.connection)
        _original_flush(self, sql_list)
        triggers.install(self.connection)
        # The migration's head row, as on a database that was never flushed: without it the next
        # entry would create it, one query more than every later one (the query-count guards).
        from pacte.audit.models import AuditChainHead

        AuditChainHead.objects.using(self.connection.alias).get_or_create(pk=chain.HEAD_PK)
    return None


def lift_audit_triggers_during_flush():
    BaseDatabaseOperations.execute_sql_flush = _flush_lifting_audit_triggers
