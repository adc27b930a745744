"""How API requests say who they are: a bearer token, or the browser's session (for the
documentation pages and the browsable API).

`request.auth` is the `ApiToken` for token requests and None for session requests; the scope
permission (participation/api/permissions.py) and the throttle read it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from participation.core.views import client_ip

from . import services
from .models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer hbs_…`: a personal or system token (participation.api.services)."""

    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after “Bearer”, with no spaces in it.")
            )
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = services.find_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: unknown, revoked or expired.")
            )
        services.note_use(token, client_ip(request._request))
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's login (for the documentation and the browsable API), with DRF's CSRF check
    on writes. An admin's session counts only once it passed the second factor, as on every page
    (participation.accounts.middleware)."""
