"""Recompute the read models from the rows they summarise.

The dashboards' figures per municipality (`involvement.readmodel`: initiatives, events, input;
and per year, for the dashboard's trends, events and participants) and the indicator values'
counts (`programme.readmodel`: by status, for the review queue and the reporting-period list;
approved and at target per year, for the dashboard's trends). The database keeps both right on every write; this is for a database
restored or loaded with the triggers disabled, or to check them: `--check` compares the stored
rows with a rebuild and exits non-zero on a difference.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from participation.involvement import readmodel as involvement
from participation.programme import readmodel as programme


class Command(BaseCommand):
    help = (
        "Recompute the read models from initiatives, events, participant counts, input and "
        "indicator values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the stored figures with a rebuild, change nothing; fail on a difference.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not involvement.is_kept():
            self.stdout.write("This database does not keep a read model: the figures are live.")
            return
        differences: list[Any] = []
        with transaction.atomic():
            for model in (involvement, programme):
                before = model.snapshot()
                model.rebuild()
                after = model.snapshot()
                differences += sorted(set(before) ^ set(after), key=repr)
            if options["check"]:
                transaction.set_rollback(True)
        if options["check"]:
            if differences:
                raise CommandError(
                    f"The read model differs from its rows in {len(differences)} figure(s), "
                    f"e.g. {differences[:5]}"
                )
            self.stdout.write("The read models match their rows.")
            return
        self.stdout.write(f"Read models rebuilt ({len(differences)} figure(s) corrected).")
