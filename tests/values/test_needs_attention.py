"""The municipality page's "needs attention" panel and its loop-closure rate over time."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from participation.involvement.definitions import loop_closure_by_year
from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.programme.models import IndicatorValue
from tests.factories import MethodFactory, ThemeFactory

Status = IndicatorValue.Status
FollowUp = Input.FollowUp


@pytest.fixture
def initiative(bodo, initiative_factory) -> Initiative:  # type: ignore[no-untyped-def]
    return initiative_factory(municipality=bodo, name="Trygt hjem", aim="An aim.")


@pytest.fixture
def make_event(initiative, event_factory):  # type: ignore[no-untyped-def]
    method = MethodFactory(code="test-meeting", name="Møte")

    def make(date: datetime.date, **fields) -> InvolvementEvent:  # type: ignore[no-untyped-def]
        return event_factory(
            initiative=initiative, title="Dialogmøte", date=date, method=method, **fields
        )

    return make


@pytest.fixture
def make_input(input_factory):  # type: ignore[no-untyped-def]
    theme = ThemeFactory(code="test-theme", name="Bolig")

    def make(event, status=FollowUp.NOT_ASSESSED, answer="") -> Input:  # type: ignore[no-untyped-def]
        return input_factory(
            event=event, theme=theme, summary="Et innspill", follow_up_status=status, answer=answer
        )

    return make


def _page(client, municipality):  # type: ignore[no-untyped-def]
    return client.get(municipality.get_absolute_url())


def test_overdue_feedback_and_open_input_counts_go_up_when_data_changes(
    client, staff_bodo, bodo, make_event, make_input
):
    # given
    client.force_login(staff_bodo)
    today = timezone.localdate()
    before = _page(client, bodo).context
    assert (before["overdue_event_count"], before["open_input_count"]) == (0, 0)
    assert "No events with feedback overdue." in _page(client, bodo).content.decode()
    # when an event's feedback becomes overdue and its input is not yet assessed
    event = make_event(
        today - datetime.timedelta(days=30), feedback_due=today - datetime.timedelta(days=1)
    )
    make_input(event)
    make_input(event, FollowUp.TAKEN_FORWARD)
    # then
    response = _page(client, bodo)
    assert (response.context["overdue_event_count"], response.context["open_input_count"]) == (
        1,
        1,
    )
    page = response.content.decode()
    assert "1 event with feedback overdue" in page
    assert "1 input item without follow-up" in page


def test_open_period_shows_its_deadline_returned_and_draft_values(
    client, staff_bodo, bodo, asker, open_period, closed_period, indicators, make_value
):
    # given
    client.force_login(staff_bodo)
    make_value(indicators["count"], open_period, status=Status.DRAFT)
    make_value(indicators["nok"], open_period, status=Status.DRAFT)
    make_value(indicators["rate"], open_period, status=Status.RETURNED, comment="Sjekk tallet.")
    make_value(indicators["rate"], open_period, status=Status.DRAFT, municipality=asker)
    # when
    page = _page(client, bodo).content.decode()
    # then
    assert "Reporting period 2025 is open" in page
    assert "deadline March 1, 2026" in page
    assert "1 value returned by the adviser." in page
    assert "2 draft values not submitted." in page
    assert "Reporting period 2024 is open" not in page


def test_loop_closure_over_time_shows_each_years_shares(
    client, staff_bodo, bodo, make_event, make_input
):
    # given two years of input
    early = make_event(datetime.date(2024, 5, 1))
    make_input(early, FollowUp.INCORPORATED, answer="Vi tar det med.")
    make_input(early)
    late = make_event(datetime.date(2025, 5, 1))
    for _ in range(3):
        make_input(late, FollowUp.DECLINED, answer="Ikke mulig nå.")
    make_input(late, FollowUp.PARKED)
    client.force_login(staff_bodo)
    # when
    response = _page(client, bodo)
    # then
    years = response.context["loop_closure_years"]
    assert [(y.year, y.input_total, y.share_assessed, y.share_answered) for y in years] == [
        (2024, 2, 50, 50),
        (2025, 4, 100, 75),
    ]
    page = response.content.decode()
    assert "Closing the loop over time" in page
    assert '<meter class="ms-2 align-middle" min="0" max="100" value="75"' in page


def test_loop_closure_by_year_agrees_with_the_overall_figures(bodo, make_event, make_input):
    # given
    from participation.involvement.definitions import LoopClosure

    event = make_event(datetime.date(2025, 1, 1))
    make_input(event, FollowUp.INCORPORATED, answer="Ja.")
    make_input(event)
    events = InvolvementEvent.objects.filter(initiative__municipality=bodo)
    # when
    (year,) = loop_closure_by_year(events)
    overall = LoopClosure.for_events(events, timezone.localdate())
    # then
    assert (year.share_assessed, year.share_answered) == (
        overall.share_assessed,
        overall.share_answered,
    )
