"""Concurrent writers append to one chain, and the tests' flush still empties the log."""

import threading

import pytest
from django.db import connection, connections

from pacte.audit import chain, triggers
from pacte.audit.models import AuditEntry
from pacte.audit.services import log

WRITERS, ENTRIES = 4, 10


def _write():
    try:
        for _ in range(ENTRIES):
            log(actor=None, action="privacy.anonymise")
    finally:
        connections.close_all()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers itself")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    threads = [threading.Thread(target=_write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = chain.verify()
    assert (result.intact, result.count) == (True, WRITERS * ENTRIES)
    assert AuditEntry.objects.values("prev_hash").distinct().count() == WRITERS * ENTRIES


@pytest.mark.django_db(transaction=True)
def test_entries_written_in_a_transactional_test():
    log(actor=None, action="privacy.anonymise")
    assert chain.verify().intact


@pytest.mark.django_db(transaction=True)
def test_the_flush_after_a_transactional_test_kept_the_triggers():
    # The previous test's entry was flushed away, and the triggers are back.
    assert not AuditEntry.objects.exists()
    assert triggers.installed(connection)
