"""Celery task of the redaction: making a redacted report's files again (see services.py).

Fixed name (`participation.*`), so queued messages survive moving code; sent to REPORT_QUEUE
like the report tasks, since it renders reports.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    bind=True,
    name="participation.remake_redacted_report_files",
    # Acknowledged when done, so a worker killed halfway leaves the message for another.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=5,
    ignore_result=True,
)
def remake_redacted_report_files(self: Task[Any, Any], snapshot_id: int) -> str:
    """Make the files of a report that personal data was removed from. Idempotent."""
    from participation.redaction.services import make_files_again

    return make_files_again(snapshot_id)
