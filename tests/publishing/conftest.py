"""The public pages' tests: each starts with an empty cache (the in-memory cache outlives a
test), and the rate limit is high unless a test lowers it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from participation.involvement.models import Initiative, InvolvementEvent

CAFE = "Dialogkafé om medvirkning i boligsosialt arbeid"


@pytest.fixture(autouse=True)
def empty_cache(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.PUBLIC_RATE_LIMIT = "10000/m"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def visitor() -> Client:
    """An anonymous visitor who reads English (the source strings)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def cafe(demo_data) -> Initiative:  # type: ignore[no-untyped-def]
    """Bodø's 2022 dialogue café (demo data): one event, eight input items, all answered."""
    return Initiative.objects.get(name=CAFE, municipality__number="1804")


@pytest.fixture
def cafe_event(cafe) -> InvolvementEvent:  # type: ignore[no-untyped-def]
    return cafe.events.get()
