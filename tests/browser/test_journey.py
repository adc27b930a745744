"""The municipal staff member's weekly journey, in headless Chromium, through the UI only.

Log in, note the municipality page's needs-attention figures, create an initiative, add an
involvement event (participant counts in the grid, feedback already overdue), add two input items,
see the figures rise, answer one item, mark the feedback as given, and see the figures fall and the
answered share rise. The forms are found by their labels and roles, so a field without an
accessible name fails the test; axe checks each form.

The browser starts in Norwegian; the test switches to English with the language switcher first
and then uses the English source strings, so it does not break when a translation is reworded.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from participation.accounts.models import RoleAssignment
from participation.places.models import Municipality

from .support import PASSWORD, describe, log_in, serious_violations

pytestmark = pytest.mark.browser

INITIATIVE = "Boligsosial dialog i Bodø"
EVENT = "Dialogmøte for leietakere"
FIRST_INPUT = "Rent is hard to pay after the yearly increase."
SECOND_INPUT = "The flats need better sound insulation."
MUNICIPALITY_PAGE = re.compile(r"/kommuner/1804/$")


@dataclass(frozen=True)
class Figures:
    """What the municipality page's needs-attention panel says."""

    overdue: int
    open_input: int
    answered_share: int | None  # percent, for the event's year; None when there is no input yet


def assert_accessible(axe: Axe, page: Page) -> None:
    violations = serious_violations(axe, page)
    assert not violations, (
        f"axe found serious or critical violations on {page.url}:\n{describe(violations)}"
    )


def leading_number(text: str) -> int:
    """The count a sentence starts with; "No events …" counts as 0."""
    match = re.match(r"\s*(\d+)", text)
    return int(match.group(1)) if match else 0


def read_figures(page: Page, year: int) -> Figures:
    panel = page.get_by_role("region", name="Needs attention")
    expect(panel).to_be_visible()
    items = panel.get_by_role("listitem")
    overdue = items.filter(has_text="feedback overdue").inner_text()
    open_input = items.filter(has_text="without follow-up").inner_text()
    answered_share = None
    table = panel.get_by_role("table", name=re.compile("Share of input assessed and answered"))
    if table.count():
        row = table.get_by_role("row", name=re.compile(rf"^{year}\b"))
        answered = row.get_by_role("cell").nth(2).inner_text()  # input items, assessed, answered
        answered_share = leading_number(answered)
    return Figures(leading_number(overdue), leading_number(open_input), answered_share)


def field(page: Page, label: str) -> Locator:
    """The form control labelled exactly `label`, allowing crispy's asterisk on required ones."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def open_municipality_page(page: Page) -> None:
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    breadcrumbs.get_by_role("link", name="Bodø", exact=True).click()
    expect(page).to_have_url(MUNICIPALITY_PAGE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bodø")


@pytest.fixture
def staff_username(reference_data) -> str:  # type: ignore[no-untyped-def]
    """A Bodø municipal staff member; no initiatives, events or input exist yet."""
    bodo = Municipality.objects.get(number="1804")
    user = get_user_model().objects.create_user(username="bodo-journey", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo)
    return user.username


def test_staff_member_closes_the_loop(
    page: Page, live_server, staff_username: str, axe: Axe
) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    event_date = today - datetime.timedelta(days=20)
    feedback_due = today - datetime.timedelta(days=5)  # already passed: overdue once saved

    # given: the browser (Norwegian by default) switched to English with the language switcher
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("combobox", name="Språk").select_option("en")
    page.get_by_role("button", name="Bytt").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # and: the Bodø staff member logged in, on Bodø's page, noting its figures
    log_in(page, live_server.url, staff_username)
    page.get_by_role("main").get_by_role("link", name=re.compile("Bodø")).first.click()
    expect(page).to_have_url(MUNICIPALITY_PAGE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bodø")
    before = read_figures(page, event_date.year)
    assert before == Figures(overdue=0, open_input=0, answered_share=None)  # nothing recorded yet

    # when: they create an initiative through the form
    page.get_by_role("link", name="New initiative").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New initiative")
    assert_accessible(axe, page)
    field(page, "Name").fill(INITIATIVE)
    field(page, "Aim and content").fill(
        "Hear tenants of municipal housing before the housing plan is revised."
    )
    field(page, "Homeless people").check()
    page.get_by_role("button", name="Create initiative").click()

    # then: its page confirms it
    expect(page.get_by_role("heading", level=1)).to_contain_text(INITIATIVE)
    expect(page.get_by_text("was created with reference")).to_be_visible()

    # when: they add an involvement event with counts in the grid and a past feedback due date
    page.get_by_role("link", name="New event", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New involvement event")
    assert_accessible(axe, page)
    field(page, "Title").fill(EVENT)
    field(page, "Method").select_option(label="Dialogue meeting")
    field(page, "Date").fill(event_date.isoformat())
    field(page, "Start time").fill("17:30")
    field(page, "Feedback due").fill(feedback_due.isoformat())
    field(page, "Homeless people, Resident or service user").fill("7")
    field(page, "Homeless people, Staff").fill("2")
    field(page, "Total number of participants (optional check)").fill("9")
    page.get_by_role("button", name="Save event").click()

    # then: the event's page shows the counts and the overdue feedback
    expect(page.get_by_role("heading", level=1)).to_contain_text(EVENT)
    expect(page.get_by_role("table", name=re.compile("9 participants in all"))).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()

    # when: they add two input items
    page.get_by_role("link", name="Add input", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add input")
    assert_accessible(axe, page)
    field(page, "Theme, row 1").select_option(label="Income and housing costs")
    field(page, "Summary, row 1").fill(FIRST_INPUT)
    field(page, "Theme, row 2").select_option(label="Design, quality and size of the home")
    field(page, "Summary, row 2").fill(SECOND_INPUT)
    page.get_by_role("button", name="Save input").click()

    # then: both are listed on the event's page, and Bodø's figures have risen
    expect(page.get_by_text("2 input items were added.")).to_be_visible()
    expect(page.get_by_role("rowheader", name=FIRST_INPUT)).to_be_visible()
    expect(page.get_by_role("rowheader", name=SECOND_INPUT)).to_be_visible()
    open_municipality_page(page)
    raised = read_figures(page, event_date.year)
    assert raised.open_input == before.open_input + 2
    assert raised.overdue == before.overdue + 1
    assert raised.answered_share == 0

    # when: they answer the first item (follow-up status, answer, date)
    main = page.get_by_role("main")
    main.get_by_role("link", name=INITIATIVE).first.click()
    main.get_by_role("link", name=EVENT).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(EVENT)
    page.get_by_role("link", name=re.compile(r"Follow up.*Rent is hard")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow up input")
    assert_accessible(axe, page)
    field(page, "Follow-up status").select_option(label="Taken forward")
    field(page, "Follow-up decided").fill(today.isoformat())
    field(page, "Answer given back").fill(
        "The housing office will offer a review of housing allowance to every tenant."
    )
    field(page, "Answered on").fill(today.isoformat())
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The input was saved.")).to_be_visible()

    # and: they mark the event's feedback as given
    page.get_by_role("link", name="Mark feedback as given").click()
    assert_accessible(axe, page)
    field(page, "Feedback given on").fill(today.isoformat())
    field(page, "How feedback was given").fill("A letter to all who took part.")
    page.get_by_role("button", name="Record feedback").click()
    expect(page.get_by_text("Feedback to the participants was recorded.")).to_be_visible()

    # then: Bodø's figures have changed again
    open_municipality_page(page)
    after = read_figures(page, event_date.year)
    assert after.overdue == before.overdue
    assert after.open_input == raised.open_input - 1
    assert after.answered_share is not None
    assert after.answered_share > (raised.answered_share or 0)
    assert after.answered_share == 50
