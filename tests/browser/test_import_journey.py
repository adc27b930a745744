"""Importing events in the browser: municipal staff in Bodø upload a spreadsheet of events from
their initiative's page, read the check, confirm, follow the import on its own page while a
real Celery worker commits it, and come back to their initiative with the events on it.

To see the page while the import runs, the test holds the initiative's row lock (as a second
import into the same initiative would) until it has looked; the worker then waits for it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.db import transaction
from playwright.sync_api import FilePayload, Page, expect

from participation.accounts.models import RoleAssignment
from participation.core.connections import side_connection
from participation.involvement.models import EventImport, Initiative, InvolvementEvent
from participation.places.models import Method, Municipality
from tests.reports.generation_support import ReportWorker, report_worker
from tests.test_celery_roundtrip import through_broker  # noqa: F401

from .support import PASSWORD, describe, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]


@pytest.fixture
def worker(django_db_setup, tmp_path: Path) -> Iterator[ReportWorker]:  # type: ignore[no-untyped-def]
    running = report_worker(tmp_path).start()
    yield running
    running.stop()


def spreadsheet(method: Method) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["title", "date", "start_time", "method", "description"])
    writer.writerow(["Beboermøte i blokk A", "03.03.2025", "18:00", method.code, "Om uteområdet."])
    writer.writerow(["Beboermøte i blokk B", "10.03.2025", "18:00", method.code, ""])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def test_staff_import_events_and_follow_the_import_to_the_end(
    page: Page,
    live_server,
    axe: Axe,
    reference_data,
    worker: ReportWorker,
    through_broker,  # noqa: F811
    settings,
) -> None:  # type: ignore[no-untyped-def]
    # given Bodø's initiative, its staff member, and imports going to the real worker
    settings.IMPORT_QUEUE = worker.queue
    bodo = Municipality.objects.get(number="1804")
    initiative = Initiative.objects.create(
        municipality=bodo, name="Trygge bomiljø", aim="Trygghet."
    )
    method = Method.objects.filter(is_active=True).order_by("pk").first()
    assert method is not None
    staff = get_user_model().objects.create_user(username="bodo-importer", password=PASSWORD)
    RoleAssignment.objects.create(user=staff, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo)
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("combobox", name="Språk").select_option("en")
    page.get_by_role("button", name="Bytt").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    log_in(page, live_server.url, staff.username)

    # when they open their initiative and its import, and upload a file of two events
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    page.get_by_role("link", name="Import events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import events")
    upload: FilePayload = {
        "name": "aktiviteter.csv",
        "mimeType": "text/csv",
        "buffer": spreadsheet(method),
    }
    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(files=[upload])
    page.get_by_role("button", name="Check the file").click()

    # then the check says what would be saved, and nothing is saved yet
    expect(page.get_by_text("No errors. 2 events would be created.")).to_be_visible()
    assert not InvolvementEvent.objects.exists()

    with side_connection("browser_lock") as alias, transaction.atomic(using=alias):
        # (another import into the initiative holds its lock, as `import_events` takes it)
        Initiative.objects.using(alias).select_for_update(no_key=True).get(pk=initiative.pk)
        # when they confirm
        page.get_by_role("button", name="Import the events").click()
        # then they are on the import's page, which shows it running with a progress bar and a
        # live region, and passes axe
        expect(page.get_by_role("heading", level=1)).to_have_text("Import of events")
        job = EventImport.objects.get()
        assert page.url == f"{live_server.url}{job.get_absolute_url()}"
        bar = page.get_by_label("How far the import has come")
        expect(bar).to_be_visible()
        expect(page.get_by_role("status")).to_have_text("0 of 2 rows checked.", timeout=30_000)
        assert not (found := serious_violations(axe, page)), describe(found)
        assert not InvolvementEvent.objects.exists()

    # and when the worker has done it, the page shows the outcome by itself, without the bar
    expect(page.get_by_role("heading", name="2 events imported.")).to_be_visible(timeout=60_000)
    expect(bar).to_have_count(0)
    job.refresh_from_db()
    assert job.status == EventImport.Status.DONE, worker.tail()
    assert job.payload is None
    page.mouse.move(0, 0)
    assert not (found := serious_violations(axe, page)), describe(found)

    # when they go back to the initiative, the two events are on it
    page.get_by_role("link", name="Go to the initiative").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trygge bomiljø")
    expect(page.get_by_role("link", name="Beboermøte i blokk A")).to_be_visible()
    expect(page.get_by_role("link", name="Beboermøte i blokk B")).to_be_visible()
    assert InvolvementEvent.objects.filter(initiative=initiative, created_by=staff).count() == 2
