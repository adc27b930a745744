"""Recording security events (logins, exports, role changes …) in the append-only log."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from participation.accounts.models import SecurityEvent


def record_security_event(
    kind: str,
    *,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    target_user: AbstractBaseUser | None = None,
    ip_address: str | None = None,
    data: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Append one security event. `actor` is who did it; `target_user` whom it concerned;
    `ip_address` where the request came from (`participation.core.views.client_ip`), if known."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    if actor is not None and not username:
        username = actor.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        # The project's user model is auth.User; signals hand us its abstract base type.
        actor=cast(User | None, actor),
        username=username[:150],
        target_user=cast(User | None, target_user),
        ip_address=ip_address,
        data=data or {},
    )
