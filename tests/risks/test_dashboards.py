"""The adviser's dashboard (status rule, last contact, next due) and the region's overview with
its exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participation.accounts.models import SecurityEvent
from participation.front.queries import Status, status_for
from participation.places.models import Municipality, SubGoal
from participation.programme.models import IndicatorValue, ReportingPeriod

from .helpers import agreement, commitment, flag, meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("open_flags", "overdue", "long_overdue", "expected"),
    [
        (0, 0, False, Status.ON_TRACK),
        (1, 0, False, Status.AT_RISK),
        (0, 1, False, Status.AT_RISK),
        (2, 0, False, Status.OFF_TRACK),
        (0, 1, True, Status.OFF_TRACK),
        (1, 3, False, Status.AT_RISK),
    ],
)
def test_status_rule(open_flags, overdue, long_overdue, expected):
    assert status_for(open_flags=open_flags, overdue=overdue, long_overdue=long_overdue) == expected


def _rows(client):  # type: ignore[no-untyped-def]
    response = client.get(reverse("participation:adviser-dashboard"))
    assert response.status_code == 200
    return {row.municipality.number: row for row in response.context["rows"]}


def test_dashboard_shows_status_last_contact_and_next_due(client, adviser_nord, bodo, asker):
    today = timezone.localdate()
    # given Bodø with an agreement, one open flag, a closed one, a meeting 10 days ago, and an
    # open commitment due in 5 days; Asker (outside the adviser's scope) with an agreement
    agreement(
        bodo, start=today - datetime.timedelta(days=400), end=today + datetime.timedelta(days=300)
    )
    agreement(asker)
    flag(bodo)
    closed = flag(bodo)
    closed.closed_on = closed.raised_on
    closed.save()
    meeting(bodo, today - datetime.timedelta(days=10))
    commitment(bodo, today + datetime.timedelta(days=5))
    client.force_login(adviser_nord)
    # when the adviser opens the dashboard
    rows = _rows(client)
    # then only Bodø is listed, at risk (one open flag), with last contact and next due
    assert list(rows) == [bodo.number]
    row = rows[bodo.number]
    assert row.status == Status.AT_RISK
    assert row.open_flags == 1
    assert row.last_contact == today - datetime.timedelta(days=10)
    assert row.next_due == today + datetime.timedelta(days=5)
    # when a commitment is overdue by more than 30 days
    commitment(bodo, today - datetime.timedelta(days=31))
    # then Bodø is off track, and the page says how the status is set
    assert _rows(client)[bodo.number].status == Status.OFF_TRACK
    page = client.get(reverse("participation:adviser-dashboard")).content.decode()
    assert 'data-status="off_track"' in page
    assert "30" in page


def test_dashboard_next_due_is_agreement_end_when_sooner(client, admin_user, log_in, bodo):
    today = timezone.localdate()
    agreement(
        bodo, start=today - datetime.timedelta(days=400), end=today + datetime.timedelta(days=20)
    )
    commitment(bodo, today + datetime.timedelta(days=40))
    log_in(client, admin_user)
    row = _rows(client)[bodo.number]
    assert row.next_due == today + datetime.timedelta(days=20)
    assert row.status == Status.ON_TRACK


def _programme(municipality: Municipality, today: datetime.date) -> None:
    agreement(municipality)
    flag(municipality)
    meeting(municipality, today - datetime.timedelta(days=3))
    commitment(municipality, today - datetime.timedelta(days=2))


def test_dashboard_query_count_does_not_grow(
    client, admin_user, log_in, django_assert_max_num_queries
):
    # given two municipalities in the programme
    today = timezone.localdate()
    municipalities = list(Municipality.objects.current().order_by("number")[:8])
    for m in municipalities[:2]:
        _programme(m, today)
    log_in(client, admin_user)
    url = reverse("participation:adviser-dashboard")
    client.get(url)
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    # when there are four times as many
    for m in municipalities[2:]:
        _programme(m, today)
    with django_assert_max_num_queries(10) as large:
        response = client.get(url)
    # then the page costs the same
    assert len(response.context["rows"]) == 8
    assert len(large.captured_queries) == len(small.captured_queries)


def test_dashboard_is_for_advisers(client, staff_bodo, viewer_bodo):
    for user in (staff_bodo, viewer_bodo):
        client.force_login(user)
        assert client.get(reverse("participation:adviser-dashboard")).status_code == 403
    client.logout()
    assert client.get(reverse("participation:adviser-dashboard")).status_code == 302


# The region -----------------------------------------------------------------------------------


@pytest.fixture
def region_scene(bodo):  # type: ignore[no-untyped-def]
    """Bodø prioritises a sub-goal (renamed to look like a formula), with one approved value."""
    sub_goal = SubGoal.objects.filter(indicators__isnull=False).order_by("pk").first()
    assert sub_goal is not None
    sub_goal.name = '=HYPERLINK("http://x")'
    sub_goal.save()
    agreement(bodo).priority_sub_goals.add(sub_goal)
    indicator = sub_goal.indicators.order_by("pk")[0]
    period = ReportingPeriod.objects.create(
        strategy=indicator.strategy,
        name="2025",
        kind=ReportingPeriod.Kind.YEAR,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    IndicatorValue.objects.create(
        municipality=bodo,
        indicator=indicator,
        period=period,
        value=3,
        status=IndicatorValue.Status.APPROVED,
    )
    return sub_goal


def test_region_page_shows_prioritised_sub_goals(
    client, adviser_nord, bodo, region_nord, region_scene
):
    client.force_login(adviser_nord)
    response = client.get(reverse("participation:region-dashboard", args=[region_nord.code]))
    table = response.context["table"]
    assert table.sub_goals == [region_scene]
    ((municipality, (cell,)),) = table.rows
    assert municipality == bodo
    assert cell.prioritised
    assert cell.approved_indicators == 1


def test_region_csv_export_is_neutralised_and_recorded(
    client, adviser_nord, bodo, region_nord, region_scene
):
    client.force_login(adviser_nord)
    # when the adviser downloads the CSV
    response = client.get(reverse("participation:region-export-csv", args=[region_nord.code]))
    # then it parses, the formula-like header is neutralised, and Bodø's row is there
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][2].startswith("'=HYPERLINK")
    assert rows[1][:2] == [bodo.number, bodo.name]
    assert rows[1][3] == "1"
    assert "attachment" in response["Content-Disposition"]
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert event.actor == adviser_nord
    assert event.data == {"report": "region_sub_goals", "region": region_nord.code, "format": "csv"}


def test_region_xlsx_export_reads_back(client, admin_user, log_in, bodo, region_nord, region_scene):
    log_in(client, admin_user)
    response = client.get(reverse("participation:region-export-xlsx", args=[region_nord.code]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2].startswith("'=HYPERLINK")
    assert rows[1][0] == bodo.number
    assert rows[1][3] == 1
    assert (
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT, data__format="xlsx").count()
        == 1
    )


def test_region_404_outside_scope_403_without_the_right(
    client, adviser_nord, staff_bodo, asker, region_nord
):
    # the adviser for the north sees no municipality in Asker's region
    client.force_login(adviser_nord)
    assert asker.region is not None
    url = reverse("participation:region-export-csv", args=[asker.region.code])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("participation:region-dashboard", args=["no-such-region"])).status_code
        == 404
    )
    # municipal staff of Bodø see their region, but may not use the overview
    client.force_login(staff_bodo)
    assert (
        client.get(reverse("participation:region-dashboard", args=[region_nord.code])).status_code
        == 403
    )
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()


def test_region_query_count_does_not_grow(
    client, adviser_nord, region_nord, django_assert_max_num_queries
):
    client.force_login(adviser_nord)
    url = reverse("participation:region-dashboard", args=[region_nord.code])
    sub_goals = list(SubGoal.objects.order_by("pk")[:4])
    municipalities = list(
        Municipality.objects.current().filter(region=region_nord).order_by("pk")[:8]
    )
    for m in municipalities[:2]:
        agreement(m).priority_sub_goals.add(*sub_goals[:2])
    client.get(url)
    with django_assert_max_num_queries(14) as small:
        client.get(url)
    for m in municipalities[2:]:
        agreement(m).priority_sub_goals.add(*sub_goals)
    with django_assert_max_num_queries(14) as large:
        response = client.get(url)
    assert len(response.context["table"].rows) == 8
    assert len(large.captured_queries) == len(small.captured_queries)
