"""The stored answers of idempotent writes are deleted once older than their lifetime
(API_IDEMPOTENCY_HOURS, 24 by default) by a daily Celery task; a key is then free again."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participation.api.models import IdempotentRequest
from participation.api.tasks import delete_old_idempotency_answers
from participation.involvement.models import InvolvementEvent

from .conftest import api_client, token_for
from .test_writes import pushed  # noqa: F401  # the fixture: an event as a system pushes it


@pytest.mark.django_db
def test_answers_older_than_their_lifetime_are_deleted_and_their_keys_freed(
    staff_bodo: Any,
    pushed: dict[str, Any],  # noqa: F811
    settings: Any,
) -> None:
    assert settings.API_IDEMPOTENCY_HOURS == 24
    client = api_client(token_for(staff_bodo))
    # given: two writes with keys, one made 25 hours ago and one 23 hours ago
    old = client.post("/api/v1/events/", pushed, format="json", HTTP_IDEMPOTENCY_KEY="k-old")
    recent_body = {**pushed, "title": "Husmøte"}
    recent = client.post(
        "/api/v1/events/", recent_body, format="json", HTTP_IDEMPOTENCY_KEY="k-recent"
    )
    assert old.status_code == recent.status_code == 201
    now = timezone.now()
    IdempotentRequest.objects.filter(key="k-old").update(
        created_at=now - datetime.timedelta(hours=25)
    )
    IdempotentRequest.objects.filter(key="k-recent").update(
        created_at=now - datetime.timedelta(hours=23)
    )

    # when: the daily task runs (eagerly, as the test settings run tasks)
    deleted = delete_old_idempotency_answers.delay(now.isoformat()).get()

    # then: only the old answer is gone
    assert deleted == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["k-recent"]
    # the recent key still replays its answer and creates nothing
    again = client.post(
        "/api/v1/events/", recent_body, format="json", HTTP_IDEMPOTENCY_KEY="k-recent"
    )
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == recent.json()
    # and the old key is free: another write with it is done, not refused as a reuse
    other = {**pushed, "title": "Et annet møte"}
    fresh = client.post("/api/v1/events/", other, format="json", HTTP_IDEMPOTENCY_KEY="k-old")
    assert fresh.status_code == 201
    assert "Idempotent-Replayed" not in fresh
    assert InvolvementEvent.objects.count() == 3


@pytest.mark.django_db
def test_the_lifetime_follows_the_setting(
    staff_bodo: Any,
    pushed: dict[str, Any],  # noqa: F811
    settings: Any,
) -> None:
    settings.API_IDEMPOTENCY_HOURS = 2
    client = api_client(token_for(staff_bodo))
    client.post("/api/v1/events/", pushed, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    IdempotentRequest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=3))
    assert delete_old_idempotency_answers.delay().get() == 1
    assert not IdempotentRequest.objects.exists()


def test_the_beat_schedule_runs_the_cleanup_daily(settings: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["delete-old-idempotency-answers"]
    assert entry["task"] == "participation.delete_old_idempotency_answers"
    assert entry["task"] == delete_old_idempotency_answers.name
    assert entry["schedule"].hour == {3}
    assert entry["schedule"].minute == {15}
    assert entry["schedule"].day_of_week == set(range(7))
