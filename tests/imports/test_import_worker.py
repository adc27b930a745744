"""Committing an event import on a real Celery worker through Redis.

The worker is a process of its own (tests/reports/generation_support.py) running the
production settings against the test database, so these tests commit their data
(`reference_data`). To see an import while it runs, the test holds the initiative's row lock
(as a second import into the same initiative would) until it has looked.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from housingapp.celery import app
from participation.accounts.models import RoleAssignment
from participation.core.connections import side_connection
from participation.involvement.models import EventImport, Initiative, InvolvementEvent
from participation.involvement.services.import_jobs import start_event_import
from tests.reports.generation_support import ReportWorker, report_worker, wait_for
from tests.reports.test_generation_worker import private_broker  # noqa: F401
from tests.test_celery_roundtrip import through_broker  # noqa: F401

from .conftest import HEADER, row

pytestmark = pytest.mark.celery_worker

Status = EventImport.Status


@pytest.fixture
def worker(django_db_setup, tmp_path) -> Iterator[ReportWorker]:  # type: ignore[no-untyped-def]
    """A worker for each test: the flush between transactional tests makes the content types
    anew, with new ids, which a worker that lived on would still hold for its audit entries."""
    running = report_worker(tmp_path).start()
    yield running
    running.stop()


@pytest.fixture
def staff(reference_data, bodo) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("import-worker-staff")
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo)
    return user


def drain(worker: ReportWorker) -> None:
    """Wait until the worker has handled everything sent to its queue before now (solo pool)."""
    app.send_task("participation.health_check", queue=worker.queue).get(timeout=120)


def confirm(initiative: Initiative, user: User, rows: list[list[str]]) -> EventImport:
    """What the confirm button does: the task is sent when this transaction commits."""
    with transaction.atomic():
        return start_event_import(
            initiative, actor=user, header=HEADER, rows=rows, digest="f" * 64, language="en"
        )


def test_the_worker_imports_every_row_once_and_the_page_follows_it(
    worker: ReportWorker,
    through_broker,  # noqa: F811
    staff: User,
    bodo_initiative: Initiative,
    client,
    settings,
) -> None:  # type: ignore[no-untyped-def]
    # given imports going to the test worker's queue, and 120 checked rows
    settings.IMPORT_QUEUE = worker.queue
    rows = [row(title=f"Husmøte {n}") for n in range(120)]
    client.force_login(staff)
    progress_url_of = lambda job: reverse("participation:event-import-job-progress", args=[job.pk])  # noqa: E731
    with side_connection("lock") as alias, transaction.atomic(using=alias):
        # (another import into the initiative holds its lock, as `import_events` takes it)
        Initiative.objects.using(alias).select_for_update(no_key=True).get(pk=bodo_initiative.pk)
        # when the user confirms, and a duplicate of the task's message follows
        job = confirm(bodo_initiative, staff, rows)
        app.send_task("participation.import_events", args=[job.pk], queue=worker.queue)
        # then the worker has taken it, and the page says it is running and nothing is saved
        wait_for(
            lambda: EventImport.objects.get(pk=job.pk).status == Status.RUNNING,
            what="the worker to start the import",
        )
        state = client.get(progress_url_of(job)).json()
        assert (state["status"], state["finished"]) == ("running", False)
        assert state["message"] == "0 of 120 rows checked."
        assert not InvolvementEvent.objects.exists()
        assert "<progress" in client.get(job.get_absolute_url()).content.decode()
    # and when the lock is let go, the worker checks and saves every row, once
    drain(worker)
    job.refresh_from_db()
    assert job.status == Status.DONE, worker.tail()
    assert (job.rows_done, job.created_count, job.skipped_count) == (120, 120, 0)
    assert job.payload is None
    assert InvolvementEvent.objects.filter(initiative=bodo_initiative).count() == 120
    # attributed to the user who confirmed, in the audit trail too
    assert set(InvolvementEvent.objects.values_list("created_by", flat=True)) == {staff.pk}
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(InvolvementEvent),
        action=LogEntry.Action.CREATE,
    )
    assert entries.count() == 120
    assert set(entries.values_list("actor", flat=True)) == {staff.pk}
    # and the page says how it ended
    state = client.get(progress_url_of(job)).json()
    assert state == {
        "status": "done",
        "status_label": "Done",
        "progress": 100,
        "message": "120 events imported.",
        "finished": True,
    }
    assert "120 events imported." in client.get(job.get_absolute_url()).content.decode()


def test_on_the_worker_a_row_invalid_since_the_preview_fails_the_import_and_saves_nothing(
    worker: ReportWorker,
    through_broker,  # noqa: F811
    staff: User,
    bodo_initiative: Initiative,
    vocab,
    settings,
) -> None:  # type: ignore[no-untyped-def]
    # given rows checked while their method was active, made inactive before the worker runs
    settings.IMPORT_QUEUE = worker.queue
    rows = [row(title="Først"), row(title="Andre")]
    vocab["cafe"].is_active = False
    vocab["cafe"].save()
    # when the import is confirmed and the worker has run it
    job = confirm(bodo_initiative, staff, rows)
    drain(worker)
    # then it failed with the rows' errors, saved nothing, and kept nothing of the file
    job.refresh_from_db()
    assert job.status == Status.FAILED, worker.tail()
    assert job.payload is None
    assert job.error.startswith("Nothing was imported: since the file was checked")
    assert [(r, column) for r, column, _message in job.row_errors] == [(2, "method"), (3, "method")]
    assert not InvolvementEvent.objects.exists()


def test_while_the_broker_is_down_the_import_fails_at_once_and_keeps_nothing(
    private_broker,  # noqa: F811
    staff: User,
    bodo_initiative: Initiative,
    client,
) -> None:  # type: ignore[no-untyped-def]
    # given the broker is down
    client.force_login(staff)
    # when the user confirms a checked file
    started = time.monotonic()
    job = confirm(bodo_initiative, staff, [row()])
    waited = time.monotonic() - started
    # then, quickly, the import has failed, saying so plainly, with nothing saved or kept
    assert waited < 15, f"the user waited {waited:.1f} s for the broker"
    job.refresh_from_db()
    assert (job.status, job.payload) == (Status.FAILED, None)
    assert job.error == (
        "The import could not be started: the task queue is not reachable. Nothing was saved. "
        "Upload the file again in a while."
    )
    assert not InvolvementEvent.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The import failed. Nothing was saved." in page
    assert "the task queue is not reachable" in page
