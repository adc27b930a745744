"""The reminder task through Redis and a real Celery worker running the production settings.

With no EMAIL_HOST the worker's e-mail backend is the console, so the e-mail shows up in the
worker's output; the database shows the worker marked the item.
"""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.auth.models import User

from housingapp.celery import app
from participation.accounts.models import RoleAssignment
from participation.places.models import Municipality
from participation.programme.models import Commitment
from tests.test_celery_roundtrip import Worker, through_broker, worker_process  # noqa: F401

from .conftest import make_commitment, make_meeting

pytestmark = pytest.mark.celery_worker


def test_the_worker_sends_the_reminder_once(
    worker_process: Worker,  # noqa: F811
    through_broker,  # noqa: F811
    reference_data,
) -> None:  # type: ignore[no-untyped-def]
    # given: an overdue item, committed, for a user with an e-mail address
    bodo = Municipality.objects.get(number="1804")
    leader = User.objects.create_user(username="worker-leader", email="leader@bodo.example")
    RoleAssignment.objects.create(
        user=leader, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo
    )  # one of Bodø's people
    item = make_commitment(
        make_meeting(bodo),
        bodo,
        description="Reminder through the worker",
        due_date=datetime.date(2025, 6, 1),
        responsible=leader,
    )
    # when: the task runs twice on the same day through the worker
    first = app.send_task(
        "participation.send_commitment_reminders", args=["2025-06-10"], queue=worker_process.queue
    ).get(timeout=60)
    second = app.send_task(
        "participation.send_commitment_reminders", args=["2025-06-10"], queue=worker_process.queue
    ).get(timeout=60)
    # then: one e-mail, the item marked by the worker
    assert (first, second) == (1, 0)
    item.refresh_from_db()
    assert item.last_reminded_on == datetime.date(2025, 6, 10)
    log = ""
    for _ in range(20):  # the console backend's output reaches the log file through a pipe
        log = worker_process.log.read_text(errors="replace")
        if "Reminder through the worker" in log:
            break
        time.sleep(0.25)
    assert "To: leader@bodo.example" in log
    assert log.count("Reminder through the worker") == 1
    assert Commitment.objects.get().status == Commitment.Status.OPEN
