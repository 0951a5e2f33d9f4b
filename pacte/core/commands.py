"""What every `pacte` command answers to a missing prerequisite or a user's mistake (a wrong argument,
a missing file): one French line on standard error and exit status 2, never a traceback
(`PacteCommand`, and `pacte.cli` for the other commands)."""

import argparse
import contextlib
import re
import sys
from difflib import get_close_matches

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import ManagementUtility, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser, handle_default_options
from django.db import DatabaseError, connections

from pacte.core.errors import DomainError
from pacte.core.files import os_error_reason

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


def user_error(message):
    """A user's mistake (an unknown name, a value out of range): the command stops with `message`."""
    return CommandError(message, returncode=PREREQUISITE_STATUS)


# argparse's messages (Python 3.11 to 3.13) and their French.
_ARGUMENT_ERRORS = [
    (r"the following arguments are required: (.+)", "argument(s) obligatoire(s) manquant(s) : {0}"),
    (r"one of the arguments (.+) is required", "un des arguments {0} est obligatoire"),
    (r"argument (\S+): not allowed with argument (\S+)", "l'argument {0} ne va pas avec {1}"),
    (r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.+)\)", "argument {0} : « {1} » n'est pas un choix possible ({2})"),
    (r"argument (\S+): invalid \S+ value: '(.*)'", "argument {0} : valeur « {1} » invalide"),
    (r"argument (\S+): expected one argument", "argument {0} : une valeur est attendue"),
    (r"unrecognized arguments: (.+)", "argument(s) inconnu(s) : {0}"),
    (r"ambiguous option: (\S+) could match (.+)", "option {0} ambiguë ({1})"),
]  # fmt: skip


def argument_error_message(message):
    """argparse's `message` in French (unchanged if it is not one of those known)."""
    for pattern, french in _ARGUMENT_ERRORS:
        match = re.fullmatch(pattern, message)
        if match:
            return french.format(*match.groups())
    return message


class PacteParser(CommandParser):
    """Django's parser, whose errors are one French line: written before exiting with status 2 on the
    command line, raised as a `CommandError` of status 2 from `call_command`."""

    def error(self, message):
        line = f"{self.prog} : {argument_error_message(message)} (« {self.prog} --help » pour l'aide)."
        if self.called_from_command_line:
            sys.stderr.write(f"{line}\n")
            sys.exit(PREREQUISITE_STATUS)
        raise CommandError(line, returncode=PREREQUISITE_STATUS)


class PacteCommand(BaseCommand):
    """A management command whose argument errors, user errors (`user_error`, a missing file), domain
    errors and missing schema become one French line and exit status 2."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser("pacte", subcommand, **kwargs)
        # Django builds a `CommandParser` and its sub-parsers; they become `PacteParser`s.
        parsers = [parser]
        while parsers:
            each = parsers.pop()
            each.__class__ = PacteParser
            for action in each._actions:
                if isinstance(action, argparse._SubParsersAction):
                    parsers.extend(action.choices.values())
        return parser

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except (DomainError, DatabaseError) as error:
            message = prerequisite_message(error)
            if message is None:
                raise
            raise CommandError(message, returncode=PREREQUISITE_STATUS) from error
        except OSError as error:
            if error.filename is None:
                raise
            raise user_error(f"{error.filename} : {os_error_reason(error)}.") from error

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


class PacteUtility(ManagementUtility):
    """Django's command dispatcher, which answers an unknown command in French."""

    def fetch_command(self, subcommand):
        commands = get_commands()
        if subcommand in commands:
            return super().fetch_command(subcommand)
        settings.INSTALLED_APPS  # noqa: B018 - raises the settings' error, which get_commands() hides
        guesses = get_close_matches(subcommand, commands)
        guess = f" ; vouliez-vous dire « {guesses[0]} » ?" if guesses else ""
        sys.stderr.write(
            f"Commande inconnue : « {subcommand} »{guess} (« {self.prog_name} help » pour la liste des "
            "commandes).\n"
        )
        sys.exit(PREREQUISITE_STATUS)


def report_and_exit(error):
    """Write the line of `error` if it is a missing prerequisite and exit 2; else re-raise it."""
    message = prerequisite_message(error)
    if message is None:
        raise error
    sys.stderr.write(f"{message}\n")
    raise SystemExit(PREREQUISITE_STATUS) from error
