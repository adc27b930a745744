"""Send the task that makes a redacted report's files again, for every done report that personal
data was removed from and that has no files yet (its task was lost, or failed for good).
Harmless to run at any time: the task leaves a report that has its files alone."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from participation.redaction.services import remake_files_later
from participation.reports.models import ReportSnapshot


class Command(BaseCommand):
    help = "Make the files of redacted reports that have none yet."

    def handle(self, *args: Any, **options: Any) -> None:
        waiting = (
            ReportSnapshot.objects.filter(
                status=ReportSnapshot.Status.DONE, redacted_at__isnull=False, files__isnull=True
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        count = 0
        for snapshot_id in waiting:
            remake_files_later(snapshot_id)
            count += 1
        self.stdout.write(f"{count} report(s) sent to be made again.")
