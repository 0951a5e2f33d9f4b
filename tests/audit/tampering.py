"""Raw SQL behind the application's back, with the triggers lifted for the statement (the test
transaction rolls it all back)."""

from django.db import connection, transaction

from pacte.audit import triggers


def tamper(sql, params=()):
    with transaction.atomic():
        triggers.uninstall(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        triggers.install(connection)
