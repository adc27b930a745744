"""Admins must pass a TOTP second factor (django-otp) before anything else; others never are asked.

An admin without an authenticator app is sent to set one up; with one, to enter its code. Only
those pages, logout and the language switch are reachable until then.
"""

from __future__ import annotations

import base64
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.accounts.models import SecurityEvent

from .conftest import PASSWORD, code_for

LOGIN = reverse("login")
LOGOUT = reverse("logout")
DASHBOARD = reverse("participation:dashboard")
ENROL = reverse("participation:totp-enrol")
VERIFY = reverse("participation:totp-verify")
ACCOUNT = reverse("participation:account")


def log_in_with_password(client, username: str, next_url: str = "") -> None:  # type: ignore[no-untyped-def]
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(LOGIN, data)
    assert response.status_code == 302, response.text


def secret_on_page(page: str) -> bytes:
    match = re.search(r'id="totp-secret">([A-Z2-7]+)<', page)
    assert match, "the set-up page shows the secret key for typing"
    secret = match.group(1)
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


# --- Admins without a device: set one up first -----------------------------------------------


def test_admin_without_device_is_sent_to_set_one_up_from_every_page(client, admin_user, bodo):
    # given
    log_in_with_password(client, "admin-test")
    for url in [DASHBOARD, bodo.get_absolute_url(), ACCOUNT, reverse("admin:index")]:
        # when
        response = client.get(url)
        # then
        assert response.status_code == 302, url
        assert response.url == f"{ENROL}?next={url.replace('/', '%2F')}", url


def test_admin_can_still_log_out_and_switch_language_before_the_second_factor(client, admin_user):
    # given
    log_in_with_password(client, "admin-test")
    # when / then
    response = client.post(reverse("set_language"), {"language": "nb", "next": ENROL})
    assert response.status_code == 302
    assert response.url == ENROL
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_set_up_page_shows_qr_code_and_key_and_keeps_them_on_reload(client, admin_user):
    # given
    log_in_with_password(client, "admin-test")
    # when
    first = client.get(ENROL, {"next": DASHBOARD})
    second = client.get(ENROL, {"next": DASHBOARD})
    # then
    assert first.status_code == 200
    assert "Set up your authenticator app" in first.text
    assert 'src="data:image/svg+xml;base64,' in first.text
    assert 'alt="QR code for adding this account to an authenticator app"' in first.text
    device = TOTPDevice.objects.get(user=admin_user)
    assert not device.confirmed
    assert secret_on_page(first.text) == device.bin_key
    assert secret_on_page(second.text) == device.bin_key


def test_qr_code_holds_the_otpauth_address(client, admin_user):
    # given
    log_in_with_password(client, "admin-test")
    # when
    response = client.get(ENROL)
    # then: an SVG drawn with paths only (no scripts, no styles)
    encoded = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', response.text)
    assert encoded
    svg = base64.b64decode(encoded.group(1)).decode()
    assert "<svg" in svg
    assert "<path" in svg
    assert "<script" not in svg
    assert "style" not in svg


def test_wrong_code_does_not_confirm_the_device(client, admin_user):
    # given
    log_in_with_password(client, "admin-test")
    client.get(ENROL)
    # when
    response = client.post(ENROL, {"code": "000000", "next": DASHBOARD})
    # then
    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert not TOTPDevice.objects.get(user=admin_user).confirmed
    assert client.get(DASHBOARD).status_code == 302


@pytest.mark.parametrize("code", ["12345", "abcdef", ""])
def test_code_must_be_six_digits(client, admin_user, code):
    # given
    log_in_with_password(client, "admin-test")
    client.get(ENROL)
    # when
    response = client.post(ENROL, {"code": code})
    # then
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in response.text
    assert TOTPDevice.objects.get(user=admin_user).throttling_failure_count == 0


def test_right_code_confirms_the_device_and_verifies_the_session(client, admin_user):
    # given
    log_in_with_password(client, "admin-test")
    page = client.get(ENROL, {"next": DASHBOARD}).text
    device = TOTPDevice.objects.get(user=admin_user)
    assert secret_on_page(page) == device.bin_key

    # when: a code is typed with a space, as apps show it
    code = code_for(device)
    response = client.post(ENROL, {"code": f"{code[:3]} {code[3:]}", "next": DASHBOARD})

    # then
    assert response.status_code == 302
    assert response.url == DASHBOARD
    device.refresh_from_db()
    assert device.confirmed
    dashboard = client.get(DASHBOARD)
    assert dashboard.status_code == 200
    assert "Your authenticator app is set up" in dashboard.text
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SECOND_FACTOR_ENROLLED)
    assert event.actor == admin_user
    assert event.target_user == admin_user
    assert event.data == {"replaced_device": False}


def test_next_outside_the_site_is_ignored(client, admin_user):
    # given
    log_in_with_password(client, "admin-test")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=admin_user)
    # when
    response = client.post(ENROL, {"code": code_for(device), "next": "https://evil.example/"})
    # then
    assert response.status_code == 302
    assert response.url == ACCOUNT


def test_superuser_without_a_role_must_pass_the_second_factor_too(client, db):
    # given
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root-test", password=PASSWORD)
    log_in_with_password(client, "root-test")
    # when
    response = client.get(reverse("admin:index"))
    # then
    assert response.status_code == 302
    assert response.url.startswith(ENROL)


# --- Admins with a device: enter its code ------------------------------------------------------


def test_admin_with_device_is_asked_for_a_code_after_the_password(
    client, admin_user, admin_device, bodo
):
    # given
    url = bodo.get_absolute_url()
    log_in_with_password(client, "admin-test", next_url=url)
    # when
    response = client.get(url)
    # then
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next={url.replace('/', '%2F')}"
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Enter your code" in page.text
    assert 'autocomplete="one-time-code"' in page.text


def test_setting_up_another_device_needs_the_code_from_the_current_one(
    client, admin_user, admin_device
):
    # given: the password alone (a thief's position)
    log_in_with_password(client, "admin-test")
    # when
    response = client.get(ENROL)
    post = client.post(ENROL, {"code": "123456"})
    # then: sent to the code page, and no new device was made
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert post.status_code == 302
    assert post.url.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=admin_user)) == [admin_device]


def test_right_code_lets_the_admin_in_to_the_page_asked_for(client, admin_user, admin_device, bodo):
    # given
    url = bodo.get_absolute_url()
    log_in_with_password(client, "admin-test", next_url=url)
    # when
    response = client.post(VERIFY, {"code": code_for(admin_device), "next": url})
    # then
    assert response.status_code == 302
    assert response.url == url
    assert client.get(url).status_code == 200
    assert client.get(ACCOUNT).status_code == 200


def test_wrong_code_is_refused_recorded_and_throttled(client, admin_user, admin_device):
    # given
    log_in_with_password(client, "admin-test")

    # when
    response = client.post(VERIFY, {"code": "000000", "next": DASHBOARD})

    # then: refused and recorded as a failed login
    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert client.get(DASHBOARD).status_code == 302
    failed = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert failed.actor == admin_user
    assert failed.data == {"step": "second_factor"}

    # when: the right code comes straight after
    response = client.post(VERIFY, {"code": code_for(admin_device), "next": DASHBOARD})

    # then: it must wait (django-otp doubles the wait after each wrong code)
    assert response.status_code == 200
    assert "Too many wrong codes in a row. Wait 1 second, then try again." in response.text
    assert client.get(DASHBOARD).status_code == 302

    # when: the wait is over
    TOTPDevice.objects.filter(pk=admin_device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )
    response = client.post(VERIFY, {"code": code_for(admin_device), "next": DASHBOARD})

    # then
    assert response.status_code == 302
    assert client.get(DASHBOARD).status_code == 200


def test_a_code_is_accepted_only_once(client, admin_user, admin_device):
    # given: the code was used to log in
    log_in_with_password(client, "admin-test")
    code = code_for(admin_device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(LOGOUT)
    # when: it is used again
    log_in_with_password(client, "admin-test")
    response = client.post(VERIFY, {"code": code})
    # then
    assert response.status_code == 200
    assert "That code is not right" in response.text


def test_admin_without_device_on_the_verification_page_goes_to_set_up(client, admin_user):
    # given
    log_in_with_password(client, "admin-test")
    # when
    response = client.get(VERIFY, {"next": ACCOUNT})
    # then
    assert response.status_code == 302
    assert response.url == f"{ENROL}?next={ACCOUNT.replace('/', '%2F')}"


def test_verified_admin_on_the_verification_page_goes_on(client, log_in, admin_user):
    # given
    log_in(client, admin_user)
    # when
    response = client.get(VERIFY, {"next": ACCOUNT})
    # then
    assert response.status_code == 302
    assert response.url == ACCOUNT


# --- A new device -----------------------------------------------------------------------------


def test_verified_admin_replaces_the_device_once_the_new_one_is_confirmed(
    client, log_in, admin_user
):
    # given
    log_in(client, admin_user)
    old = TOTPDevice.objects.get(user=admin_user, confirmed=True)
    page = client.get(ENROL)
    assert "You are setting up a new authenticator app" in page.text
    new = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert secret_on_page(page.text) == new.bin_key

    # when: a code from the old device does not confirm the new one
    client.post(ENROL, {"code": code_for(old)})
    # then
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()

    # when: the new device's code does (once the wait after a wrong code is over)
    TOTPDevice.objects.filter(pk=new.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )
    response = client.post(ENROL, {"code": code_for(new)})

    # then: the old one is gone, the session stays verified with the new one
    assert response.status_code == 302
    assert response.url == ACCOUNT
    assert list(TOTPDevice.objects.filter(user=admin_user)) == [new]
    new.refresh_from_db()
    assert new.confirmed
    assert client.get(DASHBOARD).status_code == 200
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SECOND_FACTOR_ENROLLED)
    assert event.data == {"replaced_device": True}


# --- Everyone else ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["adviser_nord", "staff_bodo", "viewer_bodo", "no_role_user"])
def test_others_are_never_asked_for_a_second_factor(client, db, request, role):
    # given
    user = request.getfixturevalue(role)
    log_in_with_password(client, user.username)
    # when / then
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(ACCOUNT).status_code == 200
    verify = client.get(VERIFY)
    assert verify.status_code == 302
    assert verify.url == DASHBOARD
    assert client.get(ENROL).status_code == 403
    assert not TOTPDevice.objects.filter(user=user).exists()


@pytest.mark.parametrize("url", [ENROL, VERIFY])
def test_anonymous_is_sent_to_login(client, db, url):
    # when
    response = client.get(url)
    # then
    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN}?next=")
