"""Asking for a report in the browser and following it: municipal staff in Bodø ask for their
first-quarter report, watch the progress bar move as a real Celery worker makes it, and download
the PDF. The worker pauses three seconds after the figures step (its Celery app is the test-only
tests/reports/paused_worker.py), so that the page is seen polling a report half made.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Locator, Page, expect

from participation.accounts.models import RoleAssignment
from participation.places.models import Municipality
from participation.reports.models import ReportSnapshot
from tests.reports.generation_support import ReportWorker, add_records, report_worker
from tests.test_celery_roundtrip import through_broker  # noqa: F401

from .support import PASSWORD, describe, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]


@pytest.fixture
def worker(django_db_setup, tmp_path: Path) -> Iterator[ReportWorker]:  # type: ignore[no-untyped-def]
    running = report_worker(tmp_path, pause_after_figures=3).start()
    yield running
    running.stop()


def field(page: Page, label: str) -> Locator:
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def test_staff_follow_their_report_to_the_pdf(
    page: Page,
    live_server,
    axe: Axe,
    reference_data,
    worker: ReportWorker,
    through_broker,  # noqa: F811
    settings,
) -> None:  # type: ignore[no-untyped-def]
    # given Bodø's records of the first quarter of 2025, its staff member, and reports going to
    # the real worker
    settings.REPORT_QUEUE = worker.queue
    bodo = Municipality.objects.get(number="1804")
    add_records(bodo)
    staff = get_user_model().objects.create_user(username="bodo-reporter", password=PASSWORD)
    RoleAssignment.objects.create(user=staff, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo)
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("combobox", name="Språk").select_option("en")
    page.get_by_role("button", name="Bytt").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    log_in(page, live_server.url, staff.username)

    # when they open the reports and ask for the first quarter of 2025
    page.get_by_role("navigation").get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    expect(page.get_by_text("No reports yet")).to_be_visible()
    page.get_by_role("link", name="New report").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New report")
    assert not (found := serious_violations(axe, page)), describe(found)
    expect(field(page, "Municipality")).to_have_value("1804")
    field(page, "Strategy").select_option(label="Alle trenger et trygt hjem (2021–2024)")
    field(page, "Period").select_option(label="Quarter")
    field(page, "Year").fill("2025")
    field(page, "Quarter or half-year").fill("1")
    field(page, "Language of the report").select_option("en")
    page.get_by_role("button", name="Make the report").click()

    # then the report's page shows a progress bar that follows the worker
    expect(page.get_by_role("heading", level=1)).to_have_text("Report for Bodø (1804), Q1 2025")
    bar = page.locator("progress#report-progress-bar")
    seen: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and bar.count():
        try:
            seen.append(int(float(bar.get_attribute("value", timeout=1000) or 0)))
        except Exception:  # the page reloaded under us: the report is done
            break
        time.sleep(0.25)
    assert any(0 < value < 100 for value in seen), (
        f"the bar never showed a report half made: {seen}"
    )
    assert seen == sorted(seen), f"the bar went backwards: {seen}"

    # and when it is done the page shows the downloads, without the bar
    download = page.get_by_role("link", name=re.compile(r"^Download PDF"))
    expect(download).to_be_visible(timeout=120_000)
    expect(bar).to_have_count(0)
    snapshot = ReportSnapshot.objects.get()
    assert snapshot.status == ReportSnapshot.Status.DONE, worker.tail()

    # when they download the PDF
    with page.expect_download() as info:
        download.click()
    # then it is the report's PDF
    path = info.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
    assert info.value.suggested_filename == "rapport-bodo-1804-20250101-20250331-v1.pdf"

    # and the report's page, with the whole report on it, passes axe (the pointer moved off
    # the link just clicked, as a person's would)
    page.mouse.move(0, 0)
    assert not (found := serious_violations(axe, page)), describe(found)
