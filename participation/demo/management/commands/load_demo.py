"""`manage.py load_demo`: demo users and demo data for trying the app; safe to run again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from participation.demo.services import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (case municipalities, initiatives, events, input, programme records "
        "and one user per role) on top of the reference data, and print the demo logins. "
        "Idempotent. Refuses to run with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off (the demo users share a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _(
                    "Refusing to load demo data with DEBUG off: the demo users share a published "
                    "password. Use --force if you really mean to."
                )
            )
        logins = load_demo()
        if options["verbosity"] < 1:
            return
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded. Demo logins:")))
        rows = [(_("username"), _("role"), _("scope"), _("password"))]
        rows += [(login.username, login.role, login.scope, login.password) for login in logins]
        widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
        for row in rows:
            self.stdout.write(
                "  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True))
            )
