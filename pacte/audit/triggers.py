"""Database triggers that make the audit log append-only, whatever code runs against it.

Refused: any UPDATE (except blanking the display label, which the purge does and the hash does not
cover), DELETE, TRUNCATE (PostgreSQL), and on SQLite an `INSERT OR REPLACE` over an existing entry
(SQLite fires no delete trigger for a REPLACE unless `recursive_triggers` is on, so a BEFORE INSERT
trigger checks the id). They are on in the test suite too; only the tests' table flush lifts them
for its own statement (tests/audit/flush.py).
"""

TABLE = "audit_auditentry"
# Every column but the display label: changing any of them is refused.
LOCKED_COLUMNS = (
    "id, at, actor_id, actor_label, action, object_type, object_id, departement_code, ip, path, data, "
    "prev_hash, hash"
)

SQL = {
    "sqlite": [
        f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE OF {LOCKED_COLUMNS} ON {TABLE} "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
        f"CREATE TRIGGER IF NOT EXISTS audit_entry_label_blank_only BEFORE UPDATE OF object_label ON {TABLE} "
        "WHEN NEW.object_label <> '' "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
        f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON {TABLE} "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
        f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_replace BEFORE INSERT ON {TABLE} "
        f"WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;",
        f"DROP TRIGGER IF EXISTS audit_entry_no_change ON {TABLE};",
        f"CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OF {LOCKED_COLUMNS} OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();",
        f"DROP TRIGGER IF EXISTS audit_entry_label_blank_only ON {TABLE};",
        f"CREATE TRIGGER audit_entry_label_blank_only BEFORE UPDATE OF object_label ON {TABLE} "
        "FOR EACH ROW WHEN (NEW.object_label <> '') EXECUTE FUNCTION audit_entry_append_only();",
        f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE};",
        f"CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();",
    ],
}

REVERSE_SQL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_entry_no_update;",
        "DROP TRIGGER IF EXISTS audit_entry_label_blank_only;",
        "DROP TRIGGER IF EXISTS audit_entry_no_delete;",
        "DROP TRIGGER IF EXISTS audit_entry_no_replace;",
    ],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS audit_entry_no_change ON {TABLE};",
        f"DROP TRIGGER IF EXISTS audit_entry_label_blank_only ON {TABLE};",
        f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE};",
        "DROP FUNCTION IF EXISTS audit_entry_append_only();",
    ],
}


TRIGGER_COUNT = {"sqlite": 4, "postgresql": 3}


def install(connection):
    with connection.cursor() as cursor:
        for statement in SQL.get(connection.vendor, []):
            cursor.execute(statement)


def uninstall(connection):
    with connection.cursor() as cursor:
        for statement in REVERSE_SQL.get(connection.vendor, []):
            cursor.execute(statement)


def installed(connection):
    """Whether the triggers are in place (the test suite checks that they are)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE]
            )
        else:
            return False
        return cursor.fetchone()[0] == TRIGGER_COUNT[connection.vendor]
