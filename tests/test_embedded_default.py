"""`make run`'s embedded default (SQLite, tasks in-process): the pages open and reports are made.

The rest of the suite runs on PostgreSQL; this module starts the product the way `make run` does
(migrate, then the demo data, on a throwaway SQLite file, in processes of their own) and then
opens each role's main pages and asks for a report through the service. It also runs the whole
permission matrix of tests/access (every route × every role × an object in and out of scope, with
the same expected outcomes) against SQLite, so no page answers 500 there.
"""

from __future__ import annotations

import os
import subprocess
import sys
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
    # given the embedded default with the demo data
    tmp_path, env = embedded
    # when
    output = _manage("shell", "--command", ASK_FOR_A_REPORT, env=env)
    # then
    assert "status done files csv pdf xlsx" in output
    assert "Bodø" in output
    assert len(list((tmp_path / "media" / "reports").glob("*/*"))) == 3


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
