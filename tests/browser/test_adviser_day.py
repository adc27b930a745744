"""A Husbanken adviser's day, in headless Chromium, through the UI only.

The adviser for region Nord opens their dashboard and sees Bodø at risk (one open risk flag),
holds a meeting with Bodø and records a commitment from it, approves the value Bodø submitted
for the open reporting period, closes the risk flag with a note, and sees Bodø on track again.
The forms are found by their labels and roles; axe checks each form.

The browser starts in Norwegian; the test switches to English with the language switcher first
and then uses the English source strings.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from participation.accounts.models import RoleAssignment
from participation.places.models import Indicator, Municipality, Strategy
from participation.programme.models import (
    Commitment,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ReportingPeriod,
    RiskFlag,
)

from .support import PASSWORD, describe, log_in, serious_violations

pytestmark = pytest.mark.browser

MEETING = "Operative meeting with Bodø"
COMMITMENT = "Send the draft housing plan to Husbanken for comments."
CLOSE_NOTE = "A new programme leader started this month."


@dataclass(frozen=True)
class Setting:
    adviser: str
    period: ReportingPeriod
    value: IndicatorValue
    flag: RiskFlag


def assert_accessible(axe: Axe, page: Page) -> None:
    violations = serious_violations(axe, page)
    assert not violations, (
        f"axe found serious or critical violations on {page.url}:\n{describe(violations)}"
    )


def field(page: Page, label: str) -> Locator:
    """The form control labelled exactly `label`, allowing crispy's asterisk on required ones."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def bodo_row(page: Page) -> Locator:
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Bodø"))


def open_dashboard(page: Page) -> Locator:
    page.get_by_role("navigation").get_by_role("link", name="Advisers", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My municipalities")
    row = bodo_row(page)
    expect(row).to_have_count(1)
    return row


@pytest.fixture
def setting(reference_data) -> Setting:  # type: ignore[no-untyped-def]
    """Region Nord's adviser; Bodø with an agreement, a submitted value and an open risk flag."""
    today = timezone.localdate()
    bodo = Municipality.objects.get(number="1804")
    user = get_user_model().objects.create_user(username="adviser-day", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.ADVISER, region=bodo.region)
    ProgrammeAgreement.objects.create(
        municipality=bodo,
        level=ProgrammeAgreement.Level.BASIC,
        start_date=today - datetime.timedelta(days=365),
        end_date=today + datetime.timedelta(days=3 * 365),
    )
    strategy = Strategy.objects.create(
        code="adviser-day", name="Adviser day strategy", start_year=2024, end_year=2030
    )
    indicator = Indicator.objects.create(
        strategy=strategy,
        code="adviser-day-1",
        name="Households helped to own their home",
        unit=Indicator.Unit.COUNT,
        direction=Indicator.Direction.HIGHER,
        baseline=Decimal("10"),
        target=Decimal("40"),
    )
    period = ReportingPeriod.objects.create(
        strategy=strategy,
        name=f"Year {today.year}",
        kind=ReportingPeriod.Kind.YEAR,
        start_date=datetime.date(today.year, 1, 1),
        end_date=datetime.date(today.year, 12, 31),
        status=ReportingPeriod.Status.OPEN,
    )
    value = IndicatorValue.objects.create(
        municipality=bodo,
        indicator=indicator,
        period=period,
        value=Decimal("17"),
        status=IndicatorValue.Status.SUBMITTED,
    )
    flag = RiskFlag.objects.create(
        municipality=bodo,
        kind=RiskFlag.Kind.LEADER_LEFT,
        note="The programme leader has moved to another post.",
        raised_on=today - datetime.timedelta(days=10),
    )
    return Setting(user.username, period, value, flag)


def test_adviser_follows_up_bodo(page: Page, live_server, setting: Setting, axe: Axe) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    due = today + datetime.timedelta(days=30)

    # given: the browser switched to English, and the adviser logged in
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("combobox", name="Språk").select_option("en")
    page.get_by_role("button", name="Bytt").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    log_in(page, live_server.url, setting.adviser)

    # when: they open their dashboard
    row = open_dashboard(page)

    # then: Bodø is at risk, with one open risk flag and no contact recorded
    expect(row.get_by_role("cell").nth(0)).to_have_text("At risk")
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")
    expect(row).to_contain_text("None recorded")

    # when: they create a meeting with Bodø
    page.get_by_role("main").get_by_role("link", name="Meetings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    page.get_by_role("link", name="New meeting").click()
    assert_accessible(axe, page)
    field(page, "Kind").select_option(label="Operative meeting")
    field(page, "Title").fill(MEETING)
    field(page, "Date").fill(today.isoformat())
    # the municipalities are a checkbox list of region Nord's, filtered by typing
    expect(page.get_by_role("checkbox", name="Tromsø (5501)")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Asker (3203)")).to_have_count(0)
    field(page, "Find a municipality by name").fill("bod")
    expect(page.get_by_role("checkbox", name="Tromsø (5501)")).to_be_hidden()
    page.get_by_role("checkbox", name="Bodø (1804)").check()
    field(page, "Participants by sector and level").fill("NAV (leader), property (operative)")
    page.get_by_role("button", name="Save meeting").click()

    # then: the meeting's page confirms it
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)
    expect(page.get_by_text("The meeting was saved.")).to_be_visible()

    # when: they add a commitment to it
    page.get_by_role("link", name="New commitment").click()
    assert_accessible(axe, page)
    field(page, "What").fill(COMMITMENT)
    field(page, "Municipality").select_option(label="Bodø (1804)")
    field(page, "Responsible (if not a user)").fill("Programme leader, Bodø")
    field(page, "Due").fill(due.isoformat())
    page.get_by_role("button", name="Add commitment").click()

    # then: the meeting lists it
    expect(page.get_by_text("The commitment was added.")).to_be_visible()
    expect(page.get_by_role("cell", name=COMMITMENT)).to_be_visible()

    # when: they open the review of Bodø's values for the period and approve the submitted one
    page.goto(f"{live_server.url}/kommuner/1804/perioder/{setting.period.pk}/godkjenning/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bodø")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Approve Households helped to own their home").click()

    # then: the value is approved and no longer reviewable
    value_row = page.locator(f"#value-{setting.value.pk}")
    expect(value_row).to_contain_text("Approved")
    expect(value_row).to_contain_text("Reviewed")

    # when: they close Bodø's risk flag with a note
    page.goto(f"{live_server.url}/kommuner/1804/risikoflagg/")
    page.get_by_role("link", name="Close", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close risk flag")
    assert_accessible(axe, page)
    field(page, "Closing note").fill(CLOSE_NOTE)
    page.get_by_label("I confirm that this risk is dealt with.").check()
    page.get_by_role("button", name="Close flag").click()
    expect(page.get_by_text("The risk flag was closed.")).to_be_visible()

    # then: back on the dashboard Bodø is on track, with no open flag and today's contact
    row = open_dashboard(page)
    expect(row.get_by_role("cell").nth(0)).to_have_text("On track")
    expect(row.get_by_role("cell").nth(1)).to_have_text("0")
    expect(row).not_to_contain_text("None recorded")
    expect(row).to_contain_text(COMMITMENT[:40])

    # and: the database holds what the adviser did
    setting.value.refresh_from_db()
    assert setting.value.status == IndicatorValue.Status.APPROVED
    setting.flag.refresh_from_db()
    assert setting.flag.closed_on == today
    assert setting.flag.close_note == CLOSE_NOTE
    meeting = Meeting.objects.get(title=MEETING)
    assert meeting.created_by is not None
    assert meeting.created_by.username == setting.adviser
    assert list(meeting.municipalities.values_list("number", flat=True)) == ["1804"]
    commitment = Commitment.objects.get(meeting=meeting)
    assert commitment.description == COMMITMENT
    assert commitment.due_date == due
    assert commitment.status == Commitment.Status.OPEN
    assert commitment.created_by is not None
    assert commitment.created_by.username == setting.adviser
