"""`pacte migrate`: Django's migrate, for the main database and then the volatile one when it is a
separate database (SQLite's second file); `--database` still migrates one alone."""

from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS

from pacte.core.commands import PacteCommand
from pacte.core.routers import VOLATILE, volatile_is_separate


class Command(PacteCommand, migrate.Command):
    help = "Crée ou met à jour le schéma : la base principale, puis la base volatile (progression, cache)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(database=None)

    def get_check_kwargs(self, options):
        return {**super().get_check_kwargs(options), "databases": _aliases(options["database"])}

    def handle(self, *args, **options):
        for alias in _aliases(options["database"]):
            super().handle(*args, **{**options, "database": alias})


def _aliases(database):
    if database is not None:
        return [database]
    return [DEFAULT_DB_ALIAS, VOLATILE] if volatile_is_separate() else [DEFAULT_DB_ALIAS]
