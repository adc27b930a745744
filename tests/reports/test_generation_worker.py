"""Making reports on real Celery workers through Redis: the round trip with its e-mail, a
duplicate message, a worker killed halfway, and a broker that is down when the user asks.

The workers are processes of their own (tests/reports/generation_support.py) running the
production settings against the test database, so these tests commit their data
(`reference_data`). The killed worker pauses after the figures step (its Celery app is the
test-only tests/reports/paused_worker.py), so that it is killed at a known point; nothing of the
product is mocked.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from housingapp.celery import app
from participation.accounts.models import RoleAssignment
from participation.reports.document import ReportDocument
from participation.reports.models import ReportFile, ReportRow, ReportSnapshot
from participation.reports.services.dispatch import ORPHAN_GRACE, dispatch_waiting
from participation.reports.services.locks import locked_snapshot_ids
from participation.reports.services.requesting import request_report
from participation.reports.tasks import dispatch_waiting_reports
from tests.test_celery_roundtrip import through_broker  # noqa: F401

from .generation_support import (
    Q1_2025,
    ReportWorker,
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


@pytest.fixture(scope="module")
def mail_dir(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory, mail_dir: Path) -> Iterator[ReportWorker]:  # type: ignore[no-untyped-def]
    """One worker for the module, mailing into files (the worker cannot use locmem)."""
    running = report_worker(
        tmp_path_factory.mktemp("worker"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        SITE_URL="https://bolig.example.no",
    ).start()
    yield running
    running.stop()


@pytest.fixture
def requester(reference_data) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("worker-requester", email="leder@bodo.example")
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=municipal_scope().municipality
    )
    return user


def ask(user: User | None) -> ReportSnapshot:
    return request_report(
        actor=user, scope=municipal_scope(), period=Q1_2025, strategy=strategy(), language="en"
    )


def stored_rows_expected(snapshot: ReportSnapshot) -> int:
    document = ReportDocument.from_json(data_of(snapshot))
    return sum(table.row_count for table in document.tables() if table.stored)


def drain(worker: ReportWorker) -> None:
    """Wait until the worker has handled everything sent to its queue before now: its pool is
    solo, so it answers this health check only after the messages ahead of it."""
    app.send_task("participation.health_check", queue=worker.queue).get(timeout=120)


def test_the_worker_makes_the_report_once_and_mails_the_requester(
    worker: ReportWorker,
    through_broker,  # noqa: F811
    requester: User,
    settings,
    mail_dir: Path,
) -> None:  # type: ignore[no-untyped-def]
    # given data, and reports going to the test worker's queue
    settings.REPORT_QUEUE = worker.queue
    add_records(municipality())
    # when the user asks, and a duplicate of the message follows straight away
    snapshot = ask(requester)
    assert snapshot.dispatched_at is not None
    app.send_task("participation.generate_report", args=[snapshot.pk], queue=worker.queue)
    drain(worker)
    # then: done once, three files, every stored row once
    snapshot.refresh_from_db()
    assert snapshot.status == Status.DONE, worker.tail()
    assert snapshot.attempts == 1
    assert sorted(snapshot.files.values_list("format", flat=True)) == ["csv", "pdf", "xlsx"]
    assert ReportRow.objects.filter(snapshot=snapshot).count() == stored_rows_expected(snapshot)
    for report_file in snapshot.files.all():
        with report_file.file.open("rb") as stored:
            assert len(stored.read()) == report_file.size
    # and one e-mail, with the link to the report
    mails = [path.read_text() for path in mail_dir.iterdir()]
    assert len(mails) == 1
    assert "To: leder@bodo.example" in mails[0]
    assert f"https://bolig.example.no/rapporter/{snapshot.pk}/" in mails[0]
    snapshot.refresh_from_db()
    assert snapshot.notified_at is not None


def test_a_worker_killed_halfway_leaves_nothing_and_the_next_one_finishes_once(
    through_broker,  # noqa: F811
    requester: User,
    settings,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    # given a worker that pauses 60 s after the figures step, and a 3 s visibility timeout
    fast_redelivery = {"CELERY_VISIBILITY_TIMEOUT": "3", "CELERY_UNACKED_RESTORE_INTERVAL": "1"}
    first = report_worker(tmp_path, pause_after_figures=60, **fast_redelivery)
    settings.REPORT_QUEUE = first.queue
    add_records(municipality())
    first.start()
    second = ReportWorker(
        queue=first.queue,
        nodename=first.nodename.replace("reports-", "reports-again-"),
        log=tmp_path / "second-worker.log",
        env=first.env,  # the project's own app (`-A housingapp`): no pause
    )
    try:
        # when the report is half made (figures written in its open transaction)
        snapshot = ask(requester)
        wait_for(
            lambda: ReportSnapshot.objects.filter(pk=snapshot.pk, progress__gte=60).exists(),
            what="the worker to finish the figures step",
        )
        # and the worker is killed
        first.kill()
        # then nothing of it is visible: not done, no rows, no files, no data
        snapshot.refresh_from_db()
        assert snapshot.status == Status.RUNNING
        assert snapshot.attempts == 1
        assert not ReportRow.objects.filter(snapshot=snapshot).exists()
        assert not ReportFile.objects.filter(snapshot=snapshot).exists()
        assert (snapshot.data, snapshot.checksum) == (None, "")
        # and PostgreSQL has let go of its lock
        wait_for(lambda: snapshot.pk not in locked_snapshot_ids(), what="the lock")

        # when another worker starts, Redis hands it the unacknowledged message
        second.start()
        wait_for(
            lambda: ReportSnapshot.objects.filter(pk=snapshot.pk, status=Status.DONE).exists(),
            timeout=120,
            what=f"the second worker to finish:\n{second.tail()}",
        )
        drain(second)
    finally:
        first.stop()
        second.stop()
    # then it is done exactly once: second attempt, one file per format, rows not doubled
    snapshot.refresh_from_db()
    assert snapshot.attempts == 2
    assert sorted(snapshot.files.values_list("format", flat=True)) == ["csv", "pdf", "xlsx"]
    assert ReportRow.objects.filter(snapshot=snapshot).count() == stored_rows_expected(snapshot)
    folder = Path(settings.MEDIA_ROOT) / "reports" / str(snapshot.pk)
    assert len(list(folder.iterdir())) == 3


def test_a_killed_worker_is_noticed_its_report_sent_again_once_and_the_page_says_so(
    through_broker,  # noqa: F811
    requester: User,
    settings,
    tmp_path: Path,
    client,
    log_in,
) -> None:  # type: ignore[no-untyped-def]
    # given a worker that pauses 60 s after the figures step, and the default visibility
    # timeout (40 minutes: Redis would not hand the message to another worker before that)
    first = report_worker(tmp_path, pause_after_figures=60)
    settings.REPORT_QUEUE = first.queue
    add_records(municipality())
    first.start()
    second = ReportWorker(
        queue=first.queue,
        nodename=first.nodename.replace("reports-", "reports-again-"),
        log=tmp_path / "second-worker.log",
        env=first.env,  # the project's own app (`-A housingapp`): no pause
    )
    try:
        snapshot = ask(requester)
        wait_for(
            lambda: ReportSnapshot.objects.filter(pk=snapshot.pk, progress__gte=60).exists(),
            what="the worker to finish the figures step",
        )
        # when the worker is killed (kill -9: no clean-up, no acknowledgement)
        first.kill()
        wait_for(lambda: snapshot.pk not in locked_snapshot_ids(), what="the lock")
        snapshot.refresh_from_db()
        assert snapshot.status == Status.RUNNING
        assert snapshot.started_at is not None
        # then the beat's task leaves it alone within the grace, in case a worker just took it
        assert dispatch_waiting(now=snapshot.started_at + ORPHAN_GRACE / 2) == 0
        # and its next run, a minute later, puts it back in the queue and sends it, once
        a_minute_later = timezone.now() + ORPHAN_GRACE
        assert dispatch_waiting(now=a_minute_later) == 1
        assert dispatch_waiting(now=a_minute_later) == 0
        assert dispatch_waiting(now=a_minute_later + ORPHAN_GRACE) == 0
        snapshot.refresh_from_db()
        assert snapshot.status == Status.QUEUED
        assert snapshot.dispatched_at is not None
        assert snapshot.error.startswith("The worker making this report stopped at 60 %")
        # and the report's page and its progress say what happened, and offer to try again
        log_in(client, requester)
        page = client.get(snapshot.get_absolute_url()).content.decode()
        assert "The report is being made again" in page
        assert snapshot.error in page.replace("&#x27;", "'")
        assert "Try again now" in page
        progress = client.get(reverse("participation:report-progress", args=[snapshot.pk]))
        assert progress.json()["message"] == snapshot.error
        assert progress.json()["status"] == "queued"

        # when a worker takes the message sent again
        second.start()
        wait_for(
            lambda: ReportSnapshot.objects.filter(pk=snapshot.pk, status=Status.DONE).exists(),
            timeout=120,
            what=f"the second worker to finish:\n{second.tail()}",
        )
        drain(second)
    finally:
        first.stop()
        second.stop()
    # then it is done exactly once, and the note is gone
    snapshot.refresh_from_db()
    assert snapshot.attempts == 2
    assert snapshot.error == ""
    assert sorted(snapshot.files.values_list("format", flat=True)) == ["csv", "pdf", "xlsx"]
    assert ReportRow.objects.filter(snapshot=snapshot).count() == stored_rows_expected(snapshot)
    folder = Path(settings.MEDIA_ROOT) / "reports" / str(snapshot.pk)
    assert len(list(folder.iterdir())) == 3


# The broker down -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _use_broker(url: str | None) -> None:
    """Send this process's tasks to `url` (None: back to CELERY_BROKER_URL), forgetting its
    pooled broker connections (what Celery itself does after a fork). The write URL, because
    the CELERY_BROKER_URL variable wins over `broker_url` set here."""
    app.conf.update(broker_write_url=url)
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def private_broker(through_broker) -> Iterator[dict[str, object]]:  # noqa: F811  # type: ignore[no-untyped-def]
    """A broker URL on a port where nothing listens yet; `start()` starts a Redis there."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    servers: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        server = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append(server)
        wait_for(lambda: _listening(port), timeout=20, what="the private Redis")

    _use_broker(url)
    try:
        yield {"url": url, "start": start}
    finally:
        _use_broker(None)
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_a_request_while_the_broker_is_down_is_kept_and_sent_when_it_is_back(
    private_broker, requester: User, client, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # given the broker is down, and the user asks for a report through the form
    add_records(municipality())
    client.force_login(requester)
    started = time.monotonic()
    response = client.post(
        reverse("participation:report-request"),
        {
            "scope": "municipality",
            "municipality": "1804",
            "strategy": strategy().pk,
            "period_kind": "quarter",
            "year": "2025",
            "number": "1",
            "language": "en",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    waited = time.monotonic() - started
    # then the user is told plainly, quickly, and the request is kept
    assert response.status_code == 200
    html = response.content.decode()
    assert "The report queue is not reachable right now" in html
    assert "Your request is saved" in html
    assert waited < 15, f"the user waited {waited:.1f} s for the broker"
    snapshot = ReportSnapshot.objects.get()
    assert (snapshot.status, snapshot.dispatched_at) == (Status.QUEUED, None)
    assert reverse("participation:report-again", args=[snapshot.pk]) in html
    # and the beat's resend finds the broker still down and keeps it
    assert dispatch_waiting_reports() == 0
    snapshot.refresh_from_db()
    assert snapshot.dispatched_at is None

    # when the broker is back and a worker listens on it
    private_broker["start"]()  # type: ignore[operator]
    worker = report_worker(tmp_path, CELERY_BROKER_URL=str(private_broker["url"])).start()
    settings.REPORT_QUEUE = worker.queue
    try:
        sent = dispatch_waiting_reports()
        # then the waiting report is sent and made
        assert sent == 1
        wait_for(
            lambda: ReportSnapshot.objects.filter(pk=snapshot.pk, status=Status.DONE).exists(),
            timeout=120,
            what=f"the report:\n{worker.tail()}",
        )
    finally:
        worker.stop()
    snapshot.refresh_from_db()
    assert snapshot.dispatched_at is not None
    assert snapshot.files.count() == 3
    with connection.cursor() as cursor:  # and nothing was made twice
        cursor.execute("SELECT COUNT(*) FROM reports_reportsnapshot")
        assert cursor.fetchone()[0] == 1
