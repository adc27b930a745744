"""Backup and restore of an installation: the PostgreSQL database and the media folder together.

A backup is a folder with three files:

- `database.dump`: `pg_dump --format=custom` of the database (no owner, no privileges: the
  restoring owner owns everything, and `grant_app_role` gives the application role its rights);
- `media.tar`: MEDIA_ROOT (the reports' files), read after the dump, so every file the dumped
  database names is in it (a report's files are stored before its row commits);
- `manifest.json`: when and from which database it was made, each file's size and SHA-256, and
  how many report files the database named.

Restoring checks the manifest's checksums first, refuses a database that has tables or a media
folder that has files, restores both, and then checks every report file the restored database
names against its recorded SHA-256 (`check_report_files`). README, "Backups".
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from participation.core.services import ServiceError
from participation.reports.models import ReportFile

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar"
FORMAT_VERSION = 1


class BackupError(ServiceError):
    """A backup or restore refused or failed; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgres() -> tuple[list[str], dict[str, str]]:
    """Connection options of pg_dump/pg_restore for the default database, and their
    environment (the password goes in PGPASSWORD, never on a command line)."""
    if connection.vendor != "postgresql":
        raise BackupError(f"Backups need PostgreSQL; this database is {connection.vendor}.")
    params = connection.settings_dict
    options = ["--dbname", params["NAME"]]
    if params.get("HOST"):
        options += ["--host", params["HOST"]]
    if params.get("PORT"):
        options += ["--port", str(params["PORT"])]
    if params.get("USER"):
        options += ["--username", params["USER"]]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return options, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client programs of the "
            "server's major version (Debian: postgresql-client)."
        ) from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _file_entry(path: Path) -> dict[str, Any]:
    return {"file": path.name, "size": path.stat().st_size, "sha256": _sha256(path)}


def make_backup(target: Path) -> dict[str, Any]:
    """Write a backup into `target` (a new or empty folder). Returns the manifest."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give a new folder for each backup.")
    target.mkdir(parents=True, exist_ok=True)
    options, env = _postgres()
    started = timezone.now()
    dump = target / DATABASE_FILE
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump)]
        + options,
        env,
    )
    media_root = Path(settings.MEDIA_ROOT)
    media = target / MEDIA_FILE
    with tarfile.open(media, "w") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
    manifest = {
        "format": FORMAT_VERSION,
        "started_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database_name": connection.settings_dict["NAME"],
        "report_files": ReportFile.objects.count(),
        "database": _file_entry(dump),
        "media": _file_entry(media),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    """The backup's manifest, after checking that both files are the ones it names."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source / MANIFEST} cannot be read: {error}") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for part in ("database", "media"):
        path = source / manifest[part]["file"]
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if _sha256(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path} does not match its checksum in the manifest.")
    return manifest


@dataclass(frozen=True)
class FileProblem:
    snapshot_id: int
    format: str
    name: str
    problem: str  # "missing" or "checksum"


def check_report_files() -> tuple[int, list[FileProblem]]:
    """Every report file the database names, read from storage and hashed: how many were
    checked, and those missing or not matching their recorded SHA-256."""
    problems = []
    checked = 0
    for report_file in ReportFile.objects.order_by("snapshot_id", "format").iterator():
        checked += 1
        name = report_file.file.name or ""
        try:
            with report_file.file.storage.open(name, "rb") as stream:
                digest = hashlib.sha256()
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
        except FileNotFoundError:
            problems.append(
                FileProblem(report_file.snapshot_id, report_file.format, name, "missing")
            )
            continue
        if digest.hexdigest() != report_file.sha256:
            problems.append(
                FileProblem(report_file.snapshot_id, report_file.format, name, "checksum")
            )
    return checked, problems


def restore_backup(source: Path) -> dict[str, Any]:
    """Restore a backup into the (empty) default database and the (empty) MEDIA_ROOT. Returns
    the manifest; the caller checks the files with `check_report_files`."""
    manifest = read_manifest(source)
    options, env = _postgres()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        (tables,) = cursor.fetchone()  # type: ignore[misc]
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} has {tables} tables: restore into "
            "a new, empty database."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT {media_root} is not empty: restore into an empty folder.")
    connection.close()  # pg_restore works on its own connection
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ]
        + options
        + [str(source / manifest["database"]["file"])],
        env,
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / manifest["media"]["file"]) as archive:
        archive.extractall(media_root, filter="data")
    return manifest
