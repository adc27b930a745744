"""Login and session security that applies to every request.

- `SessionTimeoutMiddleware`: a login ends after SESSION_IDLE_TIMEOUT seconds without a request,
  and SESSION_COOKIE_AGE seconds after it began, whatever the activity.
- `SecondFactorMiddleware`: admins must pass a TOTP second factor before anything else.
- `PermissionsPolicyMiddleware`: the browser features the product never uses are switched off.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.accounts.access import is_admin

Handler = Callable[[HttpRequest], HttpResponse]

# Session keys: when the login began, and when the user was last seen (Unix seconds).
SESSION_STARTED_KEY = "session_started_at"
SESSION_LAST_SEEN_KEY = "session_last_seen_at"
# "Last seen" is written at most this often, so browsing does not save the session each request.
LAST_SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="participation.session_timeout.start")
def _start_session_clock(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    # Logging in again within a session keeps its data: restart both clocks.
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_LAST_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Logs the user out after an idle period and after the maximum length of a login.

    Django's own expiry (SESSION_COOKIE_AGE) moves forward whenever the session is saved, so it
    cannot cap a login's length alone; both limits are checked here against the session's clocks.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = int(time.time())
        started = session.get(SESSION_STARTED_KEY)
        last_seen = session.get(SESSION_LAST_SEEN_KEY)
        if started is None or last_seen is None:
            session[SESSION_STARTED_KEY] = now
            session[SESSION_LAST_SEEN_KEY] = now
            return
        idle_expired = now - last_seen > settings.SESSION_IDLE_TIMEOUT
        if idle_expired or now - started > settings.SESSION_COOKIE_AGE:
            logout(request)
            if idle_expired:
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                messages.info(
                    request,
                    _(
                        "You were logged out after %(minutes)d minutes without activity. "
                        "Log in again to continue."
                    )
                    % {"minutes": minutes},
                )
            else:
                messages.info(
                    request,
                    _("Your login has expired. Log in again to continue."),
                )
            return
        if now - last_seen >= LAST_SEEN_RESOLUTION:
            session[SESSION_LAST_SEEN_KEY] = now


class SecondFactorMiddleware:
    """Sends an admin who has not passed the second factor in this session to pass it.

    Without a confirmed TOTP device they go to set one up; with one, to enter a code from it.
    Only those pages, logging out, switching the language and static files stay reachable.
    Must come after django-otp's OTPMiddleware, which tells whether the session is verified.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # is_verified() is installed on the user by django-otp's OTPMiddleware.
        if user.is_authenticated and is_admin(user) and not user.is_verified():  # type: ignore[union-attr,attr-defined]
            redirect_to = self._second_factor_url(request)
            if redirect_to is not None:
                return HttpResponseRedirect(redirect_to)
        return self.get_response(request)

    @staticmethod
    def _second_factor_url(request: HttpRequest) -> str | None:
        path = request.path_info
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        exempt = {reverse("participation:totp-verify"), reverse("logout"), reverse("set_language")}
        if path in exempt or path.startswith(static_prefix):
            return None
        enrol_url = reverse("participation:totp-enrol")
        if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            # With a device, setting up another one needs a verified session: otherwise a
            # stolen password alone would be enough to enrol the thief's phone.
            target = reverse("participation:totp-verify")
        elif path == enrol_url:
            return None
        else:
            target = enrol_url
        return f"{target}?{urlencode({'next': request.get_full_path()})}"


class PermissionsPolicyMiddleware:
    """Tells the browser that no page may use camera, microphone, location and the like."""

    POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "camera",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "payment",
            "usb",
        )
    )

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` (with Django's other never-cache headers) on every response to
    a logged-in user, pages and downloads alike, and on every download (a report's files):
    neither a shared computer's browser cache nor a proxy keeps a copy of what staff saw.

    It sits after AuthenticationMiddleware, and looks at the user before the view runs, so the
    response that logs someone out is marked too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        logged_in = request.user.is_authenticated
        response = self.get_response(request)
        if (
            logged_in
            or request.user.is_authenticated
            or response.get("Content-Disposition", "").startswith("attachment")
        ):
            add_never_cache_headers(response)
        return response
