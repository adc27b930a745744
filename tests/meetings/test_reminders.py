"""The daily reminder: one e-mail per responsible user, once per item per interval, never once
the item is settled. Called with `today` passed in, as the task does."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from participation.accounts.models import RoleAssignment
from participation.programme.models import Commitment
from participation.programme.services.meetings import (
    REMINDER_INTERVAL,
    send_commitment_reminders,
    set_commitment_status,
)
from participation.programme.tasks import send_commitment_reminders as reminder_task

from .conftest import make_commitment, make_meeting

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 10)
OVERDUE = datetime.date(2025, 6, 1)


@pytest.fixture
def leader(db, bodo) -> User:  # type: ignore[no-untyped-def]
    """Bodø's programme leader: one of Bodø's people, so Bodø's items may be theirs."""
    user = User.objects.create_user(username="leader", email="leader@bodo.example")
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo, is_programme_leader=True
    )
    return user


def test_no_email_about_an_item_of_a_municipality_the_user_does_not_belong_to(
    leader, bodo, asker
) -> None:  # type: ignore[no-untyped-def]
    # given: an overdue Asker item whose responsible is Bodø's leader (written past the form's
    # check, or the leader has since moved), beside one of Bodø's own
    meeting = make_meeting(bodo, asker)
    make_commitment(
        meeting, asker, description="Asker's own plan.", due_date=OVERDUE, responsible=leader
    )
    make_commitment(meeting, bodo, description="Bodø's plan.", due_date=OVERDUE, responsible=leader)
    # when
    sent = send_commitment_reminders(today=TODAY)
    # then: only Bodø's item reaches the leader; Asker's text is never sent
    assert sent == 1
    assert "Bodø's plan." in mail.outbox[0].body
    assert "Asker's own plan." not in mail.outbox[0].body


def test_sends_one_email_per_user_listing_their_items(leader, bodo) -> None:  # type: ignore[no-untyped-def]
    # given: two overdue items for the leader, one not yet due, one with a name but no user
    meeting = make_meeting(bodo)
    make_commitment(meeting, bodo, description="First item", due_date=OVERDUE, responsible=leader)
    make_commitment(meeting, bodo, description="Second item", due_date=OVERDUE, responsible=leader)
    make_commitment(meeting, bodo, description="Not yet due", due_date=TODAY, responsible=leader)
    make_commitment(meeting, bodo, description="No user", due_date=OVERDUE, responsible_name="X")
    # when
    sent = send_commitment_reminders(today=TODAY)
    # then
    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["leader@bodo.example"]
    assert "First item" in message.body
    assert "Second item" in message.body
    assert "Not yet due" not in message.body
    assert "No user" not in message.body


def test_not_again_within_the_interval_but_again_after_it(leader, bodo) -> None:  # type: ignore[no-untyped-def]
    # given
    item = make_commitment(make_meeting(bodo), bodo, due_date=OVERDUE, responsible=leader)
    # when: run twice the same day, and the day before the interval is over
    assert send_commitment_reminders(today=TODAY) == 1
    assert send_commitment_reminders(today=TODAY) == 0
    assert send_commitment_reminders(today=TODAY + REMINDER_INTERVAL - datetime.timedelta(1)) == 0
    # then: one e-mail only
    assert len(mail.outbox) == 1
    item.refresh_from_db()
    assert item.last_reminded_on == TODAY
    # when: the interval has passed
    assert send_commitment_reminders(today=TODAY + REMINDER_INTERVAL) == 1
    # then
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("status", [Commitment.Status.DONE, Commitment.Status.DROPPED])
def test_never_once_settled(leader, bodo, status) -> None:  # type: ignore[no-untyped-def]
    # given: reminded once, then settled
    item = make_commitment(make_meeting(bodo), bodo, due_date=OVERDUE, responsible=leader)
    send_commitment_reminders(today=TODAY)
    set_commitment_status(item, actor=None, status=status, note="Settled.", today=TODAY)
    # when: long after the interval
    sent = send_commitment_reminders(today=TODAY + 3 * REMINDER_INTERVAL)
    # then
    assert sent == 0
    assert len(mail.outbox) == 1


def test_no_email_address_no_email(bodo) -> None:  # type: ignore[no-untyped-def]
    # given
    user = User.objects.create_user(username="no-address", email="")
    make_commitment(make_meeting(bodo), bodo, due_date=OVERDUE, responsible=user)
    # when / then
    assert send_commitment_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_the_task_defaults_to_today(leader, bodo) -> None:  # type: ignore[no-untyped-def]
    # given
    today = timezone.localdate()
    make_commitment(
        make_meeting(bodo), bodo, due_date=today - datetime.timedelta(1), responsible=leader
    )
    # when: run eagerly, as the test settings do
    result = reminder_task.delay().get()
    # then
    assert result == 1
    assert Commitment.objects.get().last_reminded_on == today


def test_the_beat_schedule_runs_the_task_daily(settings) -> None:  # type: ignore[no-untyped-def]
    entry = settings.CELERY_BEAT_SCHEDULE["commitment-reminders"]
    assert entry["task"] == "participation.send_commitment_reminders"
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].day_of_week == set(range(7))
