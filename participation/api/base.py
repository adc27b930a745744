"""What every API view shares: who may call it, how fast, how lists are paged, and ETags.

- Authentication: a bearer token, or the browser's session (participation/api/authentication.py).
- `TokenScope`: a read token only reads; every request needs an active, logged-in user.
- `TokenRateThrottle`: per token (per user for sessions), `API_RATE_LIMIT` (default
  600/minute); over it, 429 with `Retry-After` and a message that says the limit.
- `ApiCursorPagination`: cursor pages in primary-key order (stable under inserts), 100 rows by
  default, at most 500 (`page_size`).
- `ETagMixin`: detail reads carry an `ETag` (a hash of the body); `If-None-Match` with it gets 304.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, throttling
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .models import ApiToken


class TokenScope(permissions.BasePermission):
    """An active, logged-in user; with a read token, safe methods only."""

    message = _("This token may only read.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        token = request.auth
        if isinstance(token, ApiToken) and request.method not in permissions.SAFE_METHODS:
            return token.may_write
        return True


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per token (per user for session requests, per address for anonymous ones)."""

    scope = "api"

    def get_rate(self) -> str:
        return str(settings.API_RATE_LIMIT)

    def get_cache_key(self, request: Request, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class Throttled(exceptions.Throttled):
    def __init__(self, wait: float | None) -> None:
        seconds = max(1, int(wait or 1))
        super().__init__(
            wait,
            detail=_(
                "Too many requests: this token may make %(rate)s. Try again in %(seconds)s seconds."
            )
            % {"rate": settings.API_RATE_LIMIT, "seconds": seconds},
        )


class ApiCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


def etag_of(data: Any) -> str:
    body = JSONRenderer().render(data)
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def matches(if_none_match: str, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags


class ETagMixin:
    """Detail reads with an ETag; a matching `If-None-Match` gets 304 Not Modified."""

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()  # type: ignore[attr-defined]
        data = self.get_serializer(instance).data  # type: ignore[attr-defined]
        etag = etag_of(data)
        if matches(request.headers.get("If-None-Match", ""), etag):
            return Response(status=304, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})
