"""The project's own system checks (`manage.py check`; `--deploy` for those of production).

Registered when the places app is ready (participation/places/apps.py), the lowest app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# Cache backends whose entries live in one process only (or nowhere).
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Production needs a cache shared by every web process (`CACHE_URL`): the API's and the
    public pages' rate limits count in it, and the public pages are cached in it. In a
    process's own memory a client gets the limit once per process, and a withdrawn public page
    may still be served by the other processes until its cache time ends."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "The cache is each process's own memory (CACHE_URL is unset): the rate limits of "
            "API tokens (API_RATE_LIMIT) and of the public pages (PUBLIC_RATE_LIMIT) are "
            "counted per process, so with several web processes a client gets the limit once "
            "per process, and a withdrawn public page may still be served by the others until "
            "its cache time ends.",
            hint="Set CACHE_URL to a Redis every web process shares, e.g. "
            "redis://redis.example.no:6379/2 (README, Settings).",
            id="participation.W001",
        )
    ]
