"""`manage.py backup FOLDER`: the database and the media folder together, with a manifest.

See participation/reports/services/backup.py and README, "Backups".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from participation.reports.services.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and MEDIA_ROOT into a new folder, with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A new or empty folder.")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        try:
            manifest = make_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['database_name']} ({manifest['database']['size']} bytes) "
                f"and MEDIA_ROOT ({manifest['media']['size']} bytes, "
                f"{manifest['report_files']} report files) into {folder}."
            )
        )
