"""Fixtures for agreements and people."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def client():  # type: ignore[no-untyped-def]
    """Asks for English, so the pages' text can be asserted in the source strings."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")
