"""Recompute the read model (the dashboards' figures per municipality) from the involvement rows.

The database keeps the read model right on every write (`involvement.readmodel`); this is for a
database restored or loaded with the triggers disabled, or to check the figures: `--check`
compares the stored figures with a rebuild and exits non-zero on a difference.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from participation.involvement import readmodel


class Command(BaseCommand):
    help = "Recompute the dashboards' read model from initiatives, events and input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the stored figures with a rebuild, change nothing; fail on a difference.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not readmodel.is_kept():
            self.stdout.write("This database does not keep a read model: the figures are live.")
            return
        with transaction.atomic():
            before = readmodel.snapshot()
            readmodel.rebuild()
            after = readmodel.snapshot()
            if options["check"]:
                transaction.set_rollback(True)
        differences = sorted(set(before) ^ set(after))
        if options["check"]:
            if differences:
                raise CommandError(
                    f"The read model differs from its rows in {len(differences)} figure(s), "
                    f"e.g. {differences[:5]}"
                )
            self.stdout.write("The read model matches its rows.")
            return
        self.stdout.write(f"Read model rebuilt ({len(differences)} figure(s) corrected).")
