"""Security events from Django's and django-axes' signals: logins, failed logins, logouts and
lockouts. Connected once, in the app's ready().

Each failed login is recorded once: Django sends `user_login_failed` once per failed
`authenticate()` (also when django-axes refuses a locked-out user, which is still a failed
login), and django-axes only listens to that signal; it never sends it. A lockout is recorded
when django-axes locks the username, not again for each attempt made while locked out.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_failure_limit
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.http import HttpRequest

from participation.accounts.models import SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.accounts.services.sessions import end_sessions
from participation.core.views import client_ip

# The session key holding the time of the user's previous login (ISO 8601), for the dashboard's
# "since your last visit". Django has already overwritten `user.last_login` when the login
# signal's receivers run, so the previous time is read from the security events instead.
PREVIOUS_LOGIN_SESSION_KEY = "participation_previous_login"


def connect() -> None:
    # dispatch_uid: connecting twice (ready() run again in tests) must not record twice.
    # remember_previous_login first: it reads the login before the one record_login writes.
    user_logged_in.connect(remember_previous_login, dispatch_uid="participation.previous_login")
    user_logged_in.connect(record_login, dispatch_uid="participation.security.login")
    user_login_failed.connect(record_login_failed, dispatch_uid="participation.security.failed")
    user_logged_out.connect(record_logout, dispatch_uid="participation.security.logout")
    user_locked_out.connect(record_lockout, dispatch_uid="participation.security.locked_out")
    user_model = get_user_model()
    pre_save.connect(
        note_deactivation, sender=user_model, dispatch_uid="participation.security.deactivating"
    )
    post_save.connect(
        end_sessions_of_deactivated,
        sender=user_model,
        dispatch_uid="participation.security.deactivated",
    )


def _user_named(username: str) -> AbstractBaseUser | None:
    """The account a typed username names, if any, so an admin finds failures by account."""
    if not username:
        return None
    user_model = get_user_model()
    return user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()


def remember_previous_login(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """Keep the time of the user's previous login (the latest login event so far) in the new
    session; nothing on a first login."""
    session = getattr(request, "session", None)
    if session is None:
        return
    previous = (
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN, target_user=user.pk)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )
    if previous is None:
        session.pop(PREVIOUS_LOGIN_SESSION_KEY, None)
    else:
        session[PREVIOUS_LOGIN_SESSION_KEY] = previous.isoformat()


def record_login(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    record_security_event(
        SecurityEvent.Kind.LOGIN, actor=user, target_user=user, ip_address=client_ip(request)
    )


def record_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in `credentials`; only the username is kept.
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")
    record_security_event(
        SecurityEvent.Kind.LOGIN_FAILED,
        username=username,
        target_user=_user_named(username),
        ip_address=client_ip(request),
    )


def record_logout(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser | None, **kwargs: Any
) -> None:
    if user is None or not user.is_authenticated:
        return  # a logout without a session: nobody to record
    record_security_event(
        SecurityEvent.Kind.LOGOUT, actor=user, target_user=user, ip_address=client_ip(request)
    )


def record_lockout(sender: Any, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    # django-axes sends this at the failure that reaches the limit (with the count), and again at
    # every attempt made while locked out (without a count: such attempts are not counted);
    # those later attempts are already recorded as failed logins.
    failures = getattr(request, "axes_failures_since_start", None)
    credentials = getattr(request, "axes_credentials", None)
    if failures is None or failures > get_failure_limit(request, credentials):
        return  # an attempt refused while already locked out (AXES_RESET_COOL_OFF_... off)
    record_security_event(
        SecurityEvent.Kind.LOCKED_OUT,
        username=username or "",
        target_user=_user_named(username or ""),
        ip_address=client_ip(request),
        data={"failures": failures} if failures is not None else None,
    )


def note_deactivation(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before a user is saved: whether this save takes an active account's access away."""
    instance._ends_sessions = bool(
        instance.pk
        and not instance.is_active
        and sender._default_manager.filter(pk=instance.pk, is_active=True).exists()
    )


def end_sessions_of_deactivated(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deactivated user's sessions end at once, however they were deactivated (the product,
    the Django admin, a shell): a later reactivation must not bring an old cookie back."""
    if getattr(instance, "_ends_sessions", False):
        instance._ends_sessions = False
        end_sessions(instance)
