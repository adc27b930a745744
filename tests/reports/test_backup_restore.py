"""Backups that restore (README, "Backups"; participation/reports/services/backup.py).

Reports are made, `manage.py backup` writes the database and the media folder with a manifest,
and `manage.py restore` puts them into a new, empty database and an empty folder, in a process
of its own with the production settings. Then every report file the restored database names
matches its checksum, every download works there, and the audit chain still verifies.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, connections

from participation.accounts.models import RoleAssignment
from participation.reports.models import ReportFile, ReportSnapshot
from participation.reports.services.requesting import request_report

from .generation_support import Q1_2025, add_records, municipal_scope, municipality, strategy

ROOT = Path(__file__).resolve().parent.parent.parent

# In the restored installation: an admin downloads every report file; each must be the bytes
# the restored database's checksum names.
DOWNLOAD_EVERY_FILE = """
import hashlib
from django.test import Client
from django.urls import reverse
from participation.accounts.models import RoleAssignment
from participation.accounts.services.users import create_user, grant_role
from participation.reports.models import ReportFile
from tests.conftest import log_in

admin = create_user(actor=None, username="restore-check", email="r@example.org")
grant_role(admin, actor=None, role=RoleAssignment.Role.ADMIN)
client = Client()
log_in(client, admin)
for report_file in ReportFile.objects.order_by("pk"):
    url = reverse(f"participation:report-download-{report_file.format}", args=[report_file.snapshot_id])
    response = client.get(url, secure=True)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    same = hashlib.sha256(body).hexdigest() == report_file.sha256
    print("download", report_file.snapshot_id, report_file.format, response.status_code, same)
"""


@pytest.fixture
def restore_target(tmp_path: Path) -> Iterator[tuple[dict[str, str], str]]:
    """A new, empty database beside the test database, and the environment of a process of the
    production settings that uses it and an empty media folder."""
    params = connection.settings_dict
    # The owner makes the database and restores into it (the tests' default connection is the
    # application's role, which may not create databases or tables).
    owner = connections["owner"].settings_dict
    server = {
        "host": params["HOST"] or "127.0.0.1",
        "port": str(params["PORT"] or 5432),
        "user": owner["USER"],
        "password": owner["PASSWORD"] or "",
    }
    name = f"{params['NAME']}_restore"
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(server["user"] or "", safe="")
    if server["password"]:
        credentials += ":" + quote(server["password"], safe="")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "MEDIA_ROOT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="housingapp.settings",
        DEBUG="false",
        SECRET_KEY="restore-test-secret-key-not-used-anywhere-else-" + "x7Kq2" * 4,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"postgres://{credentials}@{server['host']}:{server['port']}/{name}",
        MEDIA_ROOT=str(tmp_path / "restored-media"),
    )
    try:
        yield env, name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_backup_restores_into_an_empty_database_and_folder_with_every_report_readable(
    reference_data,
    tmp_path: Path,
    restore_target: tuple[dict[str, str], str],
) -> None:  # type: ignore[no-untyped-def]
    # given two reports made (in-process, as the embedded default makes them)
    add_records(municipality())
    requester = User.objects.create_user("backup-requester", email="b@example.org")
    RoleAssignment.objects.create(
        user=requester, role=RoleAssignment.Role.MUNICIPAL, municipality=municipality()
    )
    for language in ("nb", "en"):
        request_report(
            actor=requester,
            scope=municipal_scope(),
            period=Q1_2025,
            strategy=strategy(),
            language=language,
        )
    assert ReportSnapshot.objects.filter(status=ReportSnapshot.Status.DONE).count() == 2
    recorded = {(f.snapshot_id, f.format): f.sha256 for f in ReportFile.objects.all()}
    assert len(recorded) == 6

    # when they are backed up
    backup = tmp_path / "backup"
    call_command("backup", str(backup), verbosity=0)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["report_files"] == 6
    # and restored into a new, empty database and an empty folder
    env, database = restore_target
    restored = _manage("restore", str(backup), env=env)

    # then the restore says every report file matches its checksum
    assert restored.returncode == 0, restored.stderr
    assert "all 6 report files match their checksums" in restored.stdout
    # and, read independently: the restored rows name the same checksums, and the files match
    media = Path(env["MEDIA_ROOT"])
    params, owner = connection.settings_dict, connections["owner"].settings_dict
    with (
        psycopg2.connect(
            dbname=database,
            host=params["HOST"] or "127.0.0.1",
            port=params["PORT"] or 5432,
            user=owner["USER"],
            password=owner["PASSWORD"] or "",
        ) as other,
        other.cursor() as cursor,
    ):
        cursor.execute("SELECT snapshot_id, format, file, sha256 FROM reports_reportfile")
        rows = cursor.fetchall()
    other.close()
    assert {(snapshot, fmt): sha for snapshot, fmt, _, sha in rows} == recorded
    for _, _, name, sha in rows:
        assert hashlib.sha256((media / name).read_bytes()).hexdigest() == sha
    # and every download works in the restored installation
    downloads = _manage("shell", "--command", DOWNLOAD_EVERY_FILE, env=env)
    assert downloads.returncode == 0, downloads.stderr
    answers = [
        line.split() for line in downloads.stdout.splitlines() if line.startswith("download")
    ]
    assert len(answers) == 6
    assert all(answer[3:] == ["200", "True"] for answer in answers), answers
    # and the audit chain came across whole
    verified = _manage("verify_audit", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # when restoring again over the restored database
    again = _manage("restore", str(backup), env=env)
    # then it is refused: a restore never mixes into existing data
    assert again.returncode != 0
    assert "restore into a new, empty database" in again.stderr


def test_a_backup_whose_files_changed_is_refused(
    reference_data, tmp_path: Path, restore_target: tuple[dict[str, str], str]
) -> None:  # type: ignore[no-untyped-def]
    # given a backup whose media archive was damaged afterwards
    backup = tmp_path / "backup"
    call_command("backup", str(backup), verbosity=0)
    with (backup / "media.tar").open("ab") as archive:
        archive.write(b"damage")
    env, _ = restore_target
    # when it is restored
    restored = _manage("restore", str(backup), env=env)
    # then nothing is restored, and the operator is told why
    assert restored.returncode != 0
    assert "does not match its checksum in the manifest" in restored.stderr


def test_check_report_files_names_a_missing_file(reference_data) -> None:  # type: ignore[no-untyped-def]
    # given a report whose PDF was lost from the media folder
    add_records(municipality())
    snapshot = request_report(
        actor=None, scope=municipal_scope(), period=Q1_2025, strategy=strategy(), language="nb"
    )
    pdf = ReportFile.objects.get(snapshot=snapshot, format="pdf")
    pdf.file.storage.delete(pdf.file.name or "")
    # when / then
    with pytest.raises(CommandError, match="1 of 3 report files are missing or differ"):
        call_command("check_report_files", verbosity=0)
