"""Every Django-admin change to users, groups, roles, second-factor devices and lockouts is a
security event (issue 13): who, which record, which fields from what to what, never a secret."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.accounts.models import SecurityEvent
from participation.accounts.services.users import deactivate_user, reactivate_user
from tests.factories import PASSWORD

Kind = SecurityEvent.Kind
pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db, log_in):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_superuser("root-test", password=PASSWORD)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(client, user)
    return user, client


def _user_form(user) -> dict:  # type: ignore[no-untyped-def]
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "10:00:00",
    }


def test_setting_is_superuser_in_the_admin_is_recorded(root, staff_bodo) -> None:  # type: ignore[no-untyped-def]
    actor, client = root
    # when: the superuser ticks "Superuser status" on Bodø's staff member
    response = client.post(
        reverse("admin:auth_user_change", args=[staff_bodo.pk]),
        {**_user_form(staff_bodo), "is_superuser": "on"},
    )
    # then
    assert response.status_code == 302, response.text[:3000]
    staff_bodo.refresh_from_db()
    assert staff_bodo.is_superuser
    event = SecurityEvent.objects.get(kind=Kind.ADMIN_SITE_CHANGE)
    assert (event.actor, event.target_user) == (actor, staff_bodo)
    assert event.data["action"] == "changed"
    assert event.data["model"] == "auth.user"
    assert event.data["fields"]["is_superuser"] == {"from": False, "to": True}


def test_a_password_set_in_the_admin_is_recorded_without_the_password(root, staff_bodo) -> None:  # type: ignore[no-untyped-def]
    actor, client = root
    new = "A-new-and-long-password-2026"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[staff_bodo.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302, response.text[:3000]
    event = SecurityEvent.objects.get(kind=Kind.ADMIN_SITE_CHANGE)
    assert (event.actor, event.target_user) == (actor, staff_bodo)
    assert new not in str(event.data)


def test_deleting_another_admins_totp_device_is_a_second_factor_reset(root, admin_user) -> None:  # type: ignore[no-untyped-def]
    actor, client = root
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    event = SecurityEvent.objects.get(kind=Kind.SECOND_FACTOR_RESET)
    assert (event.actor, event.target_user) == (actor, admin_user)
    assert event.data["via"] == "django-admin"
    assert event.data["action"] == "deleted"


def test_clearing_a_lockout_in_the_admin_is_an_unlock(root, staff_bodo) -> None:  # type: ignore[no-untyped-def]
    actor, client = root
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(5):
        attacker.post(reverse("login"), {"username": "bodo-test", "password": "wrong"})
    attempts = list(AccessAttempt.objects.filter(username="bodo-test"))
    assert attempts
    # when: cleared with the changelist's "delete selected" action
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [a.pk for a in attempts],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="bodo-test").exists()
    event = SecurityEvent.objects.get(kind=Kind.UNLOCKED)
    assert (event.actor, event.target_user) == (actor, staff_bodo)
    assert event.data["model"] == "axes.accessattempt"


def test_adding_a_user_in_the_admin_is_recorded(root) -> None:  # type: ignore[no-untyped-def]
    actor, client = root
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new-person",
            "password1": "A-new-and-long-password-2026",
            "password2": "A-new-and-long-password-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.text[:3000]
    event = SecurityEvent.objects.get(kind=Kind.ADMIN_SITE_CHANGE)
    assert event.actor == actor
    assert event.target_user is not None
    assert event.target_user.username == "new-person"
    assert event.data["action"] == "added"
    assert "A-new-and-long-password-2026" not in str(event.data)


def test_deactivating_a_user_ends_their_sessions(client, staff_bodo, admin_user) -> None:  # type: ignore[no-untyped-def]
    # given: Bodø's staff member is logged in
    assert (
        client.post(reverse("login"), {"username": "bodo-test", "password": PASSWORD}).status_code
        == 302
    )
    dashboard = reverse("participation:dashboard")
    assert client.get(dashboard).status_code == 200
    other = Client()
    other.force_login(admin_user)  # someone else's session stays
    sessions = Session.objects.count()
    # when: deactivated, then reactivated
    deactivate_user(staff_bodo, actor=admin_user)
    reactivate_user(staff_bodo, actor=admin_user)
    # then: the old cookie no longer logs them in; the other session is untouched
    assert client.get(dashboard).status_code == 302
    assert Session.objects.count() == sessions - 1


def test_deactivating_in_the_django_admin_ends_sessions_too(root, staff_bodo) -> None:  # type: ignore[no-untyped-def]
    _, admin_client = root
    user_client = Client()
    user_client.force_login(staff_bodo)
    dashboard = reverse("participation:dashboard")
    assert user_client.get(dashboard).status_code == 200
    form = {**_user_form(staff_bodo), "is_active": ""}
    assert (
        admin_client.post(reverse("admin:auth_user_change", args=[staff_bodo.pk]), form).status_code
        == 302
    )
    staff_bodo.refresh_from_db()
    staff_bodo.is_active = True
    staff_bodo.save()
    assert user_client.get(dashboard).status_code == 302
    event = SecurityEvent.objects.get(kind=Kind.ADMIN_SITE_CHANGE)
    assert event.data["fields"]["is_active"] == {"from": True, "to": False}
