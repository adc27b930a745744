"""Django admin of accounts and the audit trail, and who may use the Django admin at all.

The product's own screens are where people work; the Django admin (each app's admin.py) is for
Husbanken's head office to maintain reference data and look into any record.
"""

# auditlog's admin module first: its LogEntry admin is replaced at the end of this one.
from typing import Any

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.http import HttpRequest

from participation.accounts.models import (
    Notification,
    NotificationSettings,
    RoleAssignment,
    SecurityEvent,
)
from participation.core.admin import ReadOnlyAdmin


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
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
