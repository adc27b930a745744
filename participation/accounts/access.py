"""Who may see what: the one place that decides a user's scope.

Every view starts from `<Model>.objects.visible_to(user)`, which goes through
`municipality_scope` here. Users outside a municipality's scope get 404 from the views.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet


def is_admin(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from participation.accounts.models import RoleAssignment

    cached: bool | None = getattr(user, "_is_admin_cache", None)
    if cached is None:
        # Through the permissions' memo of the user's roles: the same one query, and the
        # permission checks that follow (menus, buttons) need none of their own.
        from participation.accounts.rules import grants_of

        cached = any(g.role == RoleAssignment.Role.ADMIN for g in grants_of(user))
        user._is_admin_cache = cached  # type: ignore[union-attr,attr-defined]  # per-request memo
    return cached


def municipality_scope(user: User | AnonymousUser) -> Q | None:
    """A filter on Municipality for the user's scope; None means every municipality.

    Built from subqueries, so scoping a list costs no extra round trip.
    """
    from participation.accounts.models import RoleAssignment

    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_admin(user):
        return None
    assignments = RoleAssignment.objects.filter(user=user)
    return Q(pk__in=assignments.filter(municipality__isnull=False).values("municipality")) | Q(
        region__in=assignments.filter(region__isnull=False).values("region")
    )


def municipality_ids_for(user: User | AnonymousUser) -> QuerySet | None:
    """The ids of the municipalities the user may see, as a subquery; None means all."""
    from participation.places.models import Municipality

    scope = municipality_scope(user)
    if scope is None:
        return None
    return Municipality.objects.filter(scope).values("pk")
