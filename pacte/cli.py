"""The `pacte` command: Django's management commands with Pacte's settings."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pacte", *sys.argv[1:]])


if __name__ == "__main__":
    main()
