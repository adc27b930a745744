"""Changing one's own password: Django's form and validators, a security event, a message."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from participation.accounts.models import SecurityEvent

from .conftest import PASSWORD

CHANGE = reverse("participation:password-change")
ACCOUNT = reverse("participation:account")
LOGIN = reverse("login")
NEW_PASSWORD = "Boligplan-for-Bodø-2026"


def test_form_has_the_three_labelled_fields(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(CHANGE)
    # then
    assert response.status_code == 200
    assert "<h1" in response.text
    for field in ("old_password", "new_password1", "new_password2"):
        assert f'for="id_{field}"' in response.text


def test_anonymous_is_sent_to_login(client, db):
    # when
    response = client.get(CHANGE)
    # then
    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN}?next=")


def test_wrong_current_password_changes_nothing(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.post(
        CHANGE,
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.text
    staff_bodo.refresh_from_db()
    assert staff_bodo.check_password(PASSWORD)
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_CHANGED).exists()


def test_password_validators_apply(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"}
    )
    # then
    assert response.status_code == 200
    assert "This password is too short" in response.text
    assert "This password is too common" in response.text
    assert "This password is entirely numeric" in response.text
    staff_bodo.refresh_from_db()
    assert staff_bodo.check_password(PASSWORD)


def test_new_password_works_and_the_change_is_recorded(client, staff_bodo):
    # given: the user is also logged in on another device
    other_device = Client(HTTP_ACCEPT_LANGUAGE="en")
    other_device.force_login(staff_bodo)
    client.force_login(staff_bodo)

    # when
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    # then: back on the account page with a message, still logged in here
    assert response.status_code == 302
    assert response.url == ACCOUNT
    page = client.get(ACCOUNT)
    assert page.status_code == 200
    assert "Your password has been changed." in page.text
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PASSWORD_CHANGED)
    assert event.actor == staff_bodo
    assert event.target_user == staff_bodo
    # and the other device is logged out; the new password logs in
    assert other_device.get(ACCOUNT).status_code == 302
    fresh = Client()
    login = fresh.post(LOGIN, {"username": "bodo-test", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_admin_keeps_the_second_factor_after_changing_password(client, log_in, admin_user):
    # given
    log_in(client, admin_user)
    # when
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then
    assert response.status_code == 302
    assert client.get(ACCOUNT).status_code == 200
