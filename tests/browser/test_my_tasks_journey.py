"""A commitment from the adviser to the municipal worker and back, in headless Chromium, with a
real Celery worker sending the daily digest of notices.

The adviser for region Nord holds a meeting with Bodø and gives Bodø's worker a commitment due in
two months. The worker gets it in the e-mail digest (made by the real worker, written to files),
sees it in "My tasks" with a count in the menu, and marks it done there; the adviser then sees it
done on the meeting's page.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from housingapp.celery import app
from participation.accounts.models import RoleAssignment
from participation.places.models import Municipality
from participation.programme.models import Commitment
from tests.reports.generation_support import ReportWorker, report_worker
from tests.test_celery_roundtrip import through_broker  # noqa: F401

from .support import PASSWORD, describe, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]

COMMITMENT = "Send the draft housing plan to Husbanken for comments."


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def worker(django_db_setup, tmp_path: Path, mail_dir: Path) -> Iterator[ReportWorker]:  # type: ignore[no-untyped-def]
    running = report_worker(
        tmp_path,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        SITE_URL="https://bolig.example.no",
    ).start()
    yield running
    running.stop()


def field(page: Page, label: str) -> Locator:
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def in_english(page: Page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_role("combobox", name="Språk").select_option("en")
    page.get_by_role("button", name="Bytt").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def log_out(page: Page) -> None:
    page.locator("header .dropdown-toggle").click()
    page.locator("header form[action='/logout/'] [type=submit]").click()


def test_a_commitment_reaches_the_worker_by_my_tasks_and_e_mail_and_comes_back_done(
    page: Page,
    live_server,
    axe: Axe,
    reference_data,
    worker: ReportWorker,
    mail_dir: Path,
    through_broker,  # noqa: F811
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    bodo = Municipality.objects.get(number="1804")
    users = get_user_model().objects
    adviser = users.create_user(username="adviser-tasks", password=PASSWORD)
    RoleAssignment.objects.create(
        user=adviser, role=RoleAssignment.Role.ADVISER, region=bodo.region
    )
    staff = users.create_user(
        username="bodo-tasks", password=PASSWORD, email="bodo-tasks@example.org"
    )
    RoleAssignment.objects.create(user=staff, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo)
    due = timezone.localdate() + datetime.timedelta(days=60)

    # given: the adviser holds a meeting with Bodø
    in_english(page, base)
    log_in(page, base, adviser.username)
    page.goto(f"{base}/radgiver/moter/ny/")
    field(page, "Kind").select_option(label="Operative meeting")
    field(page, "Title").fill("Operative meeting with Bodø")
    field(page, "Date").fill(timezone.localdate().isoformat())
    page.get_by_role("checkbox", name="Bodø (1804)").check()
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_text("The meeting was saved.")).to_be_visible()
    meeting_url = page.url

    # when: they give Bodø's worker a commitment due in two months
    page.get_by_role("link", name="New commitment").click()
    field(page, "What").fill(COMMITMENT)
    field(page, "Municipality").select_option(label="Bodø (1804)")
    field(page, "Responsible").select_option(label="bodo-tasks (Municipal staff, Bodø)")
    field(page, "Due").fill(due.isoformat())
    page.get_by_role("button", name="Add commitment").click()
    expect(page.get_by_text("The commitment was added.")).to_be_visible()
    log_out(page)

    # and: the daily digest runs on the real worker
    result = app.send_task("participation.send_notification_digests", queue=worker.queue)
    assert result.get(timeout=60) == 1, worker.tail()

    # then: the worker's e-mail names the commitment and links to My tasks
    mails = [path.read_text() for path in mail_dir.iterdir()]
    assert len(mails) == 1
    assert "To: bodo-tasks@example.org" in mails[0]
    assert COMMITMENT in mails[0]
    assert "https://bolig.example.no/oppgaver/" in mails[0]

    # when: the worker logs in
    log_in(page, base, staff.username)

    # then: the menu counts one task, and My tasks lists the commitment
    tasks_link = page.get_by_role("navigation").get_by_role("link", name=re.compile("^My tasks"))
    expect(tasks_link).to_contain_text("1")
    tasks_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    expect(page.get_by_role("cell", name=COMMITMENT, exact=True)).to_be_visible()
    assert not (found := serious_violations(axe, page)), describe(found)

    # when: they mark it done
    page.get_by_role("link", name=re.compile("^Update status")).click()
    field(page, "status").select_option(label="Done")
    field(page, "note").fill("Sent on Monday.")
    page.get_by_role("button").filter(has_text=re.compile("Save")).click()

    # then: back on My tasks, with nothing left
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    expect(page.get_by_text("The commitment's status was saved.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for you")).to_be_visible()
    expect(tasks_link).to_have_text("My tasks")
    log_out(page)

    # and: the adviser sees it done on the meeting's page
    log_in(page, base, adviser.username)
    page.goto(meeting_url)
    row = page.get_by_role("row").filter(has_text=COMMITMENT)
    expect(row).to_contain_text("Done")
    assert Commitment.objects.get().status == Commitment.Status.DONE
