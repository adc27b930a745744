"""Request types for annotations."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """A request that has passed `login_required`: its user is a logged-in `User`.

    For annotations only (no request is ever of this class): a view behind `login_required`
    takes `request: AuthenticatedHttpRequest`, so `actor=request.user` type-checks as a `User`.
    """

    user: User
