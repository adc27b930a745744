"""`manage.py check_report_files`: every report file the database names is in storage and matches
its recorded SHA-256; exits non-zero naming those that do not (after a restore, from monitoring).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from participation.reports.services.backup import check_report_files


class Command(BaseCommand):
    help = "Check every report file against its recorded checksum."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problems = check_report_files()
        for problem in problems:
            self.stderr.write(
                f"report {problem.snapshot_id} {problem.format}: {problem.name} {problem.problem}"
            )
        if problems:
            raise CommandError(f"{len(problems)} of {checked} report files are missing or differ.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} report files match their checksums."))
