"""`housingapp COMMAND` (the installed wheel's console script) or `python -m housingapp COMMAND`:
Django's manage.py for an installation without a source checkout."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "housingapp.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["housingapp", *sys.argv[1:]])


if __name__ == "__main__":
    main()
