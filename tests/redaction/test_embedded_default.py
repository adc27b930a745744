"""The redaction works on `make run`'s embedded default (SQLite) too: there the audit tables'
UPDATE triggers are lifted for each redacting statement and put back, inside its transaction.

Like tests/reports/test_embedded_default.py, this starts the product in a process of its own on a
throwaway SQLite file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

REDACT = """
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.db import connection, transaction
from participation.accounts.services.audit import record_security_event
from participation.redaction.services import Kind, Needle, redact, search

FNR = "15078512323"
admin = User.objects.create_user("admin-sqlite")
record_security_event("login_failed", username=FNR)
User.objects.create_user("kari", last_name=FNR)  # its audit entry has the number
needle = Needle(Kind.TEXT, FNR)
findings = search(needle)
print("found", findings.count, *sorted({p.target.table for p in findings.places}))
outcome = redact(needle, reason="Sak 1", actor=admin, fingerprint=findings.fingerprint)
print("removed", outcome.places)
print("left", search(needle).count)
try:
    with transaction.atomic():
        LogEntry.objects.update(object_repr="rewritten")
    print("update allowed")
except Exception as error:
    print("update refused:", error)
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name IN ('auditlog_logentry', 'accounts_securityevent')"
    )
    print("triggers", cursor.fetchone()[0])
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


def test_the_redaction_works_on_sqlite(tmp_path: Path) -> None:
    # given the embedded default
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
    )
    _manage("migrate", "--verbosity=0", env=env)
    # when
    output = _manage("shell", "--command", REDACT, env=env)
    # then the failed login's username and the user's audit entry held it, and now do not
    assert "found 2 accounts_securityevent auditlog_logentry" in output
    assert "removed 2" in output
    assert "left 0" in output
    # and the triggers are back: an ordinary update is refused
    assert "update refused: audit rows are append-only" in output
    assert "triggers 4" in output
