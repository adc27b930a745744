"""An admin removes an identity number in headless Chromium: from the audit log's tab, through the
list of places and the confirmation, to the message that it is done. Each page is checked by axe.
"""

from __future__ import annotations

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from participation.accounts.audit import acting_as
from participation.accounts.models import RoleAssignment, SecurityEvent
from participation.involvement.models import Initiative
from participation.places.models import Municipality
from tests.redaction.support import FNR, save_before_the_guard

from .support import PASSWORD, describe, serious_violations

pytestmark = pytest.mark.browser

USERNAME = "admin-redaction-browser"


@pytest.fixture
def admin(reference_data):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(username=USERNAME, password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.ADMIN)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


@pytest.fixture
def slipped(reference_data) -> Initiative:  # type: ignore[no-untyped-def]
    with acting_as(None):
        initiative = Initiative.objects.create(
            municipality=Municipality.objects.get(number="1804"),
            name="Bolig Nu",
            aim="Bolig.",
            start_date=datetime.date(2025, 1, 1),
        )
        save_before_the_guard(initiative, challenges=f"Beboer {FNR} manglet nøkkel.")
    return initiative


def assert_accessible(axe: Axe, page: Page) -> None:
    violations = serious_violations(axe, page)
    assert not violations, (
        f"axe found serious or critical violations on {page.url}:\n{describe(violations)}"
    )


def log_in_with_code(page: Page, base: str, admin) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(USERNAME)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(f"{base}/login/totp/")))
    device = TOTPDevice.objects.get(user=admin)
    page.locator("input[name=code]").fill(f"{TOTP(device.bin_key).token():06d}")
    page.locator("form:has(input[name=code]) [type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_an_admin_removes_an_identity_number_everywhere(  # type: ignore[no-untyped-def]
    page: Page, live_server, admin, slipped, axe: Axe
) -> None:
    base = live_server.url
    log_in_with_code(page, base, admin)

    # given the audit log, with its tab for removing personal data
    page.goto(f"{base}/revisjon/")
    page.locator("a.nav-link[href='/revisjon/fjerning/']").click()
    page.wait_for_url(f"{base}/revisjon/fjerning/")
    assert_accessible(axe, page)

    # when they look for the number
    page.locator("input[name=text]").fill(FNR)
    page.locator("form[role=search] [type=submit]").click()

    # then the places are listed, masked
    places = page.locator("table.redaction-places")
    expect(places.first).to_be_visible()
    masked = FNR[0] + "•" * 9 + FNR[-1]
    expect(page.locator("main")).to_contain_text(masked)
    assert FNR not in page.locator("main table").all_inner_texts()[0]
    assert_accessible(axe, page)

    # when they give a reason and continue
    page.locator("textarea[name=reason]").fill("Sak 2026/9")
    page.locator("form:has(textarea[name=reason]) [type=submit]").click()

    # then the confirmation page
    page.wait_for_url(f"{base}/revisjon/fjerning/bekreft/")
    expect(page.locator("main .alert-danger")).to_be_visible()
    assert_accessible(axe, page)

    # when they confirm
    page.locator("form:has(input[name=confirmed]) [type=submit]").click()

    # then back on the search page, with what was done
    page.wait_for_url(f"{base}/revisjon/fjerning/")
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(axe, page)
    slipped.refresh_from_db()
    assert slipped.challenges == "Beboer [fjernet] manglet nøkkel."
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.REDACTION, actor=admin).exists()
