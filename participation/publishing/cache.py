"""The public pages' cache: so that a page in the news does not reach the database on every
request.

Each public page's content (the HTML inside the page frame, or an open-data file) is kept in
Django's cache under a key holding the language, the page's address and a *generation* number.
Any change that may alter what the public sees (publishing, changing or withdrawing a
publication, the municipality's indexing choice, and any save or delete of an initiative, event,
participant count or input) moves the generation on once the change is committed (`signals.py`),
so every page is made afresh on its next request; entries of old generations expire after
`PUBLIC_CACHE_SECONDS`. Writes that send no signals (the event import's bulk inserts, the scale
generator's COPY) add only rows that no publication has chosen yet; the expiry bounds the rest.

With several web processes the cache must be shared (`CACHE_URL`, Redis), or a withdrawal would
reach only the process that made it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

GENERATION_KEY = "publishing:generation"

T = TypeVar("T")


def generation() -> int:
    """The current generation; a new one (from the clock, so never one used before) if the
    cache has none."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return int(value)


def invalidate() -> None:
    """Every public page is made afresh on its next request."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): start a new one
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def cached(name: str, build: Callable[[], T]) -> T:
    """`build()`'s result for the page `name` in the active language, from the cache when the
    generation has not moved since it was made."""
    key = f"publishing:page:{generation()}:{get_language() or settings.LANGUAGE_CODE}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=settings.PUBLIC_CACHE_SECONDS)
    return value
