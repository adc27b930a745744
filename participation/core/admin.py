"""Bases for every app's Django admin (each app registers its models in its own admin.py)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class AttributedAdmin(admin.ModelAdmin):
    """Records the acting user on every save made through the admin."""

    readonly_fields = ("created_at", "updated_at", "created_by", "updated_by")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records to look into, never to add, change or delete: the audit trail, reports."""

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
