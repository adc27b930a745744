"""Django admin of accounts and the audit trail, and who may use the Django admin at all.

The product's own screens are where people work; the Django admin (each app's admin.py) is for
Husbanken's head office to maintain reference data and look into any record.
"""

# auditlog's admin module first: its LogEntry admin is replaced at the end of this one.
from typing import Any

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import models
from django.http import HttpRequest
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.accounts.models import (
    Notification,
    NotificationSettings,
    RoleAssignment,
    SecurityEvent,
)
from participation.accounts.services.audit import record_security_event
from participation.core.admin import ReadOnlyAdmin
from participation.core.views import client_ip

# Fields whose values never go into a security event: only that they changed.
SECRET_FIELDS = frozenset({"password", "password1", "password2", "key", "bin_key"})


def _shown(value: Any) -> Any:
    """A field's value as a security event keeps it: plain JSON, records by their name."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted(str(item) for item in value)
    return str(value)


class SecurityLoggedAdmin(admin.ModelAdmin):
    """A Django admin whose every addition, change and deletion is also a `SecurityEvent`
    (who, from where, which record, which fields from what to what), for the records that
    decide who may do what: users, groups, roles, second-factor devices and lockouts.

    Deleting a TOTP device is recorded as a second-factor reset, deleting a lockout record as
    an unlock, like the same acts in the product; everything else as `admin_site`.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields: dict[str, Any] = {}
        for name in getattr(form, "changed_data", []):
            if name in SECRET_FIELDS:
                fields[name] = "changed"
            else:
                fields[name] = {
                    "from": _shown(form.initial.get(name)) if change else None,
                    "to": _shown(form.cleaned_data.get(name)),
                }
        request._security_fields = fields  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def _record(self, request: HttpRequest, obj: Any, action: str, message: Any = None) -> None:
        kind = SecurityEvent.Kind.ADMIN_SITE_CHANGE
        if action == "deleted" and isinstance(obj, TOTPDevice):
            kind = SecurityEvent.Kind.SECOND_FACTOR_RESET
        elif action == "deleted" and isinstance(obj, AccessAttempt):
            kind = SecurityEvent.Kind.UNLOCKED
        data: dict[str, Any] = {
            "via": "django-admin",
            "action": action,
            "model": obj._meta.label_lower,
            "object_id": obj.pk,
            "object": str(obj)[:200],
        }
        fields = getattr(request, "_security_fields", None)
        if fields:
            data["fields"] = fields
        elif message:
            # e.g. the password form, which saves without save_model: Django's own summary
            data["message"] = message if isinstance(message, list | str) else str(message)
        record_security_event(
            kind,
            actor=request.user,
            target_user=_user_of(obj),
            ip_address=client_ip(request),
            data=data,
        )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        self._record(request, obj, "added", message)
        return entry

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        self._record(request, obj, "changed", message)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        # Called before the deletion, for the one object of the delete page and for every
        # object of the "delete selected" action alike.
        for obj in queryset:
            self._record(request, obj, "deleted")
        return super().log_deletions(request, queryset)


def _user_of(obj: Any) -> User | None:
    """The user account a record concerns, if any."""
    if isinstance(obj, User):
        return obj
    if isinstance(obj, TOTPDevice | RoleAssignment):
        return obj.user  # type: ignore[no-any-return]
    if isinstance(obj, AccessAttempt | AccessLog | AccessFailureLog) and obj.username:
        return User.objects.filter(username=obj.username).first()
    return None


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SecurityLoggedAdmin):
    """Read-only here: roles are granted and revoked under /brukere/, through
    `participation.accounts.services.users`, which records a security event and keeps admins `is_staff`."""

    list_display = ("user", "role", "region", "municipality", "is_programme_leader")
    list_filter = ("role", "region")
    list_select_related = ("user", "region", "municipality")
    search_fields = ("user__username", "user__email", "municipality__name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def admin_role_only(request: HttpRequest) -> bool:
    """Who may use the Django admin at all: active staff with the admin role.

    Django admits any active `is_staff` user; this narrows it to the admin role through the
    permission module (`participation.manage_reference_data`), so staff flags set by hand grant
    nothing. Everyone else is sent to the admin's login page.
    """
    user = request.user
    return bool(
        user.is_active and user.is_staff and user.has_perm("participation.manage_reference_data")
    )


admin.site.has_permission = admin_role_only  # type: ignore[method-assign]


# Audit trail: read-only for everyone, superusers included. The database refuses UPDATE and
# DELETE on both tables as well (accounts migration 0002); these admins just never offer them.


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "actor", "username", "target_user", "ip_address")
    list_filter = ("kind",)
    list_select_related = ("actor", "target_user")
    search_fields = ("username", "actor__username", "target_user__username")
    date_hierarchy = "created_at"


# Notices and each user's choice of them: made by the services and by users themselves, read-only
# here (an admin looking into "I never got the e-mail" sees what was made and when it went out).


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "kind", "emailed_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("user",)
    search_fields = ("user__username",)


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(ReadOnlyAdmin):
    list_display = ("user", "email")
    list_select_related = ("user",)
    search_fields = ("user__username",)


# auditlog registers its own LogEntry admin, which allows the deletes that cascade from a
# deleted object; ours is the same list and detail without them.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    actions = None

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Users, groups, second-factor devices and lockouts: the libraries' own admins, every change
# also written to the security log.
for _model, _base in (
    (User, UserAdmin),
    (Group, GroupAdmin),
    (TOTPDevice, TOTPDeviceAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(_base.__name__, (SecurityLoggedAdmin, _base), {}))
