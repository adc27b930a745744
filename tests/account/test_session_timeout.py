"""Logins end after an idle hour (SESSION_IDLE_TIMEOUT) and after eight hours in all
(SESSION_COOKIE_AGE), whatever the activity; the user is told why."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from participation.accounts.middleware import SESSION_LAST_SEEN_KEY, SESSION_STARTED_KEY

DASHBOARD = reverse("participation:dashboard")
LOGIN = reverse("login")


def shift_clocks(client, *, started: int = 0, last_seen: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Move the session's clocks `started` / `last_seen` seconds into the past."""
    session = client.session
    session[SESSION_STARTED_KEY] -= started
    session[SESSION_LAST_SEEN_KEY] -= last_seen
    session.save()


def test_defaults_are_an_idle_hour_and_an_eight_hour_day() -> None:
    assert settings.SESSION_IDLE_TIMEOUT == 60 * 60
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_login_starts_both_clocks(client, staff_bodo):
    # when
    client.post(LOGIN, {"username": "bodo-test", "password": "pw-for-tests-only"})
    # then
    session = client.session
    assert session[SESSION_STARTED_KEY] == session[SESSION_LAST_SEEN_KEY]


def test_activity_within_the_limits_keeps_the_login(client, staff_bodo):
    # given: the last request was 59 minutes ago, the login 7 hours ago
    client.force_login(staff_bodo)
    shift_clocks(client, started=7 * 3600, last_seen=59 * 60)
    # when
    response = client.get(DASHBOARD)
    # then: still logged in, and "last seen" moved to now
    assert response.status_code == 200
    session = client.session
    assert session[SESSION_STARTED_KEY] < session[SESSION_LAST_SEEN_KEY]
    assert client.get(DASHBOARD).status_code == 200


def test_an_idle_hour_logs_the_user_out_and_says_so(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    shift_clocks(client, started=61 * 60, last_seen=61 * 60)
    # when
    response = client.get(DASHBOARD, follow=True)
    # then
    assert response.redirect_chain[0] == (f"{LOGIN}?next={DASHBOARD}", 302)
    assert "You were logged out after 60 minutes without activity" in response.text
    assert "_auth_user_id" not in client.session


def test_eight_hours_end_the_login_even_when_active(client, staff_bodo):
    # given: active a minute ago, logged in 8 hours and a minute ago
    client.force_login(staff_bodo)
    shift_clocks(client, started=8 * 3600 + 60, last_seen=60)
    # when
    response = client.get(DASHBOARD, follow=True)
    # then
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "Your login has expired" in response.text
    assert "_auth_user_id" not in client.session


def test_logging_in_again_restarts_the_clocks(client, staff_bodo):
    # given: a long login, and the user logs in again in the same browser
    client.force_login(staff_bodo)
    shift_clocks(client, started=8 * 3600 - 60, last_seen=10)
    client.post(LOGIN, {"username": "bodo-test", "password": "pw-for-tests-only"})
    shift_clocks(client, started=120, last_seen=120)
    # when
    response = client.get(DASHBOARD)
    # then
    assert response.status_code == 200
