"""Fixtures for the login and account tests: codes from a device."""

from __future__ import annotations

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

PASSWORD = factories.PASSWORD  # the password every test user has


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The six-digit code an authenticator app shows for `device` now (or `steps_ahead` 30-second
    steps later: a code is accepted once, so a second login in the same step needs the next)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def admin_device(admin_user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    """A confirmed authenticator app for `admin_user`."""
    return TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
