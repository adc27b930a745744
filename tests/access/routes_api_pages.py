"""Routes of the API's web pages: the documentation, a user's personal tokens and the admins'
system tokens. (The API's own routes answer as an API, not as pages: tests/access/
test_api_matrix.py checks them, every route and method, and api_routes.py classifies them.)

A personal token is its owner's alone: anyone else, the admin included, gets 404 for it, so a
token's id reveals nothing. System tokens are the admins': the permission is checked before the
token is looked up, so everyone else gets 403 for any id.
"""

from __future__ import annotations

from .spec import EVERY_ROLE, Route

ADMINS = frozenset({"admin"})

ROUTES: list[Route] = [
    Route("participation:api-docs", allowed=EVERY_ROLE),
    Route("participation:api-tokens", allowed=EVERY_ROLE),
    Route(
        "participation:api-tokens",
        method="POST",
        allowed=EVERY_ROLE,
        data={"name": "Matrix token", "scope": "read", "expires_in": "30"},
        note="the page shows the new token once (200)",
    ),
    Route(
        "participation:api-token-revoke",
        target="token",
        method="POST",
        allowed=frozenset({"municipal"}),
        denied_status=404,
        note="the home token is the municipal user's",
    ),
    Route("participation:api-system-tokens", allowed=ADMINS),
    Route(
        "participation:api-system-tokens",
        method="POST",
        allowed=ADMINS,
        data={
            "name": "Fagsystem",
            "scope": "read_write",
            "municipality": "{scene.home_municipality.pk}",
            "expires_in": "365",
        },
    ),
    Route(
        "participation:api-system-token-revoke",
        target="system_token",
        method="POST",
        allowed=ADMINS,
        outsider_status=403,
    ),
]
