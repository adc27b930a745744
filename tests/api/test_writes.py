"""Writing through the API: through the web's forms and services, attributed to the token's user,
refusing personal data, idempotent with a key."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participation.involvement.models import Input, InvolvementEvent
from participation.places.models import Indicator, TargetGroup
from participation.programme.models import IndicatorValue, ReportingPeriod

from .conftest import api_client, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pushed(vocab: Any, initiative_factory: Any, bodo: Any) -> dict[str, Any]:
    initiative = initiative_factory(municipality=bodo)
    group = TargetGroup.objects.filter(is_active=True).order_by("pk")[0]
    return {
        "initiative": initiative.pk,
        "title": "Beboermøte i Sentrum",
        "date": "2025-03-05",
        "method": vocab["cafe"].pk,
        "themes": [vocab["safety"].pk],
        "participant_counts": [
            {"target_group": group.pk, "role": "resident", "count": 9},
            {"target_group": group.pk, "role": "staff", "count": 2},
        ],
        "total": 11,
        "inputs": [{"theme": vocab["safety"].pk, "summary": "Bedre lys ved inngangen."}],
    }


def test_a_system_pushes_an_event_and_the_web_shows_it(
    staff_bodo: Any, pushed: dict[str, Any], client: Any, log_in: Any
) -> None:
    # when a municipal system pushes an event with counts and input
    response = api_client(token_for(staff_bodo)).post("/api/v1/events/", pushed, format="json")

    # then it is saved, attributed to the token's user, with counts and input
    assert response.status_code == 201, response.json()
    event = InvolvementEvent.objects.get(pk=response.json()["id"])
    assert event.created_by == staff_bodo
    assert event.participant_total == 11
    assert response.json()["participant_total"] == 11
    assert [i.summary for i in Input.objects.filter(event=event)] == ["Bedre lys ved inngangen."]
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(InvolvementEvent), object_pk=str(event.pk)
    )
    assert entries.exists()
    assert {entry.actor for entry in entries} == {staff_bodo}

    # and the web's event page shows it
    log_in(client, staff_bodo)
    page = client.get(response.json()["web_url"].removeprefix("http://testserver"))
    assert page.status_code == 200
    assert "Beboermøte i Sentrum" in page.content.decode()
    assert "Bedre lys ved inngangen." in page.content.decode()


def test_personal_data_is_refused_as_in_the_web(staff_bodo: Any, pushed: dict[str, Any]) -> None:
    pushed["description"] = "Ring meg på 912 34 567."
    pushed["inputs"] = [{"theme": pushed["themes"][0], "summary": "Skriv til ola@example.no"}]
    response = api_client(token_for(staff_bodo)).post("/api/v1/events/", pushed, format="json")
    assert response.status_code == 400
    assert "description" in response.json()
    assert not InvolvementEvent.objects.exists()


def test_the_web_forms_rules_hold(staff_bodo: Any, pushed: dict[str, Any]) -> None:
    client = api_client(token_for(staff_bodo))
    wrong_total = {**pushed, "total": 12}
    assert "total" in client.post("/api/v1/events/", wrong_total, format="json").json()
    early_due = {**pushed, "feedback_due": "2025-03-01"}
    assert "feedback_due" in client.post("/api/v1/events/", early_due, format="json").json()
    assert not InvolvementEvent.objects.exists()


def test_a_retried_post_with_the_same_key_creates_nothing_twice(
    staff_bodo: Any, pushed: dict[str, Any]
) -> None:
    client = api_client(token_for(staff_bodo))
    first = client.post("/api/v1/events/", pushed, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/events/", pushed, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert InvolvementEvent.objects.count() == 1
    other = {**pushed, "title": "Et annet møte"}
    reused = client.post("/api/v1/events/", other, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert reused.status_code == 422
    assert InvolvementEvent.objects.count() == 1


def test_a_refused_write_frees_its_key(staff_bodo: Any, pushed: dict[str, Any]) -> None:
    client = api_client(token_for(staff_bodo))
    bad = {**pushed, "total": 99}
    assert (
        client.post("/api/v1/events/", bad, format="json", HTTP_IDEMPOTENCY_KEY="k-2").status_code
        == 400
    )
    fixed = client.post("/api/v1/events/", pushed, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert fixed.status_code == 201


def test_an_event_is_changed_and_its_input_followed_up(
    staff_bodo: Any, event_factory: Any, input_factory: Any, initiative_factory: Any, bodo: Any
) -> None:
    event = event_factory(initiative=initiative_factory(municipality=bodo))
    item = input_factory(event=event)
    client = api_client(token_for(staff_bodo))
    changed = client.patch(f"/api/v1/events/{event.pk}/", {"title": "Nytt navn"}, format="json")
    assert changed.status_code == 200, changed.json()
    event.refresh_from_db()
    assert event.title == "Nytt navn"
    assert event.updated_by == staff_bodo
    followed = client.patch(
        f"/api/v1/inputs/{item.pk}/",
        {
            "follow_up_status": "incorporated",
            "answer": "Lys er satt opp.",
            "answered_on": "2025-04-01",
        },
        format="json",
    )
    assert followed.status_code == 200, followed.json()
    item.refresh_from_db()
    assert (item.follow_up_status, item.answer) == ("incorporated", "Lys er satt opp.")
    future = client.patch(
        f"/api/v1/inputs/{item.pk}/",
        {"answered_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()},
        format="json",
    )
    assert future.status_code == 400


def test_indicator_values_are_saved_and_submitted(
    staff_bodo: Any, bodo: Any, period_factory: Any, indicator_factory: Any
) -> None:
    indicator = indicator_factory(unit=Indicator.Unit.COUNT)
    period = period_factory(strategy=indicator.strategy, status=ReportingPeriod.Status.OPEN)
    client = api_client(token_for(staff_bodo))
    body = {
        "municipality": "1804",
        "period": period.pk,
        "values": [{"indicator": indicator.pk, "value": "12", "source": "Fagsystemet"}],
    }
    draft = client.post("/api/v1/indicator-values/save/", body, format="json")
    assert draft.status_code == 200, draft.json()
    assert draft.json()[0]["status"] == "draft"
    half = client.post(
        "/api/v1/indicator-values/save/",
        {**body, "values": [{"indicator": indicator.pk, "value": "2.5"}]},
        format="json",
    )
    assert half.status_code == 400  # a count is a whole number, as in the web form
    submitted = client.post(
        "/api/v1/indicator-values/save/", {**body, "submit": True}, format="json"
    )
    assert submitted.json()[0]["status"] == "submitted"
    value = IndicatorValue.objects.get()
    assert value.updated_by == staff_bodo
    again = client.post("/api/v1/indicator-values/save/", body, format="json")
    assert again.status_code == 400  # submitted values can no longer be changed
