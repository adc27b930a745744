"""User accounts and role assignments, as admins manage them under /brukere/.

Every change is atomic and appends a security event in the same transaction. Users are never
deleted: deactivating one keeps every record they created and every event about them.

`actor` is the admin who acts, or None for the system itself (a management command, the demo
data, a test's set-up); either way it must be given.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.conf import settings as axes_settings
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.accounts.access import forget_grants
from participation.accounts.models import RoleAssignment, SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.core.services import ServiceError
from participation.places.models import Municipality, Region

Kind = SecurityEvent.Kind


class UserManagementError(ServiceError):
    """A change refused for a reason the admin should read (the message is translated)."""


# Accounts -------------------------------------------------------------------------------------


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
) -> User:
    """Create an account with no role. Without a password the account cannot log in until one
    is set (Django's unusable password)."""
    user = get_user_model().objects.create_user(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    record_security_event(
        Kind.USER_CREATED,
        actor=actor,
        target_user=user,
        data={"username": user.username, "email": user.email},
    )
    return user


def ensure_can_deactivate(user: User, *, actor: User | None) -> None:
    """Raise UserManagementError if `actor` may not deactivate `user`."""
    if actor is not None and actor.pk == user.pk:
        raise UserManagementError(
            _("You cannot deactivate your own account. Ask another admin to do it.")
        )


@transaction.atomic
def deactivate_user(user: User, *, actor: User | None) -> User:
    """Stop the user from logging in. Their records, attributions and events all stay."""
    ensure_can_deactivate(user, actor=actor)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    record_security_event(Kind.USER_DEACTIVATED, actor=actor, target_user=user)
    return user


@transaction.atomic
def reactivate_user(user: User, *, actor: User | None) -> User:
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    record_security_event(Kind.USER_REACTIVATED, actor=actor, target_user=user)
    return user


# Lockout (django-axes) ------------------------------------------------------------------------


def _failure_limit() -> int:
    limit = axes_settings.AXES_FAILURE_LIMIT
    if not isinstance(limit, int):
        raise TypeError("AXES_FAILURE_LIMIT must be a whole number for the user pages.")
    return limit


def _recent_attempts() -> Any:
    cool_off: timedelta | None = get_cool_off()
    attempts = AccessAttempt.objects.all()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts


def locked_out_usernames(usernames: list[str]) -> set[str]:
    """Which of these usernames django-axes is locking out now from at least one client address
    (a username is locked per address: participation/accounts/lockout.py)."""
    rows = (
        _recent_attempts()
        .filter(username__in=usernames)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=_failure_limit())
    )
    return {row["username"] for row in rows}


def is_locked_out(user: User) -> bool:
    return user.username in locked_out_usernames([user.username])


@transaction.atomic
def unlock_user(user: User, *, actor: User | None) -> int:
    """Clear the user's failed login attempts, lifting a lockout. Returns how many attempt
    records were cleared; records an event only when there was something to clear."""
    cleared = axes_reset(username=user.username)
    if cleared:
        record_security_event(
            Kind.UNLOCKED, actor=actor, target_user=user, data={"attempts_cleared": cleared}
        )
    return cleared


# Roles ----------------------------------------------------------------------------------------


def _describe(assignment: RoleAssignment) -> dict[str, Any]:
    """How an assignment is written into a security event: readable even after it is gone."""
    return {
        "assignment_id": assignment.pk,
        "role": assignment.role,
        "region": assignment.region.code if assignment.region else None,
        "municipality": assignment.municipality.number if assignment.municipality else None,
        "is_programme_leader": assignment.is_programme_leader,
    }


def _sync_admin_flags(user: User) -> None:
    """After a change to the user's admin role: admins are staff and superusers (the Django
    admin needs both), and losing the last admin role takes both away.

    Called only for admin-role changes, so a superuser made with `createsuperuser` keeps the flag
    when given another role. See participation/accounts/rules.py.
    """
    is_admin = user.role_assignments.filter(role=RoleAssignment.Role.ADMIN).exists()
    if user.is_staff != is_admin or user.is_superuser != is_admin:
        user.is_staff = is_admin
        user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def grant_role(
    user: User,
    *,
    actor: User | None,
    role: str,
    region: Region | None = None,
    municipality: Municipality | None = None,
    is_programme_leader: bool = False,
) -> RoleAssignment:
    """Give the user a role with its scope. The database's constraints have the last word on
    which combinations are valid (`RoleAssignment.Meta.constraints`); forms explain them."""
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        region=region,
        municipality=municipality,
        is_programme_leader=is_programme_leader,
    )
    forget_grants(user)
    if role == RoleAssignment.Role.ADMIN:
        _sync_admin_flags(user)
    record_security_event(
        Kind.ROLE_GRANTED, actor=actor, target_user=user, data=_describe(assignment)
    )
    return assignment


def ensure_can_revoke(assignment: RoleAssignment, *, actor: User | None) -> None:
    """Raise UserManagementError if `actor` may not revoke this assignment: nobody removes
    their own last admin role, so user management always keeps the admin who uses it."""
    user = assignment.user
    if (
        actor is not None
        and actor.pk == user.pk
        and assignment.role == RoleAssignment.Role.ADMIN
        and not user.role_assignments.filter(role=RoleAssignment.Role.ADMIN)
        .exclude(pk=assignment.pk)
        .exists()
    ):
        raise UserManagementError(
            _(
                "You cannot remove your own last admin role: you would lock yourself out of "
                "user management. Ask another admin to do it."
            )
        )


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, actor: User | None) -> None:
    ensure_can_revoke(assignment, actor=actor)
    user = assignment.user
    described = _describe(assignment)
    assignment.delete()
    forget_grants(user)
    if described["role"] == RoleAssignment.Role.ADMIN:
        _sync_admin_flags(user)
    record_security_event(Kind.ROLE_REVOKED, actor=actor, target_user=user, data=described)
