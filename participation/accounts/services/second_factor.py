"""The admins' second factor: TOTP devices (django-otp) set up, confirmed and reset.

A user has at most one confirmed device. Setting up a new one leaves the old one working until
the new one is confirmed with a code from it; then the old one is removed.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.accounts.models import SecurityEvent
from participation.accounts.services.audit import record_security_event

# Device names are not shown as such; one per purpose keeps the admin's device list readable.
DEVICE_NAME = "authenticator app"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def pending_device(user: User) -> TOTPDevice:
    """The user's unconfirmed device, created on first use.

    Reused until confirmed, so reloading the set-up page does not change the secret the user
    may already have scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_device(
    device: TOTPDevice, *, actor: User, request: HttpRequest | None = None
) -> TOTPDevice:
    """Make `device` the user's one confirmed device, after a code from it was verified.

    `request` only gives the security event its IP address.
    """
    replaced = TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk)
    had_device = replaced.filter(confirmed=True).exists()
    replaced.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_security_event(
        SecurityEvent.Kind.SECOND_FACTOR_ENROLLED,
        actor=actor,
        target_user=device.user,
        request=request,
        data={"replaced_device": had_device},
    )
    return device


@transaction.atomic
def reset_second_factor(user: User, *, actor: User, request: HttpRequest | None = None) -> int:
    """Remove all of `user`'s devices (a lost phone); they set up a new one at their next login.

    Returns how many devices were removed. `request` only gives the event its IP address.
    """
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    record_security_event(
        SecurityEvent.Kind.SECOND_FACTOR_RESET,
        actor=actor,
        target_user=user,
        request=request,
        data={"devices_removed": removed},
    )
    return removed
