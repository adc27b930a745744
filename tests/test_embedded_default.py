"""`make run`'s embedded default (SQLite, a background worker on the file-system broker): the
pages open and reports are made.

The rest of the suite runs on PostgreSQL; this module starts the product the way `make run` does
(migrate, then the demo data, on a throwaway SQLite file, in processes of their own) and then
opens each role's main pages, asks for a report through the form while the background worker
runs as scripts/run.sh starts it (`python -m housingapp.background`: a Celery worker with its
beat on `filesystem://`), and, with no broker at all, through the service in-process; and that
beat tells a dead worker's report from a live one by the reports' file locks. It also
runs the whole permission matrix of tests/access (every route × every role × an object in and
out of scope, with the same expected outcomes) against SQLite, so no page answers 500 there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ASK_FOR_A_REPORT = """
from django.contrib.auth.models import User
from participation.places.models import Municipality, Strategy
from participation.reports.params import Period, ReportScope
from participation.reports.services.requesting import request_report
import datetime

snapshot = request_report(
    actor=User.objects.get(username="bodo"),
    scope=ReportScope.for_municipality(Municipality.objects.get(number="1804")),
    period=Period.containing("year", datetime.date(2024, 6, 1)),
    strategy=Strategy.objects.get(name__startswith="Alle trenger"),
    language="nb",
)
snapshot.refresh_from_db()
print("status", snapshot.status, "files", *sorted(f.format for f in snapshot.files.all()))
print("title", snapshot.data["meta"]["title"])
"""


def _manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A SQLite database made as `make run` makes it (migrate, then the demo data), and the
    environment of the embedded default: no database URL but a file, no broker, DEBUG on."""
    folder = tmp_path_factory.mktemp("embedded")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="housingapp.settings",
        DEBUG="true",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    _manage("migrate", "--verbosity=0", env=env)
    _manage("load_demo", "--verbosity=0", env=env)
    return folder, env


OPEN_THE_PAGES = """
from django.contrib.auth.models import User
from django.test import Client

pages = ["/", "/kommuner/1804/", "/tiltak/", "/innspill/", "/rapporter/", "/radgiver/moter/"]
adviser_pages = ["/radgiver/", "/radgiver/verdier/", "/radgiver/region/nord/"]
client = Client(raise_request_exception=False)
for username, urls in [
    ("bodo", pages),
    ("leser", pages),
    ("radgiver", pages + adviser_pages),
]:
    client.force_login(User.objects.get(username=username))
    for url in urls:
        response = client.get(url)
        print("page", username, url, response.status_code)
    client.logout()
"""


def test_every_role_opens_its_main_pages_on_sqlite(
    embedded: tuple[Path, dict[str, str]],
) -> None:
    # given the embedded default with the demo data
    _folder, env = embedded
    # when the demo users open their main pages
    output = _manage("shell", "--command", OPEN_THE_PAGES, env=env)
    # then every page answers (a PostgreSQL-only query would fail here with a 500)
    answers = [line.split() for line in output.splitlines() if line.startswith("page ")]
    assert len(answers) == 6 + 6 + 9
    assert [a for a in answers if a[3] != "200"] == []


def test_a_report_is_made_in_process_on_sqlite(embedded: tuple[Path, dict[str, str]]) -> None:
    # given the embedded default with the demo data, and no broker at all (a script, a shell)
    tmp_path, env = embedded
    # when
    output = _manage("shell", "--command", ASK_FOR_A_REPORT, env=env)
    # then
    assert "status done files csv pdf xlsx" in output
    assert "Bodø" in output
    assert len(list((tmp_path / "media" / "reports").glob("*/*"))) == 3


# The form's request, as a browser sends it, then what the user sees: the answer's time, the
# report page right after (the report not yet made), the progress the page polls, and the
# download once it says done.
ASK_THROUGH_THE_FORM = """
import json, re, time
from django.contrib.auth.models import User
from django.test import Client
from participation.places.models import Strategy
from participation.reports.models import ReportSnapshot

client = Client()
client.force_login(User.objects.get(username="bodo"))
strategy = Strategy.objects.get(name__startswith="Alle trenger")
assert client.get("/rapporter/ny/").status_code == 200  # the form, as the user opens it first
started = time.monotonic()
response = client.post("/rapporter/ny/", {
    "scope": "municipality", "municipality": "1804", "strategy": strategy.pk,
    "period_kind": "year", "year": "2023", "number": "", "language": "nb",
})
print("answered", response.status_code, round(time.monotonic() - started, 2))
report = response["Location"]
snapshot = ReportSnapshot.objects.get(pk=report.strip("/").rpartition("/")[2])
print("when-answered", snapshot.status)
page = client.get(report)
print("page", page.status_code, int("data-report-progress-url" in page.text))
first = client.get(report + "framdrift/").json()
print("first", first["status"], first["finished"])
seen = {first["status"]}
deadline = time.monotonic() + 240
while not first["finished"] and time.monotonic() < deadline:
    time.sleep(0.5)
    first = client.get(report + "framdrift/").json()
    seen.add(first["status"])
print("last", first["status"], first["finished"], first["progress"])
print("seen", *sorted(seen))
page = client.get(report)
print("ready", int("/last-ned/pdf/" in page.text), int("data-report-progress-url" in page.text))
pdf = client.get(report + "last-ned/pdf/")
print("pdf", pdf.status_code, pdf["Content-Type"], b"".join(pdf.streaming_content)[:4])
snapshot.refresh_from_db()
print("making", round((snapshot.finished_at - snapshot.started_at).total_seconds(), 2))
"""


@pytest.fixture(scope="module")
def background_worker(
    embedded: tuple[Path, dict[str, str]],
) -> Iterator[tuple[subprocess.Popen[bytes], dict[str, str]]]:
    """The background worker as scripts/run.sh starts it, on a broker folder of its own; the
    environment `make run` gives the web process. Stopped as make run stops it on Ctrl-C."""
    folder, env = embedded
    env = {
        **env,
        "CELERY_BROKER_URL": "filesystem://localhost/",
        "CELERY_FILESYSTEM_FOLDER": str(folder / "celery"),
    }
    log = (folder / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "housingapp.background"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield worker, env
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        log.close()


def test_a_report_asked_for_in_the_browser_is_made_by_the_background_worker(
    background_worker: tuple[subprocess.Popen[bytes], dict[str, str]],
    embedded: tuple[Path, dict[str, str]],
) -> None:
    # given make run's web process and background worker (its Celery worker and beat)
    worker, env = background_worker
    folder, _env = embedded
    # when bodo asks for a report through the form and follows its page
    output = _manage("shell", "--command", ASK_THROUGH_THE_FORM, env=env)
    lines = {line.split()[0]: line.split()[1:] for line in output.splitlines() if line.strip()}
    # then the form answers at once, before the report is made (the worker takes 9-30 s; the
    # bound allows for a loaded machine), the report queued or being made when it answers
    status, seconds = lines["answered"]
    assert status == "302"
    assert float(seconds) < 15, output
    assert lines["when-answered"][0] in {"queued", "running"}, output
    # and the page it leads to follows the work, which is queued or being made
    assert lines["page"] == ["200", "1"]
    assert lines["first"][0] in {"queued", "running"}, output
    assert lines["first"][1] == "False", output
    # then polling shows it made, by the worker, and the page offers the files
    assert lines["last"][:2] == ["done", "True"], output
    assert lines["ready"] == ["1", "0"]
    assert lines["pdf"][:2] == ["200", "application/pdf"]
    assert "%PDF" in lines["pdf"][2]
    assert worker.poll() is None, (folder / "worker.log").read_text()[-3000:]
    assert "database is locked" not in (folder / "worker.log").read_text()


def test_the_background_worker_stops_cleanly(
    background_worker: tuple[subprocess.Popen[bytes], dict[str, str]],
    embedded: tuple[Path, dict[str, str]],
) -> None:
    # given the running background worker
    worker, _env = background_worker
    folder, _ = embedded
    assert worker.poll() is None
    # when make run stops it (on Ctrl-C its trap sends SIGTERM: a warm shutdown)
    worker.send_signal(signal.SIGTERM)
    # then it stops by itself, without an error, and leaves no pid file behind
    log = folder / "worker.log"
    assert worker.wait(timeout=60) == 0, log.read_text()[-3000:]
    assert "Warm shutdown" in log.read_text()
    assert "Traceback" not in log.read_text()
    assert not (folder / "celery" / "worker.pid").exists()


# Two reports "being made" since ten minutes ago: one by a live worker (another process holds
# its lock), one whose worker is gone. Beat's dispatch_waiting asks locked_snapshot_ids.
FIND_THE_ORPHANS = """
import datetime, os, subprocess, sys
from django.utils import timezone
from participation.places.models import Municipality, Strategy
from participation.reports.models import ReportSnapshot
from participation.reports.services.dispatch import requeue_orphans
from participation.reports.services.locks import locked_snapshot_ids

def running(year):
    return ReportSnapshot.objects.create(
        scope="municipality", municipality=Municipality.objects.get(number="1804"),
        strategy=Strategy.objects.get(name__startswith="Alle trenger"), period_kind="year",
        period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31),
        language="nb", version=1, status="running", progress=40,
        started_at=timezone.now() - datetime.timedelta(minutes=10),
    )

live, dead = running(2019), running(2020)
hold = "import time, sys; from django.db import connection; " + (
    "from participation.reports.services.locks import try_lock; "
    f"print(try_lock(connection, {live.pk}), flush=True); time.sleep(300)"
)
worker = subprocess.Popen(
    [sys.executable, "manage.py", "shell", "--command", hold], stdout=subprocess.PIPE, text=True
)
answer = next(line.strip() for line in worker.stdout if line.strip() in ("True", "False"))
assert answer == "True"
print("locked", sorted(locked_snapshot_ids() & {live.pk, dead.pk}) == [live.pk])
requeue_orphans(now=timezone.now(), locked=locked_snapshot_ids())
live.refresh_from_db(); dead.refresh_from_db()
print("while-alive", live.status, dead.status)
worker.kill(); worker.wait()
requeue_orphans(now=timezone.now(), locked=locked_snapshot_ids())
live.refresh_from_db()
print("after-death", live.status)
"""


def test_a_dead_workers_report_is_told_from_a_live_ones_on_sqlite(
    embedded: tuple[Path, dict[str, str]],
) -> None:
    # given two reports being made for ten minutes, one by a live worker holding its file lock
    _folder, env = embedded
    # when beat's dispatch-waiting-reports looks for orphans, then again once that worker died
    output = _manage("shell", "--command", FIND_THE_ORPHANS, env=env)
    lines = {line.split()[0]: line.split()[1:] for line in output.splitlines() if line.strip()}
    # then only the unlocked one is put back in the queue, and the other once its worker is gone
    assert lines["locked"] == ["True"], output
    assert lines["while-alive"] == ["running", "queued"], output
    assert lines["after-death"] == ["queued"], output


@pytest.fixture(scope="module")
def reference_only(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A SQLite database with the reference data only, as the PostgreSQL matrix starts from."""
    folder = tmp_path_factory.mktemp("embedded-matrix")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="housingapp.settings",
        DEBUG="true",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    _manage("migrate", "--verbosity=0", env=env)
    _manage("load_reference_data", "--verbosity=0", env=env)
    return env


# The matrix of tests/access/test_matrix.py, case by case, each in a transaction rolled back after
# it, in one process on the SQLite file; the scene is built as there (tests/access/scene.py), and
# each role logged in once, as there.
WALK_THE_MATRIX = """
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access.scene import build_scene, row_fields, table_counts
from tests.access.test_matrix import (
    CASES, PATTERNS_BY_NAME, SUCCESS, assert_outcome, expected_outcome, fill, url_kwargs,
)
from tests.conftest import log_in

failures = []
ran = 0
with transaction.atomic():
    scene = build_scene()
    # Each role logs in once (as tests/access's `scene_sessions`); each case uses that session
    # in its own transaction, rolled back after it.
    sessions = {}
    for name, user in scene.users.items():
        login = Client()
        log_in(login, user)
        sessions[name] = login.cookies[settings.SESSION_COOKIE_NAME].value
    for route, role, side in CASES:
        target = scene.target(side, route.target) if side and route.target else None
        pattern = PATTERNS_BY_NAME[route.name]
        url = reverse(route.name, kwargs=url_kwargs(pattern, target, scene) if target else None)
        expected = expected_outcome(route, role, side)
        with transaction.atomic():
            client = Client(raise_request_exception=False)
            if role != "anonymous":
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
            before = (table_counts(), row_fields(target)) if route.method == "POST" else None
            send = client.post if route.method == "POST" else client.get
            response = send(url, fill(route.data, scene))
            ran += 1
            try:
                assert_outcome(response, expected, route.public)
                if before is not None and expected != SUCCESS:
                    after = (table_counts(), row_fields(target))
                    assert after == before, "a refused POST changed data"
            except AssertionError as error:
                failures.append(f"{route.method} {url} as {role}: {error}")
            transaction.set_rollback(True)
    transaction.set_rollback(True)
print("cases", ran, len(CASES))
for failure in failures:
    print("FAILED", failure)
"""


def test_every_route_answers_every_role_on_sqlite_as_on_postgresql(
    reference_only: dict[str, str],
) -> None:
    # given the embedded default's database and the permission matrix's scene in it
    # when every route is asked as every role, for an object in and out of scope
    output = _manage("shell", "--command", WALK_THE_MATRIX, env=reference_only)
    # then each answers as the matrix expects on PostgreSQL: no 500, no other outcome
    failures = [line for line in output.splitlines() if line.startswith("FAILED")]
    assert failures == []
    (counts,) = [line.split() for line in output.splitlines() if line.startswith("cases ")]
    assert counts[1] == counts[2]
    assert int(counts[1]) >= 400
