"""The `pacte` command: Django's management commands with Pacte's settings.

A missing prerequisite (a domain error, a database without its schema) or an unknown command is one
French line on standard error and exit status 2, whatever the command (`pacte.core.commands`).
"""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from pacte.core.commands import PacteUtility, report_and_exit

    try:
        PacteUtility(["pacte", *sys.argv[1:]]).execute()
    except Exception as error:  # noqa: BLE001 - anything else is raised again as it is
        if "--traceback" in sys.argv:
            raise
        report_and_exit(error)


if __name__ == "__main__":
    main()
