"""Fixtures of the API tests: a token for a user, and a client that sends it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from participation.api.models import ApiToken
from participation.api.services import create_personal_token


def token_for(user: User, scope: str = ApiToken.Scope.READ_WRITE, name: str = "Test") -> str:
    _token, key = create_personal_token(
        user, actor=user, name=name, scope=scope, expires_in=30, ip_address="127.0.0.1"
    )
    return key


def api_client(key: str | None = None) -> APIClient:
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture(name="api_as")
def api_as_fixture(db: Any) -> Any:
    """`api_as(user, scope=...)`: a client that calls the API with a new personal token of the
    user's."""

    def make(user: User, scope: str = ApiToken.Scope.READ_WRITE) -> APIClient:
        return api_client(token_for(user, scope))

    return make
