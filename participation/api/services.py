"""Making, using and revoking API tokens.

A token is `hbs_<prefix>_<secret>`: the prefix (public, stored) finds the row, the whole token's
SHA-256 is compared with the stored one. The token itself is returned once, by the function that
makes it, and never stored. Making, revoking and the first use from a new address are security
events (participation.accounts.services.audit).

System tokens act as a service account of their own (`api-<prefix>`, no password, so it cannot
log in to the web), made with the token through the user-management service and given one role
where the token is bound: on a municipality, read-write → municipal staff, read → viewer; on a
region, read-write → adviser, read → viewer. The token then sees and may do exactly what that
role may in the web, through the same `visible_to` and rules.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.accounts.access import is_admin
from participation.accounts.models import RoleAssignment, SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.accounts.services.users import create_user, deactivate_user, grant_role
from participation.core.services import ServiceError
from participation.places.models import Municipality, Region

from .models import ApiToken, ApiTokenAddress

PREFIX = "hbs_"
MAX_PERSONAL_DAYS = 366
MAX_SYSTEM_DAYS = 2 * 366
# How often the token's `last_used_at` is written (not on every request).
LAST_USE_RESOLUTION = datetime.timedelta(minutes=1)


class TokenError(ServiceError):
    """A token refused for a reason the user should read (the message is translated)."""


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_key() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def _expiry(days: int, longest: int) -> datetime.datetime:
    if not 1 <= days <= longest:
        raise TokenError(
            {"expires_in": _("A token lasts from 1 to %(days)s days.") % {"days": longest}}
        )
    return timezone.now() + datetime.timedelta(days=days)


def _save(token: ApiToken) -> str:
    """Give `token` a fresh key, save it, and return the key (shown once)."""
    for _attempt in range(5):
        prefix, key = _new_key()
        token.prefix = prefix
        token.key_hash = hash_key(key)
        try:
            with transaction.atomic():
                token.full_clean(exclude=["user", "created_by"])
                token.save()
        except IntegrityError:  # the rare repeat of a random prefix
            continue
        return key
    raise RuntimeError("no free token prefix")


def _describe(token: ApiToken) -> dict[str, object]:
    return {
        "token": token.prefix,
        "name": token.name,
        "kind": token.kind,
        "scope": token.scope,
        "municipality": token.municipality.number if token.municipality else None,
        "region": token.region.code if token.region else None,
        "expires": token.expires_at.isoformat(),
    }


@transaction.atomic
def create_personal_token(
    user: User, *, actor: User, name: str, scope: str, expires_in: int, ip_address: str | None
) -> tuple[ApiToken, str]:
    """A personal token of `user` (who must be `actor`): acts with the user's own roles."""
    if actor.pk != user.pk:
        raise TokenError(_("Personal tokens are made by their owner."))
    token = ApiToken(
        kind=ApiToken.Kind.PERSONAL,
        user=user,
        name=name.strip(),
        scope=scope,
        created_by=actor,
        expires_at=_expiry(expires_in, MAX_PERSONAL_DAYS),
    )
    key = _save(token)
    record_security_event(
        SecurityEvent.Kind.API_TOKEN_CREATED,
        actor=actor,
        target_user=user,
        ip_address=ip_address,
        data=_describe(token),
    )
    return token, key


@transaction.atomic
def create_system_token(
    *,
    actor: User,
    name: str,
    scope: str,
    municipality: Municipality | None = None,
    region: Region | None = None,
    expires_in: int,
    ip_address: str | None,
) -> tuple[ApiToken, str]:
    """A system token for an integration, bound to one municipality or one region (admins)."""
    if not is_admin(actor):
        raise TokenError(_("Only admins make system tokens."))
    if (municipality is None) == (region is None):
        raise TokenError(_("Bind the token to one municipality or one region."))
    token = ApiToken(
        kind=ApiToken.Kind.SYSTEM,
        name=name.strip(),
        scope=scope,
        municipality=municipality,
        region=region,
        created_by=actor,
        expires_at=_expiry(expires_in, MAX_SYSTEM_DAYS),
    )
    # The service account: named after the token's prefix, chosen before the key.
    prefix, _key = _new_key()
    # No password: the account cannot log in to the web.
    service_user = create_user(actor=actor, username=f"api-{prefix}", first_name=name[:150])
    Role = RoleAssignment.Role
    writes = scope == ApiToken.Scope.READ_WRITE
    if municipality is not None:
        role = Role.MUNICIPAL if writes else Role.VIEWER
        grant_role(service_user, actor=actor, role=role, municipality=municipality)
    else:
        role = Role.ADVISER if writes else Role.VIEWER
        grant_role(service_user, actor=actor, role=role, region=region)
    token.user = User.objects.get(pk=service_user.pk)
    key = _save(token)
    record_security_event(
        SecurityEvent.Kind.API_TOKEN_CREATED,
        actor=actor,
        target_user=token.user,
        ip_address=ip_address,
        data=_describe(token),
    )
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: User, ip_address: str | None) -> ApiToken:
    """Revoke a token: from now on it is refused. Its owner or an admin may; a system token's
    service account is deactivated with it."""
    if token.user_id != actor.pk and not is_admin(actor):
        raise TokenError(_("Only the token's owner or an admin may revoke it."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    if token.kind == ApiToken.Kind.SYSTEM:
        deactivate_user(token.user, actor=actor)
    record_security_event(
        SecurityEvent.Kind.API_TOKEN_REVOKED,
        actor=actor,
        target_user=token.user,
        ip_address=ip_address,
        data=_describe(token),
    )
    return token


def find_token(key: str) -> ApiToken | None:
    """The active token `key` names, or None (unknown, wrong, revoked or expired)."""
    if not key.startswith(PREFIX):
        return None
    prefix, _sep, _secret = key.removeprefix(PREFIX).partition("_")
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, hash_key(key)):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    return token


def note_use(token: ApiToken, ip_address: str | None) -> None:
    """Record the token's use: its last use (at most once a minute) and, the first time it is
    used from an address, a security event."""
    now = timezone.now()
    fields: dict[str, Any] = {}
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        fields["last_used_at"] = now
    if ip_address and ip_address != token.last_used_ip:
        fields["last_used_ip"] = ip_address
        _, created = ApiTokenAddress.objects.get_or_create(token=token, ip_address=ip_address)
        if created:
            record_security_event(
                SecurityEvent.Kind.API_TOKEN_NEW_ADDRESS,
                actor=token.user,
                ip_address=ip_address,
                data={"token": token.prefix, "name": token.name},
            )
    if fields:
        ApiToken.objects.filter(pk=token.pk).update(**fields)
        for name, value in fields.items():
            setattr(token, name, value)


def rate_limit() -> str:
    """The requests a token may make, as DRF writes a rate ("600/minute")."""
    return str(getattr(settings, "API_RATE_LIMIT", "600/minute"))
