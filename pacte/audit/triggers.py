"""Database triggers that make the audit log append-only, whatever code runs against it.

The test settings turn them off (PACTE_AUDIT_DB_TRIGGERS) because test isolation empties tables
between tests; a dedicated test installs them inside a transaction and checks they hold.
"""

SQL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
        "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;",
        "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_auditentry;",
        "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();",
        "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;",
        "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();",
    ],
}

REVERSE_SQL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_entry_no_update;",
        "DROP TRIGGER IF EXISTS audit_entry_no_delete;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_auditentry;",
        "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;",
        "DROP FUNCTION IF EXISTS audit_entry_append_only();",
    ],
}


def install(connection):
    with connection.cursor() as cursor:
        for statement in SQL.get(connection.vendor, []):
            cursor.execute(statement)


def uninstall(connection):
    with connection.cursor() as cursor:
        for statement in REVERSE_SQL.get(connection.vendor, []):
            cursor.execute(statement)
