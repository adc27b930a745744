"""The admins' second factor: TOTP devices (django-otp) set up, checked, confirmed and reset.

A user has at most one confirmed device. Setting up a new one leaves the old one working until
the new one is confirmed with a code from it; then the old one is removed. An admin who lost
their phone has their devices removed by another admin (`reset_second_factor`, from the user
management page) and sets up a new app at their next login.

Codes are checked here, never in a view: `check_code` locks the device row, so two requests
cannot both try the same code, and django-otp throttles the device (after each wrong code the
next attempt must wait twice as long: 1, 2, 4, 8 … seconds).
"""

from __future__ import annotations

import math

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.accounts.models import SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.core.services import ServiceError

# Device names are not shown as such; one per purpose keeps the admin's device list readable.
DEVICE_NAME = "authenticator app"


class CodeRefused(ServiceError):
    """A code was not accepted. `reason` is "throttled" (too soon after a wrong code, nothing was
    checked) or "invalid" (checked and wrong); the message belongs to the form's code field."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__({"code": message})
        self.reason = reason


class SecondFactorError(ServiceError):
    """A second-factor change refused for a reason the admin should read."""


def has_device(user: User) -> bool:
    """Whether the user has any device, confirmed or still being set up."""
    return TOTPDevice.objects.filter(user=user).exists()


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


def _refusal(device: TOTPDevice, code: str) -> CodeRefused | None:
    """Check `code` against `device`, locked by the caller's transaction; None if accepted.

    The refusal is returned, not raised, so that the caller's transaction commits: a wrong
    code's throttling count (and an accepted code's "used" mark) must stay counted.
    """
    allowed, details = device.verify_is_allowed()
    if allowed:
        if device.verify_token(code):
            return None
        return CodeRefused(
            _("That code is not right. Check the time on your phone and try the new code."),
            reason="invalid",
        )
    if details and details.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        wait = details["locked_until"] - timezone.now()
        seconds = max(1, math.ceil(wait.total_seconds()))
        return CodeRefused(
            ngettext(
                "Too many wrong codes in a row. Wait %(seconds)d second, then try again.",
                "Too many wrong codes in a row. Wait %(seconds)d seconds, then try again.",
                seconds,
            )
            % {"seconds": seconds},
            reason="throttled",
        )
    return CodeRefused(_("Codes cannot be checked just now."), reason="throttled")


def check_code(device: TOTPDevice, *, code: str) -> TOTPDevice:
    """Check a six-digit `code` from `device`; return the device as re-read, or raise CodeRefused.

    The check runs in its own transaction with the device row locked, and that transaction
    commits whatever the outcome.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        refused = _refusal(device, code)
    if refused is not None:
        raise refused
    return device


def pass_second_factor(user: User, *, code: str, ip_address: str | None) -> TOTPDevice:
    """The second step of `user`'s login: check `code` against their confirmed device.

    Returns the device (for `django_otp.login`). A wrong code is recorded as a failed login
    (step "second_factor") and raises CodeRefused; so does a code tried too soon, unrecorded.
    Raises SecondFactorError if the user has no confirmed device.
    """
    device = confirmed_device(user)
    if device is None:
        raise SecondFactorError(_("Set up your authenticator app first."))
    try:
        return check_code(device, code=code)
    except CodeRefused as refused:
        if refused.reason == "invalid":
            record_security_event(
                SecurityEvent.Kind.LOGIN_FAILED,
                actor=user,
                ip_address=ip_address,
                data={"step": "second_factor"},
            )
        raise


def confirm_device(
    device: TOTPDevice, *, actor: User, code: str, ip_address: str | None
) -> TOTPDevice:
    """Make `device` the user's one confirmed device, once `code` from it is right.

    The code is checked and the device confirmed in one transaction, the device row locked.
    Raises CodeRefused for a wrong code (the device stays unconfirmed, the old one works on).
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        refused = _refusal(device, code)
        if refused is None:
            replaced = TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk)
            had_device = replaced.filter(confirmed=True).exists()
            replaced.delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record_security_event(
                SecurityEvent.Kind.SECOND_FACTOR_ENROLLED,
                actor=actor,
                target_user=device.user,
                ip_address=ip_address,
                data={"replaced_device": had_device},
            )
    if refused is not None:
        raise refused
    return device


def ensure_can_reset_second_factor(user: User, *, actor: User | None) -> None:
    """Raise SecondFactorError if `actor` may not reset `user`'s second factor: an admin
    replaces their own app from their account page, with a code from the current one."""
    if actor is not None and actor.pk == user.pk:
        raise SecondFactorError(
            _(
                "You cannot reset your own second factor here. To change phones, set up the "
                "new authenticator app from your account page. If you lost your phone, ask "
                "another admin to reset it."
            )
        )


@transaction.atomic
def reset_second_factor(
    user: User, *, actor: User | None, reason: str = "", ip_address: str | None = None
) -> int:
    """Remove all of `user`'s devices (a lost phone); they set up a new one at their next login.

    A session of theirs that passed the old device is no longer verified (its device is gone),
    so it too is asked to set up a new app. Returns how many devices were removed; the security
    event records who reset whose, when, how many devices went and the reason given.
    """
    ensure_can_reset_second_factor(user, actor=actor)
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    data: dict[str, object] = {"devices_removed": removed}
    if reason.strip():
        data["reason"] = reason.strip()
    record_security_event(
        SecurityEvent.Kind.SECOND_FACTOR_RESET,
        actor=actor,
        target_user=user,
        ip_address=ip_address,
        data=data,
    )
    return removed
