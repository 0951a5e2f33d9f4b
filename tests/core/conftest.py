import os
import urllib.parse
import uuid

import pytest


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database of the suite's kind for `pacte` subprocesses: a SQLite file, or, when the
    suite runs on PostgreSQL, a database of its own on the same server, dropped afterwards."""
    main = os.environ.get("DATABASE_URL", "")
    if not main.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'pacte.sqlite3'}"
        return
    import psycopg

    name = f"pacte_fresh_{uuid.uuid4().hex[:12]}"
    parts = urllib.parse.urlsplit(main)
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
