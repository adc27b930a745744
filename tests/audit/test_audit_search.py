"""The admins' audit-log search (/revisjon/): row changes and security events in one list, with
filters, pagination and an empty state; and the security-event list. Admins only."""

from __future__ import annotations

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from participation.accounts.audit import acting_as
from participation.accounts.models import SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.involvement.models import Initiative
from participation.programme.models import RiskFlag

AUDIT_LOG = reverse("participation:audit-log")
SECURITY_EVENTS = reverse("participation:security-events")


def rows(html: str) -> list[str]:
    if "<tbody>" not in html:
        return []
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("</tr>") if row.strip()
    ]


@pytest.fixture
def admin_client(client, log_in, admin_user):  # type: ignore[no-untyped-def]
    log_in(client, admin_user)  # recorded as a security event like any login
    return client


@pytest.fixture
def history(staff_bodo, viewer_bodo, bolig_nu, bodo):  # type: ignore[no-untyped-def]
    """Changes by the Bodø user and security events of the viewer, in this order."""
    record_security_event(SecurityEvent.Kind.LOGIN_FAILED, username="viewer-test")
    record_security_event(SecurityEvent.Kind.LOGIN, actor=viewer_bodo)
    with acting_as(staff_bodo):
        bolig_nu.status = Initiative.Status.HALTED
        bolig_nu.save()
        RiskFlag.objects.create(
            municipality=bodo, kind=RiskFlag.Kind.LEADER_LEFT, raised_on=datetime.date(2024, 3, 1)
        )


def test_admins_see_changes_and_security_events_together_newest_first(admin_client, history):  # type: ignore[no-untyped-def]
    # when
    response = admin_client.get(AUDIT_LOG)
    # then
    assert response.status_code == 200
    listed = rows(response.text)
    whats = [" ".join(row.split()[2:5]) for row in listed]
    assert whats[:4] == [
        "bodo-test Created Risk",
        "bodo-test Changed Initiative:",
        "viewer-test Logged in",
        "Typed username: viewer-test",
    ]
    assert "Status from Ongoing → to Halted" in listed[1]
    # the admin's own login (through the test helper) and the creation of Bolig Nu come after
    assert any("System Created Initiative: Bolig Nu" in row for row in listed)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"user": "bodo"}, ["Created Risk flag", "Changed Initiative"]),
        ({"user": "viewer"}, ["Logged in", "Failed login"]),
        ({"what": "change:1"}, ["Changed Initiative"]),
        ({"what": "security:login_failed"}, ["Failed login"]),
        ({"q": "bolig nu"}, ["Changed Initiative", "Created Initiative"]),
    ],
    ids=["user-changes", "user-events", "action", "kind", "record-name"],
)
def test_filters_narrow_the_list(admin_client, history, params, expected):  # type: ignore[no-untyped-def]
    # when
    response = admin_client.get(AUDIT_LOG, params)
    # then
    assert response.status_code == 200
    listed = rows(response.text)
    for row, what in zip(listed, expected, strict=True):
        assert what in row, (row, what)


def test_the_kind_of_record_filter_leaves_security_events_out(admin_client, history):  # type: ignore[no-untyped-def]
    # when filtering on risk flags
    risk_flags = ContentType.objects.get_for_model(RiskFlag)
    response = admin_client.get(AUDIT_LOG, {"object_type": risk_flags.pk})
    # then only the risk flag's creation is listed
    listed = rows(response.text)
    assert len(listed) == 1
    assert "Created Risk flag" in listed[0]


def test_the_date_range_filters_both_logs(admin_client, history, bolig_nu):  # type: ignore[no-untyped-def]
    # given an old change, recorded in March 2023
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Initiative),
        object_pk=str(bolig_nu.pk),
        object_id=bolig_nu.pk,
        object_repr="Bolig Nu",
        action=LogEntry.Action.UPDATE,
        changes={"name": ["Bolig", "Bolig Nu"]},
        timestamp=datetime.datetime(2023, 3, 15, 12, tzinfo=datetime.UTC),
    )
    today = timezone.localdate()
    # when asking for March 2023, and for today only
    march = rows(
        admin_client.get(AUDIT_LOG, {"date_from": "2023-03-01", "date_to": "2023-03-31"}).text
    )
    recent = rows(admin_client.get(AUDIT_LOG, {"date_from": today.isoformat()}).text)
    # then
    assert len(march) == 1
    assert "Name from Bolig → to Bolig Nu" in march[0]
    assert not any("Name from Bolig → to Bolig Nu" in row for row in recent)
    assert any("Logged in" in row for row in recent)


def test_a_search_that_finds_nothing_says_so(admin_client, history):  # type: ignore[no-untyped-def]
    # when
    response = admin_client.get(AUDIT_LOG, {"q": "no such record anywhere"})
    # then
    assert response.status_code == 200
    assert rows(response.text) == []
    assert "Nothing in the audit log matches your search." in response.text


def test_a_start_after_the_end_is_an_error_not_a_result(admin_client, history):  # type: ignore[no-untyped-def]
    # when
    response = admin_client.get(AUDIT_LOG, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    # then
    assert response.status_code == 200
    assert "The start date is after the end date." in response.text
    assert rows(response.text) == []


def test_the_combined_list_is_paginated(admin_client, staff_bodo):  # type: ignore[no-untyped-def]
    # given 60 security events, besides the changes the fixtures made
    for _ in range(60):
        record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)
    # when
    first = admin_client.get(AUDIT_LOG)
    second = admin_client.get(AUDIT_LOG, {"page": 2})
    # then 50 on each full page
    total = LogEntry.objects.count() + SecurityEvent.objects.count()
    assert total > 60
    assert len(rows(first.text)) == 50
    assert len(rows(second.text)) == min(50, total - 50)
    assert 'href="?page=2"' in first.text


def test_filters_are_kept_when_paging(admin_client, staff_bodo):  # type: ignore[no-untyped-def]
    for _ in range(55):
        record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)
    response = admin_client.get(AUDIT_LOG, {"user": "bodo"})
    assert 'href="?user=bodo&amp;page=2"' in response.text


def test_the_search_query_count_is_pinned(admin_client, history, staff_bodo, bodo, count_queries):  # type: ignore[no-untyped-def]
    # given the Bodø user's changes and a login of theirs
    record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)
    search = {"user": "bodo-test"}
    admin_client.get(AUDIT_LOG, search)  # warm the content-type cache, as a running server has
    few = count_queries(admin_client, AUDIT_LOG, search)
    # when they have many more of both
    for n in range(20):
        record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)
        with acting_as(staff_bodo):
            RiskFlag.objects.create(
                municipality=bodo,
                kind=RiskFlag.Kind.UNSPENT,
                raised_on=datetime.date(2024, 1, n + 1),
            )
    many = count_queries(admin_client, AUDIT_LOG, search)
    # then the page costs the same: session, user, second-factor device, the admin check, the
    # menu's task count, the search's keys (its count and its page: it finds fewer than the
    # cap), the page's changes, its security events, and one query per kind of row its changes
    # name (here municipalities)
    assert few == many == 9


def test_the_security_event_list_filters_by_kind(admin_client, history):  # type: ignore[no-untyped-def]
    # when
    everything = rows(admin_client.get(SECURITY_EVENTS).text)
    failed = rows(admin_client.get(SECURITY_EVENTS, {"what": "security:login_failed"}).text)
    # then
    assert any("Logged in" in row for row in everything)
    assert all("Changed" not in row for row in everything)
    assert len(failed) == 1
    assert "Typed username: viewer-test Failed login" in failed[0]


@pytest.mark.parametrize("role", ["staff_bodo", "viewer_bodo", "adviser_nord", "no_role_user"])
@pytest.mark.parametrize("url", [AUDIT_LOG, SECURITY_EVENTS])
def test_everyone_but_admins_gets_403(db, client, log_in, request, role, url):  # type: ignore[no-untyped-def]
    log_in(client, request.getfixturevalue(role))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", [AUDIT_LOG, SECURITY_EVENTS])
def test_anonymous_visitors_are_sent_to_log_in(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_audit_log_is_in_the_admins_menu_only(client, log_in, admin_user, staff_bodo):  # type: ignore[no-untyped-def]
    log_in(client, admin_user)
    assert f'href="{AUDIT_LOG}"' in client.get(reverse("participation:dashboard")).text
    client.logout()
    log_in(client, staff_bodo)
    assert f'href="{AUDIT_LOG}"' not in client.get(reverse("participation:dashboard")).text


def test_past_the_count_cap_the_list_says_more_than_and_pages_up_to_it(
    admin_client, staff_bodo, monkeypatch
):  # type: ignore[no-untyped-def]
    # given more records than the cap (set low here: the real one is 10 000)
    from participation.accounts.views import audit

    monkeypatch.setattr(audit, "COUNT_CAP", 60)
    for _ in range(70):
        record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)
    # when
    first = admin_client.get(AUDIT_LOG)
    second = admin_client.get(AUDIT_LOG, {"page": 2})
    # then the newest 60 are listed, on two pages, and the caption says there are more
    assert "More than 60 records found: the newest 60 are listed." in first.text
    assert len(rows(first.text)) == 50
    assert len(rows(second.text)) == 10
    # and a search with fewer results than the cap is counted exactly
    few = admin_client.get(AUDIT_LOG, {"what": "security:login_failed"})
    assert "More than" not in few.text


def test_under_the_count_cap_the_count_is_exact(admin_client, staff_bodo):  # type: ignore[no-untyped-def]
    # given
    for _ in range(3):
        record_security_event(SecurityEvent.Kind.LOGIN_FAILED, username="bodo-test")
    # when
    response = admin_client.get(AUDIT_LOG, {"what": "security:login_failed"})
    # then
    assert "3 records found" in response.text
    assert "More than" not in response.text


def test_past_the_count_cap_each_page_lists_what_the_whole_list_would(
    admin_client, staff_bodo, bolig_nu, monkeypatch
):  # type: ignore[no-untyped-def]
    # given changes and security events interleaved in time, some at the very same instant
    from participation.accounts.views import audit

    for n in range(40):
        event = SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.LOGIN, actor=staff_bodo, username="bodo-test"
        )
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Initiative),
            object_pk=str(bolig_nu.pk),
            object_id=bolig_nu.pk,
            object_repr=f"Bolig Nu {n}",
            action=LogEntry.Action.UPDATE,
            changes={"name": ["Bolig", f"Bolig Nu {n}"]},
            timestamp=event.created_at,
        )
    today = timezone.localdate(event.created_at).isoformat()
    day = {"date_from": today, "date_to": today}
    pages = [{"page": 1}, {"page": 2}, day, {**day, "page": 2}]
    # when the whole list is sorted for each page (under the cap)
    whole = [rows(admin_client.get(AUDIT_LOG, params).text) for params in pages]
    # and when each log is cut to the page before the two are merged (past a cap of 60)
    monkeypatch.setattr(audit, "COUNT_CAP", 60)
    cut = [rows(admin_client.get(AUDIT_LOG, params).text) for params in pages]
    # then the same rows in the same order, up to the cap
    assert whole[0] == cut[0]
    assert len(cut[0]) == 50
    assert cut[1] == whole[1][:10]
    assert cut[2] == whole[2]
    assert cut[3] == whole[3][:10]
    assert len(whole[3]) >= 30
    assert "Logged in" in cut[2][0]
    assert "Bolig Nu 39" in cut[2][1]  # after the event of the same instant
    # and a search under the cap (its keys sorted in Python) lists what the database's sort of
    # the unfiltered list does: everything here happened today
    assert whole[2] == whole[0]
    assert whole[3] == whole[1]


def test_the_date_range_is_the_local_calendar_day(admin_client, bolig_nu):  # type: ignore[no-untyped-def]
    # given changes half an hour before and after midnight in Norway (UTC+2 in summer)
    for name, hour in (("late", 21), ("early", 22)):
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Initiative),
            object_pk=str(bolig_nu.pk),
            object_id=bolig_nu.pk,
            object_repr=f"Bolig Nu {name}",
            action=LogEntry.Action.UPDATE,
            changes={"name": ["Bolig", name]},
            timestamp=datetime.datetime(2023, 5, 31, hour, 30, tzinfo=datetime.UTC),
        )
    # when
    may = rows(admin_client.get(AUDIT_LOG, {"date_to": "2023-05-31", "q": "bolig nu"}).text)
    june = rows(
        admin_client.get(
            AUDIT_LOG, {"date_from": "2023-06-01", "date_to": "2023-06-01", "q": "bolig nu"}
        ).text
    )
    # then 23:30 on 31 May is in May, 00:30 on 1 June in June
    assert len(may) == 1
    assert "late" in may[0]
    assert len(june) == 1
    assert "early" in june[0]
