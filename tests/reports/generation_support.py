"""Helpers for the tests of making reports: a small known dataset, the report's parameters, and
Celery worker processes of our own (to kill, to give a short visibility timeout, a pause after the
figures step through the test-only app tests/reports/paused_worker.py, or a file e-mail backend).

The workers run the production settings against the test database, like the worker in
tests/test_celery_roundtrip.py, so the tests that use them commit their data (`reference_data`,
a transactional fixture).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from housingapp.celery import app, worker_command
from participation.involvement.models import Initiative, Input, InvolvementEvent, ParticipantCount
from participation.places.models import Goal, Method, Municipality, Strategy, TargetGroup, Theme
from participation.reports.document import MemoryRows, checksum
from participation.reports.models import ReportFile, ReportRow, ReportSnapshot
from participation.reports.params import Period, ReportScope
from tests.test_celery_roundtrip import ROOT, _test_database_url

STRATEGY = "alle-trenger-et-trygt-hjem"
# The pause after the figures step, in seconds, for tests/reports/paused_worker.py (which only
# worker processes import: it wraps the product's figures step).
PAUSE_VARIABLE = "TEST_PAUSE_AFTER_FIGURES"
PAUSED_APP = "tests.reports.paused_worker"
Q1_2025 = Period("quarter", datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))


def strategy() -> Strategy:
    return Strategy.objects.get(code=STRATEGY)


def add_records(
    municipality: Municipality, *, name: str = "Bolig Nu", events: int = 2
) -> Initiative:
    """An initiative serving the strategy's first goal, with `events` events in the first quarter
    of 2025, each with 6 residents reached and two input items (one assessed and answered)."""
    goal = Goal.objects.filter(strategy=strategy()).order_by("code").first()
    assert goal is not None
    method, _ = Method.objects.get_or_create(code="test-workshop", defaults={"name": "Verksted"})
    theme = Theme.objects.order_by("pk").first()
    group = TargetGroup.objects.order_by("pk").first()
    assert theme is not None
    assert group is not None
    initiative = Initiative.objects.create(
        municipality=municipality,
        name=name,
        aim="Finne bolig sammen med beboerne.",
        start_date=datetime.date(2024, 6, 1),
    )
    initiative.goals.add(goal)
    for number in range(events):
        event = InvolvementEvent.objects.create(
            initiative=initiative,
            title=f"Verksted {number + 1}",
            date=datetime.date(2025, 2, 1 + number),
            method=method,
            feedback_due=datetime.date(2025, 3, 1),
            feedback_given=datetime.date(2025, 2, 20),
        )
        ParticipantCount.objects.create(
            event=event, target_group=group, role=ParticipantCount.Role.RESIDENT, count=6
        )
        Input.objects.create(event=event, theme=theme, summary="Ønsker flere små leiligheter.")
        Input.objects.create(
            event=event,
            theme=theme,
            summary="Vil ha møter på kveldstid.",
            follow_up_status=Input.FollowUp.INCORPORATED,
            answer="Neste møte er på kveldstid.",
        )
    return initiative


def make_done_snapshot(
    scope: ReportScope,
    period: Period = Q1_2025,
    *,
    requested_by: User | None = None,
    version: int = 1,
    language: str = "nb",
) -> ReportSnapshot:
    """A done snapshot made without a worker, for tests of pages and permissions (inside a test
    transaction, where `generate` cannot run): the real figures step into memory, its rows
    stored, and small stand-in files with their true sizes and checksums."""
    from django.utils import timezone, translation

    from participation.reports.figures import GENERATOR_VERSION, build_report

    memory = MemoryRows()
    with translation.override(language):
        document = build_report(
            scope, period, strategy(), today=datetime.date(2025, 4, 1), sink=memory.write
        )
    snapshot = ReportSnapshot.objects.create(
        scope=scope.kind,
        municipality=scope.municipality,
        region=scope.region,
        strategy=strategy(),
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        language=language,
        version=version,
        status=ReportSnapshot.Status.DONE,
        progress=100,
        requested_by=requested_by,
        schedule_name="" if requested_by else "Test schedule",
        dispatched_at=timezone.now(),
        started_at=timezone.now(),
        finished_at=timezone.now(),
        data_cutoff=timezone.now(),
        generator_version=GENERATOR_VERSION,
        data=document.to_json(),
    )
    for key, rows in memory.tables.items():
        ReportRow.objects.bulk_create(
            ReportRow(snapshot=snapshot, table=key, ordinal=n, cells=row)
            for n, row in enumerate(rows, start=1)
        )
    snapshot.checksum = checksum(document, memory.read)
    snapshot.save(update_fields=["checksum"])
    for fmt, content in STAND_IN_FILES.items():
        report_file = ReportFile(
            snapshot=snapshot,
            format=fmt,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        report_file.file.save(f"{snapshot.pk}-v{version}.{fmt}", ContentFile(content), save=False)
        report_file.save()
    return snapshot


# Not real renderings: the pages and permissions only pass them on.
STAND_IN_FILES = {
    ReportFile.Format.PDF: b"%PDF-1.7 stand-in for tests",
    ReportFile.Format.XLSX: b"PK stand-in xlsx for tests",
    ReportFile.Format.CSV: b"PK stand-in zip for tests",
}


def municipality(number: str = "1804") -> Municipality:
    return Municipality.objects.get(number=number)


def data_of(snapshot: ReportSnapshot) -> dict[str, Any]:
    """A done snapshot's stored document."""
    assert snapshot.data is not None, f"snapshot {snapshot.pk} has no data ({snapshot.status})"
    return dict(snapshot.data)


def municipal_scope(number: str = "1804") -> ReportScope:
    return ReportScope.for_municipality(Municipality.objects.get(number=number))


def wait_for(
    check: Callable[[], bool], *, timeout: float = 60, every: float = 0.2, what: str = ""
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    pytest.fail(f"Gave up waiting {timeout:.0f} s for {what or check}")


def snapshot_state(pk: int) -> ReportSnapshot:
    return ReportSnapshot.objects.get(pk=pk)


# Workers of our own ---------------------------------------------------------------------------


@dataclass
class ReportWorker:
    """A `celery worker` process in a process group of its own, on a queue of its own."""

    queue: str
    nodename: str
    log: Path
    env: dict[str, str]
    pool: str = "solo"
    app: str = "housingapp"  # the `-A` module; tests.reports.paused_worker pauses
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> ReportWorker:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                worker_command(self.queue, self.nodename, self.pool, self.app),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to kill it whole
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"The worker exited with {self.process.returncode}:\n{self.tail()}")
            if app.control.ping(destination=[self.nodename], timeout=1.0):
                return self
        pytest.fail(f"The worker did not answer a ping within 60 s:\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL to the whole process group: no clean-up, no acknowledgement."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def report_worker(tmp: Path, *, pause_after_figures: int = 0, **extra_env: str) -> ReportWorker:
    """A worker (not yet started) for the test database, with the test's MEDIA_ROOT. With
    `pause_after_figures`, it pauses that many seconds after each report's figures step
    (tests/reports/paused_worker.py)."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.fail("CELERY_BROKER_URL is not set: these tests need Redis (make test starts one).")
    suffix = uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "housingapp.settings",
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": broker,
        "DEBUG": "false",
        "SECRET_KEY": "report-worker-test-key-only-for-this-test-0123456789abcdefghijkl",
        "ALLOWED_HOSTS": "localhost",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra_env,
    }
    env.pop("CELERY_RESULT_BACKEND", None)
    worker = ReportWorker(
        queue=f"reports-{suffix}",
        nodename=f"reports-{suffix}@localhost",
        log=tmp / f"worker-{suffix}.log",
        env=env,
    )
    if pause_after_figures:
        worker.app = PAUSED_APP
        worker.env[PAUSE_VARIABLE] = str(pause_after_figures)
    return worker
