"""Scope: the one place that decides which municipalities a user's roles reach.

Roles come from `RoleAssignment`; a user may hold several. An assignment names a municipality,
or a region (then it reaches every municipality of the region); admins' assignments name
nothing and reach everything. Everything else asks this module:

- `grants_of(user)`: the user's assignments, read with one query per user object (a request's
  user) and memoised on it; `forget_grants(user)` drops the memo after a change of roles.
- `is_admin(user)`: an active admin (or superuser).
- `municipality_ids(user)`: the municipalities the user may see, as a tuple of ids (None for
  admins: every municipality). Literal ids, not a subquery: the planner estimates `IN (1, 2, …)`
  well and a nested subquery over role assignments badly (a page query at national scale went from
  1 188 ms to 0.8 ms).
- `visible_municipalities(user)` and `Model.objects.visible_to(user)` (`ScopedQuerySet`): what
  the user may see, as querysets. Outsiders get 404 from the views.
- `municipalities_for_role(user, roles)`, `regions_for_role(user, roles)` and
  `acts_on(user, roles, municipality)`: where the user holds one of `roles` (admins: everywhere),
  for forms that offer a choice of places and for the permission predicates in `rules.py`.
- `municipality_of(obj)`: the municipality a record belongs to.

Each scoped model declares its path to its municipality once, as the class attribute
`municipality_path` (a lookup from the row, e.g. `"event__initiative__municipality"`; `"pk"` on
Municipality itself), and `initiative_path` where the row belongs to an initiative. The
querysets here, the rules' `municipality_of` and the audit trail's scope tagging
(`participation.accounts.audit`) all read that declaration.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, models
from django.db.models import OuterRef, Q

from participation.accounts.models import RoleAssignment
from participation.places.models import Municipality, Region
from participation.places.models.places import MunicipalityQuerySet

Role = RoleAssignment.Role
AnyUser = User | AnonymousUser
_M = TypeVar("_M", bound=models.Model)

# The per-user-object memos; `forget_grants` drops them all.
_GRANTS_MEMO = "_grants_cache"
_ADMIN_MEMO = "_is_admin_cache"
_IDS_MEMO = "_municipality_ids_cache"


@dataclass(frozen=True)
class Grant:
    """One role assignment, reduced to what scope and the permission predicates need."""

    role: str
    region_id: int | None
    municipality_id: int | None
    is_programme_leader: bool
    # For an assignment that names a region: the ids of the region's municipalities.
    region_municipality_ids: tuple[int, ...] = ()

    def covers(self, municipality: Municipality) -> bool:
        if self.municipality_id is not None:
            return self.municipality_id == municipality.pk
        return self.region_id is not None and self.region_id == municipality.region_id

    @property
    def municipality_ids(self) -> tuple[int, ...]:
        """The municipalities this assignment reaches (none for an admin's)."""
        if self.municipality_id is not None:
            return (self.municipality_id,)
        return self.region_municipality_ids


def _memo(user: AnyUser, name: str, value: Any) -> None:
    setattr(user, name, value)  # per-request memo on the user object


def grants_of(user: AnyUser) -> tuple[Grant, ...]:
    """The user's role assignments, with the municipalities of the regions they name: one query
    per user object (a request's user) on PostgreSQL, two on the embedded SQLite default, then
    memoised. Deactivated and anonymous users hold none.
    """
    if not user.is_authenticated or not user.is_active:
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, _GRANTS_MEMO, None)
    if cached is None:
        cached = _load_grants(user)
        _memo(user, _GRANTS_MEMO, cached)
    return cached


def _load_grants(user: User) -> tuple[Grant, ...]:
    assignments = RoleAssignment.objects.filter(user=user)
    if connections[assignments.db].vendor == "postgresql":
        # One query: each assignment with the ids of its region's municipalities as an array.
        in_region = Municipality.objects.filter(region=OuterRef("region")).order_by("pk")
        rows = assignments.annotate(
            region_municipality_ids=ArraySubquery(in_region.values("pk"))
        ).values_list(
            "role", "region_id", "municipality_id", "is_programme_leader", "region_municipality_ids"
        )
        return tuple(
            Grant(role, region_id, municipality_id, leader, tuple(ids or ()))
            for role, region_id, municipality_id, leader, ids in rows
        )
    # The embedded SQLite default has no arrays: the regions' municipalities in a second query.
    plain = list(
        assignments.values_list("role", "region_id", "municipality_id", "is_programme_leader")
    )
    by_region: dict[int, list[int]] = {}
    regions = {region_id for _role, region_id, _m, _l in plain if region_id is not None}
    for pk, region_id in (
        Municipality.objects.filter(region__in=regions).order_by("pk").values_list("pk", "region")
    ):
        by_region.setdefault(region_id, []).append(pk)
    return tuple(
        Grant(role, region_id, municipality_id, leader, tuple(by_region.get(region_id, ())))
        for role, region_id, municipality_id, leader in plain
    )


def forget_grants(user: AnyUser) -> None:
    """Drop the memos of `grants_of`, `is_admin` and `municipality_ids` on this user object, after
    its roles changed (participation.accounts.services.users)."""
    for memo in (_GRANTS_MEMO, _ADMIN_MEMO, _IDS_MEMO):
        if hasattr(user, memo):
            delattr(user, memo)


def is_admin(user: AnyUser) -> bool:
    """An active user with the admin role, or a superuser: no scope, sees and may do everything.

    Admins are also `is_staff` and `is_superuser` (participation.accounts.services.users keeps
    the flags in step with the role), so the two never disagree.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached: bool | None = getattr(user, _ADMIN_MEMO, None)
    if cached is None:
        cached = any(g.role == Role.ADMIN for g in grants_of(user))
        _memo(user, _ADMIN_MEMO, cached)
    return cached


def municipality_ids(user: AnyUser) -> tuple[int, ...] | None:
    """The ids of the municipalities the user may see, sorted; None for admins (all of them).

    No query beyond `grants_of`'s one, memoised on the user object.
    """
    if is_admin(user):
        return None
    cached: tuple[int, ...] | None = getattr(user, _IDS_MEMO, None)
    if cached is None:
        cached = tuple(sorted({pk for g in grants_of(user) for pk in g.municipality_ids}))
        _memo(user, _IDS_MEMO, cached)
    return cached


def _ids_for_roles(user: AnyUser, roles: Collection[str]) -> tuple[int, ...]:
    return tuple(
        sorted({pk for g in grants_of(user) if g.role in roles for pk in g.municipality_ids})
    )


# Querysets ------------------------------------------------------------------------------------


def scope_filter(model: type[models.Model], user: AnyUser) -> Q:
    """A filter on `model` (which declares `municipality_path`) for the rows the user may see."""
    ids = municipality_ids(user)
    if ids is None:
        return Q()
    return Q(**{f"{model.municipality_path}__in": ids})  # type: ignore[attr-defined]


def path_is_many(model: type[models.Model], path: str) -> bool:
    """Whether the lookup `path` from `model` crosses a to-many relation (rows may repeat)."""
    if path == "pk":
        return False
    opts = model._meta
    for part in path.split("__"):
        field = opts.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            break
        opts = field.related_model._meta  # type: ignore[union-attr]
    return False


class ScopedQuerySet(models.QuerySet[_M]):
    """Rows that belong to a municipality through their model's `municipality_path`."""

    def visible_to(self, user: AnyUser) -> Self:
        """The rows in the user's scope (all of them for admins). Through a to-many path (a
        meeting's municipalities) the scope is a semi-join, `EXISTS` (no repeated rows, no
        `DISTINCT` over every row in scope): PostgreSQL can then walk a list's order and stop
        at its page."""
        path: str = self.model.municipality_path  # type: ignore[attr-defined]
        ids = municipality_ids(user)
        if ids is None:
            return self.all()
        if not path_is_many(self.model, path):
            return self.filter(**{f"{path}__in": ids})
        field = self.model._meta.get_field(path.split("__")[0])
        if path == field.name and field.many_to_many and not field.auto_created:
            # A many-to-many field straight to the municipalities: its link table alone.
            through = field.remote_field.through  # type: ignore[union-attr]
            inner = through._default_manager.filter(
                **{
                    field.m2m_field_name(): OuterRef("pk"),  # type: ignore[union-attr]
                    f"{field.m2m_reverse_field_name()}__in": ids,  # type: ignore[union-attr]
                }
            )
        else:
            inner = self.model._default_manager.filter(pk=OuterRef("pk"), **{f"{path}__in": ids})
        return self.filter(models.Exists(inner))


def visible_municipalities(user: AnyUser) -> MunicipalityQuerySet:
    """The municipalities the user may see (all of them for admins), current or not."""
    return Municipality.objects.filter(scope_filter(Municipality, user))


def municipalities_for_role(
    user: AnyUser, roles: Collection[str], *, admins_everywhere: bool = True
) -> MunicipalityQuerySet:
    """The municipalities where the user holds one of `roles` (current or not): all of them for
    admins, unless `admins_everywhere` is False (then admins get only what their other
    assignments name)."""
    if admins_everywhere and is_admin(user):
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=_ids_for_roles(user, roles))


def region_ids_for_role(user: AnyUser, roles: Collection[str]) -> tuple[int, ...] | None:
    """The ids of the regions an assignment of one of `roles` names; None for admins (all)."""
    if is_admin(user):
        return None
    return tuple(
        sorted(
            {g.region_id for g in grants_of(user) if g.role in roles and g.region_id is not None}
        )
    )


def regions_for_role(user: AnyUser, roles: Collection[str]) -> models.QuerySet[Region]:
    """The regions an assignment of one of `roles` names (all of them for admins)."""
    ids = region_ids_for_role(user, roles)
    return Region.objects.all() if ids is None else Region.objects.filter(pk__in=ids)


def acts_on(
    user: AnyUser,
    roles: Collection[str],
    municipality: Municipality | None,
    *,
    leader_only: bool = False,
    admins_everywhere: bool = True,
) -> bool:
    """Whether the user holds one of `roles` for `municipality` (with `leader_only`: as programme
    leader); admins always do, unless `admins_everywhere` is False (the permission predicates
    ask about admins on their own). Without a municipality: whether they hold one of `roles`
    anywhere."""
    if admins_everywhere and is_admin(user):
        return True
    grants = [
        g for g in grants_of(user) if g.role in roles and (g.is_programme_leader or not leader_only)
    ]
    if municipality is None:
        return bool(grants)
    return any(g.covers(municipality) for g in grants)


# Records --------------------------------------------------------------------------------------


def municipality_of(obj: Any) -> Municipality | None:
    """The municipality a record belongs to, walking its model's `municipality_path` through the
    loaded relations; None for records that declare none or belong to several (a meeting)."""
    path: str | None = getattr(type(obj), "municipality_path", None)
    if path is None:
        return None
    if path == "pk":
        return obj if isinstance(obj, Municipality) else None
    value = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value if isinstance(value, Municipality) else None
