"""What every `pacte` command answers to a missing prerequisite: one French line on standard error
and exit status 2, never a traceback (`PacteCommand`, and `pacte.cli` for the other commands)."""

import contextlib
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, handle_default_options
from django.db import DatabaseError, connections

from pacte.core.errors import DomainError

PREREQUISITE_STATUS = 2
NOT_MIGRATED = "Base non initialisée : lancez « pacte migrate »."
_MISSING_TABLE = ("no such table", "does not exist", "no such column", "undefined column")
_UNREACHABLE = ("unable to open database file", "could not connect", "connection refused")


def prerequisite_message(error):
    """The French line for an error that means a prerequisite is missing, None for any other."""
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, DatabaseError):
        text = str(error).lower()
        if any(marker in text for marker in _MISSING_TABLE):
            return NOT_MIGRATED
        if any(marker in text for marker in _UNREACHABLE):
            return "Base de données inaccessible : vérifiez DATABASE_URL, puis lancez « pacte migrate »."
    return None


class PacteCommand(BaseCommand):
    """A management command whose domain errors and missing schema become one French line."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except (DomainError, DatabaseError) as error:
            message = prerequisite_message(error)
            if message is None:
                raise
            raise CommandError(message, returncode=PREREQUISITE_STATUS) from error

    def run_from_argv(self, argv):
        """Django's, but a `CommandError` is written as its message alone (French), without the
        English class name in front."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except CommandError as error:
            if options.traceback:
                raise
            self.stderr.write(str(error), lambda text: text)
            sys.exit(error.returncode)
        finally:
            with contextlib.suppress(ImproperlyConfigured):
                connections.close_all()


def report_and_exit(error):
    """Write the line of `error` if it is a missing prerequisite and exit 2; else re-raise it."""
    message = prerequisite_message(error)
    if message is None:
        raise error
    sys.stderr.write(f"{message}\n")
    raise SystemExit(PREREQUISITE_STATUS) from error
