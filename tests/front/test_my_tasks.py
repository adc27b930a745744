""" "My tasks": each list a user sees there, the count in the menu, and marking a commitment done
from it, as the responsible municipal worker and as the adviser would."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.programme.models import Commitment, IndicatorValue
from tests.factories import ReportingPeriodFactory

TASKS = reverse("participation:my-tasks")
Status = IndicatorValue.Status


def menu_count(html: str) -> int | None:
    """The number beside "My tasks" in the menu (None when there is none)."""
    link = re.search(r'<a [^>]*id="my-tasks-link"[^>]*>(.*?)</a>', html, re.S)
    assert link, "every logged-in page links to My tasks"
    badge = re.search(r'<span class="badge[^"]*">(\d+)', link.group(1))
    return int(badge.group(1)) if badge else None


@pytest.fixture
def period(strategy_factory):  # type: ignore[no-untyped-def]
    strategy = strategy_factory(code="tasks-strategy", name="Tasks strategy")
    return ReportingPeriodFactory.create(strategy=strategy, year=2025, status="open")


def test_a_user_with_nothing_to_do_sees_an_empty_state_and_no_count(client, staff_bodo):
    client.force_login(staff_bodo)
    page = client.get(TASKS).content.decode()
    assert "Nothing is waiting for you" in page
    assert menu_count(page) is None


def test_the_municipal_worker_sees_their_commitments_returned_values_and_feedback_owed(
    client,
    staff_bodo,
    user_factory,
    bodo,
    asker,
    meeting_factory,
    commitment_factory,
    event_factory,
    initiative_factory,
    value_factory,
    indicator_factory,
    period,
):
    today = timezone.localdate()
    meeting = meeting_factory(title="Oppstartsmøte", municipalities=[bodo])
    # given a commitment due in two months (not overdue), one overdue, one done and one of
    # someone else
    later = commitment_factory(
        meeting=meeting,
        responsible=staff_bodo,
        description="Lag utkast til boligplan",
        due_date=today + datetime.timedelta(days=60),
    )
    commitment_factory(
        meeting=meeting,
        responsible=staff_bodo,
        description="Send oversikt over midlertidige botilbud",
        due_date=today - datetime.timedelta(days=3),
    )
    commitment_factory(
        meeting=meeting,
        responsible=staff_bodo,
        description="Ferdig punkt",
        status=Commitment.Status.DONE,
    )
    commitment_factory(meeting=meeting, description="Noe for rådgiveren")
    # a value the adviser returned, and one still a draft
    returned = value_factory(
        indicator=indicator_factory(strategy=period.strategy, name="Antall bostedsløse"),
        period=period,
        status=Status.RETURNED,
        comment="Tallet virker for høyt.",
    )
    value_factory(indicator=indicator_factory(strategy=period.strategy), period=period)
    # feedback owed for an event they recorded, none for one whose feedback was given
    initiative = initiative_factory(municipality=bodo)
    owed = event_factory(
        initiative=initiative,
        title="Dialogkafé om bomiljø",
        created_by=staff_bodo,
        feedback_due=today + datetime.timedelta(days=10),
    )
    event_factory(
        initiative=initiative,
        title="Tilbakemeldt",
        created_by=staff_bodo,
        feedback_due=today,
        feedback_given=today,
    )
    # and, in Asker, a value returned there (not theirs to see)
    value_factory(
        municipality=asker,
        indicator=indicator_factory(strategy=period.strategy, name="Askers indikator"),
        period=period,
        status=Status.RETURNED,
    )
    client.force_login(staff_bodo)
    # when
    page = client.get(TASKS).content.decode()
    # then: two open commitments (the overdue one first and flagged), the returned value with
    # the adviser's comment, the event's feedback, nothing of Asker's or anyone else's
    commitments = page[page.index('id="my-commitments"') : page.index('id="my-returned-values"')]
    assert commitments.index("Send oversikt") < commitments.index("Lag utkast til boligplan")
    assert commitments.count("Overdue") == 1
    assert "Ferdig punkt" not in page
    assert "Noe for rådgiveren" not in page
    assert reverse("participation:commitment-status", args=[later.pk]) in commitments
    assert "Antall bostedsløse" in page
    assert "Tallet virker for høyt." in page
    assert reverse("participation:period-values", args=[bodo.number, returned.period_id]) in page
    assert "Askers indikator" not in page
    assert reverse("participation:event-detail", args=[owed.pk]) in page
    assert "Tilbakemeldt" not in page
    # and the menu counts the four tasks, on every page
    assert menu_count(page) == 4
    assert menu_count(client.get(reverse("participation:dashboard")).content.decode()) == 4


def test_the_responsible_worker_marks_a_commitment_done_and_the_adviser_sees_it(
    client,
    staff_bodo,
    adviser_nord,
    bodo,
    meeting_factory,
    commitment_factory,
):
    # given the adviser's commitment for Bodø's worker, due in two months
    meeting = meeting_factory(title="Oppstartsmøte", municipalities=[bodo])
    item = commitment_factory(
        meeting=meeting,
        responsible=staff_bodo,
        description="Lag utkast til boligplan",
        due_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    client.force_login(staff_bodo)
    status_url = reverse("participation:commitment-status", args=[item.pk])
    # when the worker marks it done from My tasks
    response = client.post(
        f"{status_url}?next={TASKS}", {"status": "done", "note": "Sendt 3. mars."}, follow=True
    )
    # then they are back on My tasks, where it is gone
    assert response.redirect_chain[-1][0] == TASKS
    page = response.content.decode()
    assert "Lag utkast til boligplan" not in page
    assert menu_count(page) is None
    item.refresh_from_db()
    assert (item.status, item.closed_on, item.updated_by) == (
        Commitment.Status.DONE,
        timezone.localdate(),
        staff_bodo,
    )
    # and the adviser sees it done on the meeting's page
    adviser = Client(HTTP_ACCEPT_LANGUAGE="en")
    adviser.force_login(adviser_nord)
    meeting_page = adviser.get(reverse("participation:meeting-detail", args=[meeting.pk]))
    assert "Sendt 3. mars." in meeting_page.content.decode()


def test_another_worker_of_the_municipality_may_not_change_a_commitment_not_theirs(
    client, staff_bodo, user_factory, bodo, meeting_factory, commitment_factory
):
    # given a commitment that names someone else
    other = user_factory(username="kollega-test", role="municipal", role__municipality=bodo)
    item = commitment_factory(
        meeting=meeting_factory(municipalities=[bodo]), responsible=other, description="X"
    )
    client.force_login(staff_bodo)
    # when / then
    url = reverse("participation:commitment-status", args=[item.pk])
    assert client.post(url, {"status": "done", "note": ""}).status_code == 403
    item.refresh_from_db()
    assert item.status == Commitment.Status.OPEN


def test_the_adviser_sees_values_waiting_for_review_by_municipality_and_period(
    client, adviser_nord, bodo, asker, value_factory, indicator_factory, period
):
    # given two values submitted in Bodø (their region) and one in Asker (not)
    for name in ("A", "B"):
        value_factory(
            indicator=indicator_factory(strategy=period.strategy, name=name),
            period=period,
            status=Status.SUBMITTED,
        )
    value_factory(
        municipality=asker,
        indicator=indicator_factory(strategy=period.strategy),
        period=period,
        status=Status.SUBMITTED,
    )
    client.force_login(adviser_nord)
    # when
    page = client.get(TASKS).content.decode()
    # then
    reviews = page[page.index('id="my-reviews"') :]
    assert reverse("participation:value-review", args=[bodo.number, period.pk]) in reviews
    assert "2 values" in reviews
    assert asker.name not in reviews
    assert menu_count(page) == 2


def test_my_tasks_in_norwegian(staff_bodo, bodo, meeting_factory, commitment_factory):
    commitment_factory(
        meeting=meeting_factory(municipalities=[bodo]),
        responsible=staff_bodo,
        description="Lag utkast",
    )
    norwegian = Client(HTTP_ACCEPT_LANGUAGE="nb")
    norwegian.force_login(staff_bodo)
    page = norwegian.get(TASKS).content.decode()
    assert "Mine oppgaver" in page
    assert "Oppfølgingspunkt du er ansvarlig for (1)" in page


def test_my_tasks_query_count_does_not_grow_with_the_tasks(
    client,
    staff_bodo,
    bodo,
    meeting_factory,
    commitment_factory,
    django_assert_max_num_queries,
    count_queries,
):
    client.force_login(staff_bodo)
    meeting = meeting_factory(municipalities=[bodo])
    commitment_factory(meeting=meeting, responsible=staff_bodo)
    # session, user, roles, the menu's count, and one query per list
    with django_assert_max_num_queries(9):
        client.get(TASKS)
    before = count_queries(client, TASKS)
    for _ in range(10):
        commitment_factory(meeting=meeting, responsible=staff_bodo)
    assert count_queries(client, TASKS) == before
