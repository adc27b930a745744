"""`manage.py restore FOLDER`: a backup made by `manage.py backup`, into an empty database and an
empty MEDIA_ROOT, then every report file checked against its recorded checksum.

Exits non-zero, naming them, when a report file is missing or does not match. See
participation/reports/services/backup.py and README, "Backups".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from participation.reports.services.backup import BackupError, check_report_files, restore_backup


class Command(BaseCommand):
    help = "Restore a backup into an empty database and MEDIA_ROOT, and check the report files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A folder made by `manage.py backup`.")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        try:
            manifest = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        checked, problems = check_report_files()
        for problem in problems:
            self.stderr.write(
                f"report {problem.snapshot_id} {problem.format}: {problem.name} {problem.problem}"
            )
        if problems:
            raise CommandError(f"{len(problems)} of {checked} report files are missing or differ.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['database_name']} made {manifest['finished_at']}; "
                f"all {checked} report files match their checksums."
            )
        )
