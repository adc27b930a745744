"""Asking for a report and making it, in-process (Celery's eager mode): the same request gives
the same snapshot, a new version leaves the old one as it was, the checksum reproduces, a
failure is recorded and can be asked again, and making is idempotent and guarded by its lock.

`generate` runs its own transactions (a REPEATABLE READ one among them), so these tests commit
their data: they use `reference_data`, a transactional fixture.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connections
from django.urls import reverse

from participation.accounts.models import RoleAssignment
from participation.reports.document import ReportDocument, checksum
from participation.reports.models import ReportFile, ReportRow, ReportSnapshot
from participation.reports.services.dispatch import dispatch_waiting
from participation.reports.services.generation import generate
from participation.reports.services.locks import LOCK_NAMESPACE
from participation.reports.services.mail import notify_requester
from participation.reports.services.requesting import request_report
from participation.reports.services.rows import rows_of

from .generation_support import (
    Q1_2025,
    add_records,
    data_of,
    municipal_scope,
    municipality,
    strategy,
)

Status = ReportSnapshot.Status


@pytest.fixture
def requester(reference_data) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(
        "bodo-leader", email="leder@bodo.example", password="pw-for-tests-only"
    )
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=municipal_scope().municipality
    )
    return user


def ask(user: User | None, *, new_version: bool = False, language: str = "nb") -> ReportSnapshot:
    return request_report(
        actor=user,
        scope=municipal_scope(),
        period=Q1_2025,
        strategy=strategy(),
        language=language,
        new_version=new_version,
    )


def file_bytes(snapshot: ReportSnapshot) -> dict[str, bytes]:
    return {f.format: f.file.open("rb").read() for f in snapshot.files.all()}


def test_asking_twice_gives_the_same_snapshot(requester: User) -> None:
    # given
    add_records(municipality())
    # when
    first = ask(requester)
    second = ask(requester)
    # then: one snapshot, made once, with its three files
    assert first.pk == second.pk
    assert ReportSnapshot.objects.count() == 1
    snapshot = ReportSnapshot.objects.get()
    assert snapshot.status == Status.DONE
    assert snapshot.version == 1
    assert snapshot.attempts == 1
    assert snapshot.progress == 100
    assert snapshot.data_cutoff is not None
    assert snapshot.finished_at is not None
    assert snapshot.generator_version
    assert snapshot.parameters["municipality"] == "1804"
    assert sorted(snapshot.files.values_list("format", flat=True)) == ["csv", "pdf", "xlsx"]
    for report_file in snapshot.files.all():
        content = report_file.file.open("rb").read()
        assert report_file.size == len(content)
        assert report_file.sha256 == hashlib.sha256(content).hexdigest()
    assert file_bytes(snapshot)["pdf"].startswith(b"%PDF")
    assert data_of(snapshot)["meta"]["generated_by"] == "bodo-leader"
    assert data_of(snapshot)["meta"]["version"] == 1


def test_a_new_version_leaves_the_old_one_downloadable_unchanged(requester: User, client) -> None:  # type: ignore[no-untyped-def]
    # given a done report, and then more data
    bodo = municipality()
    add_records(bodo)
    old = ask(requester)
    old_files = file_bytes(old)
    old_hashes = dict(old.files.values_list("format", "sha256"))
    old.refresh_from_db()
    old_data, old_checksum = data_of(old), old.checksum
    add_records(bodo, name="Foyer Bodø", events=3)
    # when
    new = ask(requester, new_version=True)
    # then: version 2 with other figures; version 1 exactly as it was
    new.refresh_from_db()
    assert (new.version, new.status) == (2, Status.DONE)
    assert new.checksum != old_checksum
    old.refresh_from_db()
    assert old.status == Status.DONE
    assert data_of(old) == old_data
    assert old.checksum == old_checksum
    assert file_bytes(old) == old_files
    assert dict(old.files.values_list("format", "sha256")) == old_hashes
    client.force_login(requester)
    download = client.get(reverse("participation:report-download-pdf", args=[old.pk]))
    assert b"".join(download.streaming_content) == old_files["pdf"]
    # and asking without a new version gives the latest
    assert ask(requester).pk == new.pk


def test_the_checksum_reproduces_from_the_stored_data_and_rows(requester: User) -> None:
    # given
    add_records(municipality())
    snapshot = ask(requester)
    snapshot.refresh_from_db()
    # when
    document = ReportDocument.from_json(data_of(snapshot))
    recomputed = checksum(document, rows_of(snapshot))
    # then
    assert recomputed == snapshot.checksum
    stored = [t for t in document.tables() if t.stored]
    assert stored, "the report has stored tables"
    for table in stored:
        rows = list(rows_of(snapshot)(table.key))
        assert len(rows) == table.row_count


def test_a_failure_is_recorded_shown_and_can_be_asked_again(
    requester: User, settings, tmp_path: Path, client
) -> None:  # type: ignore[no-untyped-def]
    # given storage that cannot be written (its folder is a file), so saving the files fails
    add_records(municipality())
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    good_root = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = blocked
    # when
    snapshot = ask(requester)
    # then: failed, with a message that names no data, nothing stored, the requester told once
    snapshot.refresh_from_db()
    assert snapshot.status == Status.FAILED
    assert "could not be made" in snapshot.error or "kunne ikke" in snapshot.error
    assert not ReportRow.objects.filter(snapshot=snapshot).exists()
    assert not ReportFile.objects.filter(snapshot=snapshot).exists()
    assert len(mail.outbox) == 1
    assert snapshot.notified_at is not None
    # and the page shows the error and a button to try again
    client.force_login(requester)
    page = client.get(snapshot.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert snapshot.error in html
    assert reverse("participation:report-again", args=[snapshot.pk]) in html
    # when the storage works again and the user tries again
    settings.MEDIA_ROOT = good_root
    response = client.post(reverse("participation:report-again", args=[snapshot.pk]))
    # then the same row is made, as version 1
    assert response.status_code == 302
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.version, snapshot.error) == (Status.DONE, 1, "")
    assert ReportSnapshot.objects.count() == 1
    assert snapshot.files.count() == 3
    assert len(mail.outbox) == 2


def test_making_again_changes_nothing(requester: User) -> None:
    # given a done report
    add_records(municipality())
    snapshot = ask(requester)
    rows = ReportRow.objects.filter(snapshot=snapshot).count()
    files = list(ReportFile.objects.filter(snapshot=snapshot).values_list("pk", "sha256"))
    # when a duplicate message arrives
    outcome = generate(snapshot.pk)
    # then
    assert outcome == "already done"
    assert ReportRow.objects.filter(snapshot=snapshot).count() == rows
    assert list(ReportFile.objects.filter(snapshot=snapshot).values_list("pk", "sha256")) == files
    snapshot.refresh_from_db()
    assert snapshot.attempts == 1
    assert len(mail.outbox) == 1


def test_a_worker_holding_the_lock_keeps_others_off(requester: User) -> None:
    # given a queued snapshot (asked for by nobody, so not yet sent) whose lock another
    # session holds, as a live worker would
    snapshot = ReportSnapshot.objects.create(
        scope=ReportSnapshot.Scope.MUNICIPALITY,
        municipality=municipality(),
        strategy=strategy(),
        period_kind=Q1_2025.kind,
        period_start=Q1_2025.start,
        period_end=Q1_2025.end,
        dispatched_at=datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC),
    )
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, snapshot.pk])
        # when
        outcome = generate(snapshot.pk)
        sent_again = dispatch_waiting(now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
        # then: nothing happened, and the beat left it alone too
        assert outcome == "busy"
        assert sent_again == 0
        snapshot.refresh_from_db()
        assert (snapshot.status, snapshot.attempts) == (Status.QUEUED, 0)
        # when that session lets go (unlocking: a closed session's lock goes a moment later)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, snapshot.pk])
    finally:
        other.close()
    # then the beat sends it again (here: makes it, eagerly)
    assert dispatch_waiting(now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)) == 1
    snapshot.refresh_from_db()
    assert snapshot.status == Status.DONE


def test_the_requester_is_told_once_in_the_report_language(requester: User, settings) -> None:  # type: ignore[no-untyped-def]
    # given
    settings.SITE_URL = "https://bolig.example.no"
    add_records(municipality())
    # when
    snapshot = ask(requester, language="en")
    again = notify_requester(snapshot.pk)
    # then
    assert again is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["leder@bodo.example"]
    assert message.subject.startswith("Your report is ready")
    assert f"https://bolig.example.no/rapporter/{snapshot.pk}/" in message.body
    # and the same report in Norwegian is another report, with its own e-mail
    nb = ask(requester, language="nb")
    assert nb.pk != snapshot.pk
    assert len(mail.outbox) == 2
    assert f"/rapporter/{nb.pk}/" in mail.outbox[1].body
