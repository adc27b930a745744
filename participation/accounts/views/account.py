"""The user's own account: roles and scopes, recent activity, password change; the admins'
second factor (setting up an authenticator app, entering its code); the lockout page."""

from __future__ import annotations

import base64
import datetime
import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from auditlog.models import LogEntry
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.accounts.access import is_admin
from participation.accounts.forms.account import AccountPasswordChangeForm, SecondFactorCodeForm
from participation.accounts.lockout import TwoLimitLockoutHandler, ip_failure_limit
from participation.accounts.models import NotificationSettings, RoleAssignment, SecurityEvent
from participation.accounts.services import notifications
from participation.accounts.services.audit import record_security_event
from participation.accounts.services.second_factor import (
    CodeRefused,
    confirm_device,
    confirmed_device,
    pass_second_factor,
    pending_device,
)
from participation.core.http import AuthenticatedHttpRequest
from participation.core.services import ServiceError
from participation.core.views import client_ip, show_service_error

ACTIVITY_LIMIT = 20


def _is_verified(user: User) -> bool:
    """Whether the session passed a second factor (django-otp's OTPMiddleware installs this)."""
    return bool(user.is_verified())  # type: ignore[attr-defined]


# --- The account page --------------------------------------------------------------------------


def describe_assignment(assignment: RoleAssignment) -> str:
    """A role and its scope in words, e.g. "Municipal staff – Bodø (programme leader)"."""
    role = assignment.get_role_display()
    if assignment.role == RoleAssignment.Role.ADMIN:
        return _("%(role)s – all municipalities") % {"role": role}
    scope = (assignment.municipality or assignment.region).name  # type: ignore[union-attr]
    if assignment.is_programme_leader:
        return _("%(role)s – %(scope)s (programme leader)") % {"role": role, "scope": scope}
    return _("%(role)s – %(scope)s") % {"role": role, "scope": scope}


@dataclass(frozen=True)
class Activity:
    """One line of the user's recent activity: a security event or a recorded change."""

    at: datetime.datetime
    what: str
    detail: str = ""


def _security_activity(event: SecurityEvent, user: Any) -> Activity:
    details = []
    if event.actor_id is not None and event.actor_id != user.pk:
        details.append(_("by %(user)s") % {"user": event.actor})
    if event.target_user_id is not None and event.target_user_id != user.pk:
        details.append(_("concerning %(user)s") % {"user": event.target_user})
    if event.ip_address:
        details.append(_("from %(address)s") % {"address": event.ip_address})
    return Activity(event.created_at, event.get_kind_display(), ", ".join(details))


CHANGE_WORDING = {
    LogEntry.Action.CREATE: gettext_lazy("Created %(kind)s"),
    LogEntry.Action.UPDATE: gettext_lazy("Changed %(kind)s"),
    LogEntry.Action.DELETE: gettext_lazy("Deleted %(kind)s"),
    LogEntry.Action.ACCESS: gettext_lazy("Viewed %(kind)s"),
}


def _change_activity(entry: LogEntry) -> Activity:
    wording = CHANGE_WORDING.get(entry.action, gettext_lazy("Changed %(kind)s"))
    return Activity(entry.timestamp, wording % {"kind": entry.content_type.name}, entry.object_repr)


def recent_activity(user: Any, limit: int = ACTIVITY_LIMIT) -> list[Activity]:
    """The user's latest security events and changes, newest first: two queries."""
    events = (
        SecurityEvent.objects.filter(
            Q(actor=user)
            | Q(target_user=user)
            # Failed logins name the account tried; nobody was logged in to be their actor.
            | Q(kind=SecurityEvent.Kind.LOGIN_FAILED, actor=None, username=user.get_username())
        )
        .select_related("actor", "target_user")
        .order_by("-created_at", "-pk")[:limit]
    )
    changes = (
        LogEntry.objects.filter(actor=user)
        .select_related("content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )
    lines = [_security_activity(event, user) for event in events]
    lines += [_change_activity(entry) for entry in changes]
    lines.sort(key=lambda line: line.at, reverse=True)
    return lines[:limit]


@require_GET
@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    assignments = RoleAssignment.objects.filter(user=user).select_related("municipality", "region")
    admin = is_admin(user)
    return render(
        request,
        "participation/account/account.html",
        {
            "roles": sorted(describe_assignment(assignment) for assignment in assignments),
            "is_superuser": user.is_superuser,
            "activity": recent_activity(user),
            "activity_limit": ACTIVITY_LIMIT,
            "needs_second_factor": admin,
            "device": confirmed_device(user) if admin else None,
            "email_choices": NotificationSettings.Email.choices,
            "email_choice": notifications.email_choice(user),
        },
    )


@require_POST
@login_required
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The account page's choice of how notices come by e-mail."""
    choice = request.POST.get("email", "")
    if choice not in NotificationSettings.Email.values:
        messages.error(request, _("Choose one of the ways to get notices."))
    else:
        notifications.set_email_choice(request.user, actor=request.user, email=choice)
        messages.success(request, _("Your choice of notices was saved."))
    return redirect(reverse("participation:account") + "#notices")


class AccountPasswordChangeView(PasswordChangeView):
    """Django's password change (old password, the validators), back to the account page."""

    form_class = AccountPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("participation:account")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        record_security_event(
            SecurityEvent.Kind.PASSWORD_CHANGED,
            actor=self.request.user,
            target_user=form.user,
            ip_address=client_ip(self.request),
        )
        messages.success(self.request, _("Your password has been changed."))
        return response


# --- The second factor -------------------------------------------------------------------------


def _next_url(request: HttpRequest, default: str) -> str:
    """The `next` address asked for, if it is on this site; else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so its errors show), None for a GET."""
    return request.POST if request.method == "POST" else None


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def _qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code, an SVG in a data: URI.

    A data: image passes the Content Security Policy (img-src 'self' data:) and needs no script.
    """
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _secret_for_typing(device: TOTPDevice) -> str:
    """The secret key in base32 without padding or spaces: every authenticator app (and
    `oathtool --totp -b KEY`) accepts it pasted as it is."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


@require_http_methods(["GET", "POST"])
@login_required
def totp_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code.

    Admins only. An admin who already has a device must have passed it in this session (the
    middleware sends them to the code page first); the old device works until the new one is
    confirmed.
    """
    user = request.user
    if not is_admin(user):
        raise PermissionDenied
    current = confirmed_device(user)
    if current is not None and not _is_verified(user):
        return redirect(_with_next(reverse("participation:totp-verify"), request.get_full_path()))
    next_url = _next_url(request, default=reverse("participation:account"))

    device = pending_device(user)
    form = SecondFactorCodeForm(_posted(request), submit_label=_("Confirm and finish"))
    if request.method == "POST" and form.is_valid():
        try:
            device = confirm_device(
                device,
                actor=user,
                code=form.cleaned_data["code"],
                ip_address=client_ip(request),
            )
        except CodeRefused as refused:
            show_service_error(request, refused, form)
        else:
            django_otp.login(request, device)
            messages.success(
                request,
                _(
                    "Your authenticator app is set up. When you log in, you will be asked "
                    "for a code from it."
                ),
            )
            return HttpResponseRedirect(next_url)

    return render(
        request,
        "participation/account/totp_enrol.html",
        {
            "form": form,
            "qr_code": _qr_code_data_uri(device),
            "secret": _secret_for_typing(device),
            "replacing": current is not None,
            "next": next_url,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def totp_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step of an admin's login: a code from their authenticator app."""
    user = request.user
    next_url = _next_url(request, default=reverse("participation:dashboard"))
    if not is_admin(user) or _is_verified(user):
        return HttpResponseRedirect(next_url)
    if confirmed_device(user) is None:
        return redirect(_with_next(reverse("participation:totp-enrol"), next_url))

    form = SecondFactorCodeForm(_posted(request), submit_label=_("Continue"))
    if request.method == "POST" and form.is_valid():
        try:
            device = pass_second_factor(
                user, code=form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except ServiceError as refused:
            show_service_error(request, refused, form)
        else:
            django_otp.login(request, device)
            return HttpResponseRedirect(next_url)

    return render(
        request, "participation/account/totp_verify.html", {"form": form, "next": next_url}
    )


# --- Lockout (django-axes) ---------------------------------------------------------------------


def _duration(delta: datetime.timedelta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): a page, with axes' status 429.

    It reads the same whatever username was typed, so it tells nobody whether an account exists.
    It says which limit was reached: the client address's (every username from it is blocked,
    after `AXES_IP_FAILURE_LIMIT` failures) or the username's from this address.
    """
    cool_off = get_cool_off(request)
    by_address = TwoLimitLockoutHandler().address_is_locked(request, credentials)
    return render(
        request,
        "registration/locked_out.html",
        {
            "duration": _duration(cool_off) if cool_off else None,
            "by_address": by_address,
            "failure_limit": (
                ip_failure_limit() if by_address else get_failure_limit(request, credentials)
            ),
        },
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
