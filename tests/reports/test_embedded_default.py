"""`make run`'s embedded default (SQLite, tasks in-process) makes reports too.

The rest of the suite runs on PostgreSQL; this one starts the product the way `make run` does,
in a process of its own on a throwaway SQLite file, and asks for a report through the service.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

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


def test_a_report_is_made_in_process_on_sqlite(tmp_path: Path) -> None:
    # given the embedded default: no database URL but a file, no broker, DEBUG on
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="housingapp.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    _manage("migrate", "--verbosity=0", env=env)
    _manage("load_demo", "--verbosity=0", env=env)
    # when
    output = _manage("shell", "--command", ASK_FOR_A_REPORT, env=env)
    # then
    assert "status done files csv pdf xlsx" in output
    assert "Bodø" in output
    assert len(list((tmp_path / "media" / "reports").glob("*/*"))) == 3
