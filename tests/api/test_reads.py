"""Reading through the API: scope (outsiders get 404), filters, cursor pages, ETags."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from participation.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_lists_hold_only_what_the_user_may_see(
    api_as: Any, staff_bodo: Any, initiative_factory: Any, bodo: Any, asker: Any
) -> None:
    # given an initiative in Bodø and one in Asker
    own = initiative_factory(municipality=bodo, name="Bodø's own")
    other = initiative_factory(municipality=asker, name="Asker's")
    client = api_as(staff_bodo)

    # when Bodø's staff list initiatives and ask for Asker's
    listed = client.get("/api/v1/initiatives/")
    foreign = client.get(f"/api/v1/initiatives/{other.pk}/")

    # then they see only their own, and Asker's is not found
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [own.pk]
    assert listed.json()["results"][0]["municipality"] == "1804"
    assert foreign.status_code == 404
    assert client.get("/api/v1/municipalities/3203/").status_code == 404
    assert client.get("/api/v1/municipalities/1804/").json()["name"] == bodo.name


def test_anonymous_requests_are_refused_with_401(db: Any) -> None:
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/initiatives/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_refused(db: Any) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer hbs_00000000_nonsense")
    response = client.get("/api/v1/initiatives/")
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"] or "ikke gyldig" in response.json()["detail"]


def test_events_carry_their_counts_and_the_filters_work(
    api_as: Any,
    viewer_bodo: Any,
    event_factory: Any,
    participant_count_factory: Any,
    input_factory: Any,
    initiative_factory: Any,
    bodo: Any,
) -> None:
    # given two events of a Bodø initiative, one with counts and input
    initiative = initiative_factory(municipality=bodo)
    early = event_factory(initiative=initiative, date=datetime.date(2025, 1, 10))
    late = event_factory(initiative=initiative, date=datetime.date(2025, 6, 10))
    participant_count_factory(event=late, count=7)
    input_factory(event=late, follow_up_status="taken_forward", summary="More light.")
    client = api_as(viewer_bodo, ApiToken.Scope.READ)

    # when the viewer filters the events by date and the input by status
    events = client.get("/api/v1/events/", {"date_from": "2025-06-01", "municipality": "1804"})
    inputs = client.get("/api/v1/inputs/", {"follow_up_status": "taken_forward"})

    # then only the late event comes, with its counts, and its input
    assert [e["id"] for e in events.json()["results"]] == [late.pk]
    assert events.json()["results"][0]["participant_total"] == 7
    assert events.json()["results"][0]["participant_counts"][0]["count"] == 7
    assert [i["summary"] for i in inputs.json()["results"]] == ["More light."]
    assert early.pk not in [e["id"] for e in events.json()["results"]]


def test_changed_since_gives_what_changed(
    api_as: Any, staff_bodo: Any, initiative_factory: Any, bodo: Any
) -> None:
    old = initiative_factory(municipality=bodo)
    type(old).objects.filter(pk=old.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    new = initiative_factory(municipality=bodo)
    client = api_as(staff_bodo)
    response = client.get("/api/v1/initiatives/", {"changed_since": "2024-01-01T00:00:00Z"})
    assert [row["id"] for row in response.json()["results"]] == [new.pk]


def test_cursor_pages_walk_every_row_once(
    api_as: Any, admin_user: Any, initiative_factory: Any, bodo: Any
) -> None:
    made = {initiative_factory(municipality=bodo).pk for _ in range(5)}
    client = api_as(admin_user)
    seen: list[int] = []
    url: str | None = "/api/v1/initiatives/?page_size=2"
    while url:
        page = client.get(url).json()
        seen.extend(row["id"] for row in page["results"])
        url = page["next"]
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


def test_detail_reads_answer_304_to_a_matching_etag(
    api_as: Any, staff_bodo: Any, initiative_factory: Any, bodo: Any
) -> None:
    initiative = initiative_factory(municipality=bodo)
    client = api_as(staff_bodo)
    first = client.get(f"/api/v1/initiatives/{initiative.pk}/")
    etag = first["ETag"]
    again = client.get(f"/api/v1/initiatives/{initiative.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    initiative.name = "Renamed"
    initiative.save()
    changed = client.get(f"/api/v1/initiatives/{initiative.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_list_query_counts_do_not_grow_with_rows(
    api_as: Any,
    admin_user: Any,
    event_factory: Any,
    participant_count_factory: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(6):
        participant_count_factory(event=event_factory())
    client = api_as(admin_user)
    # The token's first use records its address (a security event); later uses read the token,
    # the roles, the page and its prefetches.
    client.get("/api/v1/regions/")
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/events/").status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get("/api/v1/initiatives/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/inputs/").status_code == 200


def test_totals_over_a_region_go_through_disclosure_control(
    api_as: Any,
    viewer_bodo: Any,
    adviser_nord: Any,
    bodo: Any,
    region_nord: Any,
    indicator_factory: Any,
    period_factory: Any,
    value_factory: Any,
) -> None:
    # given approved values of an indicator of unit count in two municipalities of the region
    from participation.places.models import Indicator, Municipality
    from participation.programme.models import IndicatorValue

    indicator = indicator_factory(unit=Indicator.Unit.COUNT)
    period = period_factory(strategy=indicator.strategy)
    other = Municipality.objects.filter(region=region_nord).exclude(pk=bodo.pk).order_by("pk")[0]
    for municipality, value in ((bodo, 3), (other, 40)):
        value_factory(
            municipality=municipality,
            indicator=indicator,
            period=period,
            value=value,
            status=IndicatorValue.Status.APPROVED,
        )
    url = f"/api/v1/indicator-totals/?period={period.pk}&region={region_nord.code}"

    # when Bodø's viewer, who sees only Bodø in full, asks for the region's total
    protected = api_as(viewer_bodo).get(url).json()
    # and the region's adviser, who sees every municipality of it, asks too
    exact = api_as(adviser_nord).get(url).json()

    # then the viewer gets protected figures (two values: "<5"), the adviser exact ones
    row = next(r for r in protected if r["indicator"] == indicator.pk)
    assert row["protected"] is True
    assert row["values_counted"] == "<5"
    assert 43 - 2 <= row["value"] <= 43 + 2  # perturbed, as in the reports
    exact_row = next(r for r in exact if r["indicator"] == indicator.pk)
    assert exact_row == {**exact_row, "protected": False, "values_counted": 2, "value": 43}


def test_a_time_the_database_cannot_hold_is_refused_not_a_server_error(
    api_as: Any, staff_bodo: Any
) -> None:
    # Found by schemathesis: an offset beyond ±15:59 reached PostgreSQL.
    client = api_as(staff_bodo)
    response = client.get("/api/v1/meetings/", {"changed_since": "4758-01-24T14:17:39-18:23"})
    assert response.status_code == 200
    overflow = client.get("/api/v1/meetings/", {"changed_since": "9999-12-31T23:00:00-18:00"})
    assert overflow.status_code == 400
