"""What every view does first: fetch the object it names within the user's scope (404 for
outsiders, who learn nothing), then check the action (403 for insiders without the right).

Each app offers one `get_<kind>_or_404(request, ...)` per scoped object kind, built on
`get_visible_or_404`; the municipality's is here. Modelled on healthchecks'
`_get_check_for_user`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from participation.accounts.access import AnyUser, ScopedQuerySet, visible_municipalities
from participation.places.models import Municipality, Region

_M = TypeVar("_M", bound=Model)


def require_permission(user: AnyUser, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied (403) unless `user` has `perm` (e.g. "participation.change_event")
    on `obj`. Views call it after fetching the object in the user's scope (404 for outsiders)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def get_visible_or_404(
    request: HttpRequest,
    queryset: ScopedQuerySet[_M],
    *related: str,
    perm: str | None = None,
    **lookup: Any,
) -> _M:
    """The one row of `queryset` matching `lookup` that the request's user may see, else 404;
    then, given `perm`, 403 unless the user has it on the row. `related` as for
    `select_related`."""
    visible = queryset.visible_to(request.user)
    if related:
        visible = visible.select_related(*related)
    obj = get_object_or_404(visible, **lookup)
    if perm is not None:
        require_permission(request.user, perm, obj)
    return obj


def get_municipality_or_404(
    request: HttpRequest, number: str, *related: str, perm: str | None = None
) -> Municipality:
    """The municipality with this number if the user may see it, else 404; then, given `perm`,
    403 unless the user has it on the municipality."""
    queryset = visible_municipalities(request.user)
    if related:
        queryset = queryset.select_related(*related)
    municipality = get_object_or_404(queryset, number=number)
    if perm is not None:
        require_permission(request.user, perm, municipality)
    return municipality


def get_region_or_404(request: HttpRequest, code: str, *, perm: str | None = None) -> Region:
    """The region with this code if the user sees a municipality in it, else 404; then, given
    `perm`, 403 unless the user has it (anywhere: regions hold no permissions of their own)."""
    region = get_object_or_404(Region, code=code)
    if not visible_municipalities(request.user).filter(region=region).exists():
        raise Http404
    if perm is not None:
        require_permission(request.user, perm)
    return region
