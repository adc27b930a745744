"""Logins, failed logins, logouts and lockouts are recorded as security events, each once,
through the real login form."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from participation.accounts.models import SecurityEvent

Kind = SecurityEvent.Kind
LOGIN = reverse("login")
LOGOUT = reverse("logout")
PASSWORD = "pw-for-tests-only"


def kinds() -> list[str]:
    return list(SecurityEvent.objects.order_by("created_at", "pk").values_list("kind", flat=True))


def test_a_login_is_recorded_once_with_the_user(client, staff_bodo):  # type: ignore[no-untyped-def]
    # when the Bodø user logs in through the form
    response = client.post(LOGIN, {"username": "bodo-test", "password": PASSWORD})
    # then
    assert response.status_code == 302
    event = SecurityEvent.objects.get()
    assert event.kind == Kind.LOGIN
    assert event.actor == staff_bodo
    assert event.username == "bodo-test"
    assert event.ip_address == "127.0.0.1"


def test_a_failed_login_is_recorded_once_with_the_typed_name_and_no_password(client, staff_bodo):  # type: ignore[no-untyped-def]
    # when someone types a wrong password for the Bodø user
    response = client.post(LOGIN, {"username": "bodo-test", "password": "wrong-horse-battery"})
    # then one failed login, naming the account, and the password is nowhere
    assert response.status_code == 200
    event = SecurityEvent.objects.get()
    assert event.kind == Kind.LOGIN_FAILED
    assert event.actor is None
    assert event.username == "bodo-test"
    assert event.target_user == staff_bodo
    assert "wrong-horse-battery" not in str(SecurityEvent.objects.values().get(pk=event.pk))


@pytest.mark.django_db
def test_a_failed_login_for_an_unknown_name_keeps_the_name_as_typed(client):  # type: ignore[no-untyped-def]
    # when someone tries a username that does not exist
    client.post(LOGIN, {"username": "nobody-here", "password": "guess"})
    # then
    event = SecurityEvent.objects.get()
    assert (event.kind, event.username, event.target_user) == (
        Kind.LOGIN_FAILED,
        "nobody-here",
        None,
    )


def test_a_logout_is_recorded_once(client, staff_bodo):  # type: ignore[no-untyped-def]
    # given a logged-in user
    client.post(LOGIN, {"username": "bodo-test", "password": PASSWORD})
    # when they log out
    response = client.post(LOGOUT)
    # then
    assert response.status_code == 302
    assert kinds() == [Kind.LOGIN, Kind.LOGOUT]
    assert SecurityEvent.objects.get(kind=Kind.LOGOUT).actor == staff_bodo


@pytest.mark.django_db
def test_a_logout_without_a_login_records_nothing(client):  # type: ignore[no-untyped-def]
    # when an anonymous visitor posts to logout
    client.post(LOGOUT)
    # then
    assert kinds() == []


def test_a_lockout_is_recorded_once_and_every_failure_once(client, staff_bodo):  # type: ignore[no-untyped-def]
    # given the failure limit
    limit = settings.AXES_FAILURE_LIMIT
    # when wrong passwords are posted up to the limit
    responses = [
        client.post(LOGIN, {"username": "bodo-test", "password": f"wrong-{i}"})
        for i in range(limit)
    ]
    # then the last attempt locked the account: each failure once, the lockout once
    assert [r.status_code for r in responses] == [200] * (limit - 1) + [429]
    # (django-axes locks from inside its own failed-login handler, which runs before ours: the
    # last failure and the lockout share a moment, in either order)
    assert sorted(kinds()) == sorted([Kind.LOGIN_FAILED] * limit + [Kind.LOCKED_OUT])
    lockout = SecurityEvent.objects.get(kind=Kind.LOCKED_OUT)
    assert (lockout.username, lockout.target_user) == ("bodo-test", staff_bodo)
    assert lockout.data == {"failures": limit}

    # when one more attempt is made while locked out, even with the right password
    response = client.post(LOGIN, {"username": "bodo-test", "password": PASSWORD})
    # then it is refused and counted as a failed login, not as a second lockout
    assert response.status_code == 429
    assert sorted(kinds()) == sorted([Kind.LOGIN_FAILED] * (limit + 1) + [Kind.LOCKED_OUT])
    assert kinds()[-1] == Kind.LOGIN_FAILED
