"""An admin's second factor in headless Chromium: the first login sets up an authenticator app,
the next one asks for its code. Both pages are checked by axe."""

from __future__ import annotations

import base64
import datetime
import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from participation.accounts.models import RoleAssignment, SecurityEvent

from .support import PASSWORD, describe, serious_violations

pytestmark = pytest.mark.browser

USERNAME = "admin-browser"


@pytest.fixture
def admin(reference_data):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(username=USERNAME, password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.ADMIN)
    return user


def assert_accessible(axe: Axe, page: Page) -> None:
    violations = serious_violations(axe, page)
    assert not violations, (
        f"axe found serious or critical violations on {page.url}:\n{describe(violations)}"
    )


def submit_password(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(USERNAME)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()


def code_from_app(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key as the page gives it (base32, one word)."""
    key = secret
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_admin_sets_up_an_app_then_needs_its_code_at_the_next_login(
    page: Page, live_server, admin, axe: Axe
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url

    # given: an admin without an authenticator app logs in with the password
    submit_password(page, base)

    # then: they are sent to set one up, which shows a QR code and the key for typing
    page.wait_for_url(re.compile(re.escape(f"{base}/konto/totp/ny/") + r"\?next=%2F$"))
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("img.qr-code")).to_be_visible()
    assert page.locator("img.qr-code").evaluate("img => img.naturalWidth") > 0
    secret = page.locator("#totp-secret").inner_text()
    assert_accessible(axe, page)

    # when: they enter the code their app computes from the key
    page.locator("input[name=code]").fill(code_from_app(secret))
    page.locator("form:has(input[name=code]) [type=submit]").click()

    # then: the dashboard, with the confirmation
    page.wait_for_url(f"{base}/")
    expect(page.locator("main .alert-success")).to_be_visible()
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.SECOND_FACTOR_ENROLLED, actor=admin
    ).exists()

    # when: they log out from the user menu, and log in again
    page.locator("header").get_by_role("button", name=re.compile(r"^Logget inn som")).click()
    page.locator("header form[action='/logout/'] [type=submit]").click()
    page.wait_for_url(f"{base}/login/")
    submit_password(page, base)

    # then: the code page
    page.wait_for_url(re.compile(re.escape(f"{base}/login/totp/") + r"\?next=%2F$"))
    expect(page.locator("input[name=code]")).to_be_focused()
    assert_accessible(axe, page)

    # when: a wrong code
    page.locator("input[name=code]").fill("000000")
    page.locator("form:has(input[name=code]) [type=submit]").click()

    # then: an error tied to the field, still on the code page
    expect(page.locator("input[name=code]")).to_have_attribute("aria-invalid", "true")
    assert "/login/totp/" in page.url
    assert_accessible(axe, page)

    # when: the app's next code (a code is accepted once, so a login within the same 30 seconds
    # needs the next one), after the wait django-otp imposes after a wrong code (1 s; moved
    # back rather than slept through)
    TOTPDevice.objects.filter(user=admin).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )
    page.locator("input[name=code]").fill(code_from_app(secret, steps_ahead=1))
    page.locator("form:has(input[name=code]) [type=submit]").click()

    # then: in
    page.wait_for_url(f"{base}/")
    expect(page.locator("h1")).to_be_visible()


def test_admin_resets_another_admins_second_factor(
    page: Page, live_server, admin, axe: Axe
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    # given: this admin with an app, and another admin who lost the phone with theirs on it
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    other = get_user_model().objects.create_user(username="other-admin-browser", password=PASSWORD)
    RoleAssignment.objects.create(user=other, role=RoleAssignment.Role.ADMIN)
    TOTPDevice.objects.create(user=other, name="lost phone", confirmed=True)
    submit_password(page, base)
    page.wait_for_url(re.compile(re.escape(f"{base}/login/totp/")))
    key = base64.b32encode(device.bin_key).decode("ascii")
    page.locator("input[name=code]").fill(code_from_app(key))
    page.locator("form:has(input[name=code]) [type=submit]").click()
    page.wait_for_url(f"{base}/")

    # when: they open the other admin's page under Brukere and choose the reset
    page.goto(f"{base}/brukere/{other.pk}/")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Tilbakestill tofaktorautentisering").click()

    # then: asked first, with a labelled field for the reason
    page.wait_for_url(f"{base}/brukere/{other.pk}/tilbakestill-totp/")
    expect(page.get_by_label("Begrunnelse (valgfritt)")).to_be_visible()
    assert_accessible(axe, page)

    # when: they give a reason and confirm
    page.get_by_label("Begrunnelse (valgfritt)").fill("Mistet telefonen")
    page.get_by_role("button", name="Tilbakestill tofaktorautentisering").click()

    # then: back on the user's page, told what happens next; the app is gone, and recorded
    page.wait_for_url(f"{base}/brukere/{other.pk}/")
    expect(page.locator("main .alert-success")).to_be_visible()
    assert_accessible(axe, page)
    assert not TOTPDevice.objects.filter(user=other).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SECOND_FACTOR_RESET)
    assert (event.actor, event.target_user) == (admin, other)
    assert event.data == {"devices_removed": 1, "reason": "Mistet telefonen"}
