"""The report task's limits on real workers: a transient database failure is retried to
completion, and a report that runs past its time limit ends as failed with a plain message.

Like test_generation_worker.py, the workers are processes of their own against the test database
(committed data, `reference_data`), paused after the figures step by the test-only Celery app
tests/reports/paused_worker.py; nothing of the product is mocked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import translation

from participation.accounts.models import RoleAssignment
from participation.reports.document import ReportDocument
from participation.reports.models import ReportFile, ReportRow, ReportSnapshot
from participation.reports.services.requesting import request_report
from tests.test_celery_roundtrip import through_broker  # noqa: F401

from .generation_support import (
    Q1_2025,
    add_records,
    data_of,
    municipal_scope,
    municipality,
    report_worker,
    strategy,
    wait_for,
)

pytestmark = pytest.mark.celery_worker

Status = ReportSnapshot.Status


@pytest.fixture
def requester(reference_data) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("limits-requester", email="leder@bodo.example")
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=municipal_scope().municipality
    )
    return user


def ask(user: User) -> ReportSnapshot:
    return request_report(
        actor=user, scope=municipal_scope(), period=Q1_2025, strategy=strategy(), language="en"
    )


def test_a_lost_database_connection_is_retried_and_the_report_completes_once(
    through_broker,  # noqa: F811
    requester: User,
    settings,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    # given a worker that pauses 5 s after the figures step
    worker = report_worker(tmp_path, pause_after_figures=5)
    settings.REPORT_QUEUE = worker.queue
    add_records(municipality())
    worker.start()
    try:
        snapshot = ask(requester)
        wait_for(
            lambda: ReportSnapshot.objects.filter(pk=snapshot.pk, progress__gte=60).exists(),
            what=f"the worker to finish the figures step:\n{worker.tail()}",
        )
        # when the database drops every connection of the worker mid-task (as on a failover)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'"
            )
            assert cursor.fetchone()[0] >= 1
        # then the task is retried with back-off and the report is made
        wait_for(
            lambda: ReportSnapshot.objects.filter(pk=snapshot.pk, status=Status.DONE).exists(),
            timeout=120,
            what=f"the retried task to finish:\n{worker.tail()}",
        )
    finally:
        worker.stop()
    # once: a second attempt, one file per format, the rows not doubled
    snapshot.refresh_from_db()
    assert snapshot.attempts == 2
    assert snapshot.error == ""
    assert sorted(snapshot.files.values_list("format", flat=True)) == ["csv", "pdf", "xlsx"]
    document = ReportDocument.from_json(data_of(snapshot))
    stored = sum(table.row_count for table in document.tables() if table.stored)
    assert ReportRow.objects.filter(snapshot=snapshot).count() == stored


def test_a_report_past_its_time_limit_fails_plainly_and_leaves_nothing(
    through_broker,  # noqa: F811
    requester: User,
    settings,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    # given a production-like (prefork) worker whose report task may take 68 s, softly 8 s,
    # and a report that pauses 60 s after its figures
    # (the limits travel in the message, from the settings of whoever sends it; the soft limit
    # leaves the figures step time to finish on a loaded machine, so that it strikes in the
    # pause and not in the middle of a query)
    worker = report_worker(tmp_path, pause_after_figures=60)
    worker.pool = "prefork"
    settings.REPORT_QUEUE = worker.queue
    settings.REPORT_TASK_TIME_LIMIT = 68
    add_records(municipality())
    worker.start()
    try:
        # when the report is asked for
        snapshot = ask(requester)
        # then it ends as failed at the soft limit, long before the pause is over
        wait_for(
            lambda: ReportSnapshot.objects.filter(pk=snapshot.pk, status=Status.FAILED).exists(),
            timeout=45,
            what=f"the time limit to stop the report:\n{worker.tail()}",
        )
    finally:
        worker.stop()
    snapshot.refresh_from_db()
    with translation.override("en"):
        assert snapshot.error == "Making the report took longer than the time limit."
    assert (snapshot.data, snapshot.checksum) == (None, "")
    assert not ReportRow.objects.filter(snapshot=snapshot).exists()
    assert not ReportFile.objects.filter(snapshot=snapshot).exists()
