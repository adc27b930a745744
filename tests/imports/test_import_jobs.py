"""The import's own page, after the confirm: its states (waiting, checking rows, saving, done,
failed) as the page and its progress JSON show them, with and without JavaScript; who may see
it (its starter alone: 404 for everyone else); what is kept of the file (the rows, for the task
alone, and only until it ends); and the audit trail of an import.

The task runs in-process here (the test settings' eager tasks); tests/imports/test_import_worker.py
runs it on a real Celery worker.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import reverse

from participation.involvement.models import EventImport, InvolvementEvent
from tests.conftest import log_in

from .conftest import HEADER, csv_upload, row

Status = EventImport.Status


def _check(client, initiative, upload):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("participation:event-import", args=[initiative.pk]), {"file": upload}
    )


def _confirm(client, initiative, checked, *, run: bool = True):  # type: ignore[no-untyped-def]
    """Press "Import the events". With `run`, the task the confirm sends on commit runs (here,
    in-process); without, the import stays waiting, as when no worker has taken it yet."""
    digest = checked.context["commit_form"].initial["digest"]
    url = reverse("participation:event-import-commit", args=[initiative.pk])
    with TestCase.captureOnCommitCallbacks(execute=run):
        return client.post(url, {"digest": digest})


def _job(initiative, user, *, status=Status.QUEUED, **fields):  # type: ignore[no-untyped-def]
    return EventImport.objects.create(
        initiative=initiative,
        municipality=initiative.municipality,
        created_by=user,
        status=status,
        digest="a" * 64,
        rows_total=fields.pop("rows_total", 200),
        payload=fields.pop("payload", {"header": HEADER, "rows": [row()]}),
        **fields,
    )


def _progress(client, job):  # type: ignore[no-untyped-def]
    response = client.get(reverse("participation:event-import-job-progress", args=[job.pk]))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    return response.json()


# --- the states --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_waiting_import_shows_a_bar_a_live_region_and_a_reload_link(
    client, staff_bodo, bodo_initiative
):
    # given an import confirmed but not yet taken by a worker
    client.force_login(staff_bodo)
    response = _confirm(
        client, bodo_initiative, _check(client, bodo_initiative, csv_upload([row()])), run=False
    )
    job = EventImport.objects.get()
    assert response["Location"] == job.get_absolute_url()
    # when its page is opened
    page = client.get(job.get_absolute_url()).content.decode()
    # then it shows the bar at 0, the state in a polite live region, the polling script (the
    # reports' own) and, for a browser without JavaScript, a link that reloads the page
    assert (
        '<progress class="w-100 report-progress" id="import-progress-bar" max="100" value="0">'
        in page
    )
    assert (
        '<label class="form-label" for="import-progress-bar">How far the import has come</label>'
        in page
    )
    assert (
        'role="status" aria-live="polite" data-report-progress-text>Waiting for its turn.</p>'
        in page
    )
    assert (
        f'data-report-progress-url="{reverse("participation:event-import-job-progress", args=[job.pk])}"'
        in page
    )
    assert "js/report-progress.js" in page
    assert f'<noscript><p><a href="{job.get_absolute_url()}">Reload the page' in page
    assert "events imported" not in page
    assert _progress(client, job) == {
        "status": "queued",
        "status_label": "Waiting",
        "progress": 0,
        "message": "Waiting for its turn.",
        "finished": False,
    }
    # and nothing is saved yet
    assert not InvolvementEvent.objects.exists()


@pytest.mark.django_db
def test_a_running_import_says_how_many_rows_are_checked_then_that_it_saves(
    client, staff_bodo, bodo_initiative
):
    # given an import whose task has checked 50 of its 200 rows
    client.force_login(staff_bodo)
    job = _job(bodo_initiative, staff_bodo, status=Status.RUNNING, rows_done=50)
    # when its page and its progress are read
    page = client.get(job.get_absolute_url()).content.decode()
    # then both say so, the bar a quarter of the checks' 90 %
    assert 'value="23"' in page
    assert "50 of 200 rows checked." in page
    assert _progress(client, job) == {
        "status": "running",
        "status_label": "Being imported",
        "progress": 23,
        "message": "50 of 200 rows checked.",
        "finished": False,
    }
    # and when every row is checked, that the events are being saved
    EventImport.objects.filter(pk=job.pk).update(rows_done=200)
    state = _progress(client, job)
    assert (state["progress"], state["message"]) == (90, "Every row is checked; saving the events.")
    assert (
        "Every row is checked; saving the events."
        in client.get(job.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_a_done_import_says_how_many_events_with_links_and_no_bar(
    client, staff_bodo, bodo_initiative
):
    # given an import of three rows, one of them already there
    client.force_login(staff_bodo)
    _confirm(
        client, bodo_initiative, _check(client, bodo_initiative, csv_upload([row(title="Først")]))
    )
    rows = [row(title="Først"), row(title="Andre"), row(title="Tredje")]
    response = _confirm(client, bodo_initiative, _check(client, bodo_initiative, csv_upload(rows)))
    job = EventImport.objects.get(rows_total=3)
    # when its page is opened
    page = client.get(response["Location"]).content.decode()
    # then it says what was imported and skipped, links back, and has no bar nor script
    assert "2 events imported." in page
    assert "1 row was already imported and was skipped." in page
    assert (
        f'<a class="btn btn-primary" href="{bodo_initiative.get_absolute_url()}">Go to the initiative</a>'
        in page
    )
    import_url = reverse("participation:event-import", args=[bodo_initiative.pk])
    assert f'href="{import_url}">Import another file</a>' in page
    assert "<progress" not in page
    assert "report-progress.js" not in page
    assert _progress(client, job) == {
        "status": "done",
        "status_label": "Done",
        "progress": 100,
        "message": "2 events imported.",
        "finished": True,
    }
    assert InvolvementEvent.objects.count() == 3
    # and a single event is said in the singular
    assert (
        "1 event imported."
        in client.get(EventImport.objects.get(rows_total=1).get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_the_import_page_speaks_bokmal(client, staff_bodo, bodo_initiative, settings):
    # given a done import, and the default language
    settings.LANGUAGE_CODE = "nb"
    client.force_login(staff_bodo)
    job = _job(bodo_initiative, staff_bodo, status=Status.DONE, created_count=2, rows_total=2)
    # when its page is opened in Norwegian
    page = client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    # then it says it in Bokmål
    assert "2 aktiviteter importert." in page
    assert "Gå til tiltaket" in page


# --- failing -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_row_invalid_since_the_preview_fails_the_import_saves_nothing_and_drops_the_rows(
    client, staff_bodo, bodo_initiative, vocab
):
    # given a clean file checked, whose second row's theme is made inactive before the task runs
    client.force_login(staff_bodo)
    rows = [row(title="Først", themes=""), row(title="Andre", themes="test-safety")]
    checked = _check(client, bodo_initiative, csv_upload(rows))
    assert checked.context["check"].is_clean
    vocab["safety"].is_active = False
    vocab["safety"].save()
    # when confirmed and the task runs
    response = _confirm(client, bodo_initiative, checked)
    # then nothing is saved, and the rows the import held are gone
    assert not InvolvementEvent.objects.exists()
    job = EventImport.objects.get()
    assert job.status == Status.FAILED
    assert job.payload is None
    assert job.finished_at is not None
    # and its page says why, row by row, with a way to upload the file again
    page = client.get(response["Location"]).content.decode()
    assert "The import failed. Nothing was saved." in page
    assert (
        "Nothing was imported: since the file was checked, some of its rows have become invalid "
        "(below). Correct them and upload the file again."
    ) in page
    assert "<td>3</td><td><code>themes</code></td><td>Unknown theme “test-safety”." in page
    assert "Upload the file again</a>" in page
    assert "<progress" not in page
    state = _progress(client, job)
    assert (state["status"], state["finished"], state["message"]) == (
        "failed",
        True,
        "The import failed. Nothing was saved.",
    )


@pytest.mark.django_db
def test_an_unexpected_error_fails_the_import_with_nothing_saved(
    client, staff_bodo, bodo_initiative
):
    # given an import whose stored rows cannot be read as rows (a damaged record)
    from participation.involvement.services.import_jobs import run_import

    job = _job(
        bodo_initiative,
        staff_bodo,
        payload={"header": HEADER, "rows": 7},
        rows_total=1,
        language="en",  # the language of the page it was confirmed on
    )
    # when its task runs
    assert run_import(job.pk) == "failed"
    # then nothing is saved, its rows are gone, and the page says the error is logged
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.payload is None
    assert job.error == (
        "The import could not be finished (TypeError). Nothing was saved. The error is logged "
        "for the administrators."
    )
    assert not InvolvementEvent.objects.exists()
    # and a second run of the same task (a duplicate message) does nothing
    assert run_import(job.pk) == "finished already"


@pytest.mark.django_db
def test_a_duplicate_message_after_the_import_is_done_saves_nothing_more(
    client, staff_bodo, bodo_initiative
):
    # given a done import
    from participation.involvement.services.import_jobs import run_import

    client.force_login(staff_bodo)
    _confirm(
        client,
        bodo_initiative,
        _check(client, bodo_initiative, csv_upload([row(), row(title="B")])),
    )
    job = EventImport.objects.get()
    assert job.status == Status.DONE
    # when its task comes again
    assert run_import(job.pk) == "finished already"
    # then the events are there once
    assert InvolvementEvent.objects.count() == 2


# --- who sees it -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_user_who_started_an_import_sees_it(
    client, staff_bodo, user_factory, bodo, admin_user, bodo_initiative, asker_initiative
):
    # given Bodø staff's import, another Bodø staff member, an admin, and an Asker import
    from participation.accounts.models import RoleAssignment

    job = _job(bodo_initiative, staff_bodo)
    colleague = user_factory(username="bodo-kollega")
    RoleAssignment.objects.create(
        user=colleague, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo
    )
    foreign = _job(asker_initiative, colleague)
    pages = [
        reverse("participation:event-import-job", args=[job.pk]),
        reverse("participation:event-import-job-progress", args=[job.pk]),
    ]
    # when anyone but its starter asks for its page or its progress, then 404
    for other in (colleague, admin_user):
        log_in(client, other)
        for url in pages:
            assert client.get(url).status_code == 404, (other, url)
    # and the starter sees theirs, but not an import outside their scope
    client.force_login(staff_bodo)
    assert client.get(pages[0]).status_code == 200
    assert client.get(foreign.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_import_page_and_progress_cost_a_fixed_number_of_queries(
    client, staff_bodo, bodo_initiative, django_assert_max_num_queries
):
    # given a failed import with many row errors, and a running one
    client.force_login(staff_bodo)
    failed = _job(
        bodo_initiative,
        staff_bodo,
        status=Status.FAILED,
        error="Nothing was imported.",
        row_errors=[[n, "method", "Unknown method."] for n in range(2, 52)],
    )
    running = _job(bodo_initiative, staff_bodo, status=Status.RUNNING, rows_done=10)
    # when their pages and progress are read, then the queries are few and fixed: the session,
    # the user, their roles, the import (with its initiative and municipality), and for the
    # page the menu's task count
    for job in (failed, running):
        with django_assert_max_num_queries(5):
            assert client.get(job.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(4):
            _progress(client, job)


# --- what is kept, and the audit trail ----------------------------------------------------------


@pytest.mark.django_db
def test_the_confirm_moves_the_rows_from_the_session_to_the_import_and_a_second_press_follows_it(
    client, staff_bodo, bodo_initiative
):
    # given a checked file
    client.force_login(staff_bodo)
    checked = _check(client, bodo_initiative, csv_upload([row()]))
    session_key = f"event-import-{bodo_initiative.pk}"
    assert session_key in client.session
    # when confirmed (no worker has taken it yet)
    first = _confirm(client, bodo_initiative, checked, run=False)
    # then the rows have left the session for the import, which holds the header and the rows
    # as checked, and nothing else of the file
    assert session_key not in client.session
    job = EventImport.objects.get()
    assert job.payload == {"header": HEADER, "rows": [row()]}
    assert (job.created_by, job.municipality, job.initiative) == (
        staff_bodo,
        bodo_initiative.municipality,
        bodo_initiative,
    )
    assert (job.rows_total, job.language) == (1, "en")
    # and pressing the button again goes to the same import, not to a second one
    second = _confirm(client, bodo_initiative, checked, run=False)
    assert second["Location"] == first["Location"] == job.get_absolute_url()
    assert EventImport.objects.count() == 1


@pytest.mark.django_db
def test_an_import_is_audited_without_its_rows(client, staff_bodo, bodo_initiative):
    # given an import confirmed and done
    client.force_login(staff_bodo)
    _confirm(client, bodo_initiative, _check(client, bodo_initiative, csv_upload([row()])))
    job = EventImport.objects.get()
    # then its audit entries say who started it, where, and how it ended, tagged with its
    # municipality and initiative (so the initiative's history lists them), and never its rows
    entries = list(LogEntry.objects.get_for_object(job).order_by("pk"))
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(e.actor == staff_bodo for e in entries)
    assert all(
        e.additional_data
        == {"municipalities": [bodo_initiative.municipality_id], "initiative": bodo_initiative.pk}
        for e in entries
    )
    created, finished = entries
    assert created.changes["status"] == ["None", "queued"]
    assert created.changes["rows_total"] == ["None", "1"]
    assert finished.changes["status"] == ["running", "done"]
    assert finished.changes["created_count"] == ["0", "1"]
    for entry in entries:
        assert "payload" not in entry.changes
        assert "Dialogkafé" not in str(entry.changes)
    history = client.get(reverse("participation:initiative-history", args=[bodo_initiative.pk]))
    assert "Event import" in history.content.decode()


@pytest.mark.django_db
def test_an_import_that_never_finishes_is_failed_hourly_and_its_rows_deleted(
    staff_bodo, bodo_initiative, settings
):
    # given an import confirmed four hours ago that no worker took, one running for an hour
    # and a half, and one confirmed just now
    import datetime

    from django.utils import timezone

    from participation.involvement.services.import_jobs import run_import
    from participation.involvement.tasks import expire_stale_imports

    now = timezone.now()
    lost = _job(bodo_initiative, staff_bodo, language="en")
    slow = _job(bodo_initiative, staff_bodo, status=Status.RUNNING)
    fresh = _job(bodo_initiative, staff_bodo)
    EventImport.objects.filter(pk=lost.pk).update(created_at=now - datetime.timedelta(hours=4))
    EventImport.objects.filter(pk=slow.pk).update(created_at=now - datetime.timedelta(hours=1.5))
    # when the hourly task runs (as beat schedules it)
    assert (
        settings.CELERY_BEAT_SCHEDULE["expire-stale-imports"]["task"] == expire_stale_imports.name
    )
    assert expire_stale_imports.delay().get() == 1
    # then the lost one is failed, its rows deleted, and the others are left to go on
    lost.refresh_from_db()
    assert (lost.status, lost.payload) == (Status.FAILED, None)
    assert lost.error == (
        "The import did not finish: it was not taken up or its worker stopped. Nothing was "
        "saved. Upload the file again."
    )
    assert EventImport.objects.get(pk=slow.pk).payload is not None
    assert EventImport.objects.get(pk=fresh.pk).status == Status.QUEUED
    # and its message, should it come after all, does nothing
    assert run_import(lost.pk) == "finished already"
    assert not InvolvementEvent.objects.exists()
