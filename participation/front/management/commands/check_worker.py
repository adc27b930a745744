"""Send a health-check task through the broker and wait for a worker's answer.

Useful after a deployment: `manage.py check_worker` exits non-zero when no worker answers, and
says which database role the worker connects as (it should be the application's, not the owner).
"""

from __future__ import annotations

from typing import Any

from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from housingapp.celery import app


class Command(BaseCommand):
    help = "Send a health-check task to the Celery workers and wait for the answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="Seconds to wait (default 30)."
        )
        parser.add_argument(
            "--queue", default=None, help="Queue to send to (default: the default queue)."
        )

    def handle(self, *args: Any, timeout: float, queue: str | None, **options: Any) -> None:
        if not settings.CELERY_BROKER_URL:
            raise CommandError(
                "CELERY_BROKER_URL is not set: tasks run in-process, there is no worker to check."
            )
        # send_task always goes through the broker, even where tasks are otherwise run eagerly.
        result = app.send_task("participation.health_check", queue=queue)
        try:
            answer = result.get(timeout=timeout)
        except CeleryTimeoutError:
            broker = _redacted(settings.CELERY_BROKER_URL)
            raise CommandError(
                f"No worker answered within {timeout:g} seconds (broker {broker})."
            ) from None
        except NotImplementedError:  # the disabled result backend cannot wait for results
            raise CommandError(
                "No result backend is configured: set CELERY_RESULT_BACKEND."
            ) from None
        result.forget()
        role = answer.get("database_role")
        as_role = f" as the database role {role}" if role else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Worker {answer['hostname']} answered: "
                f"it sees {answer['municipalities']} current municipalities{as_role}."
            )
        )


def _redacted(url: str) -> str:
    """The broker URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}" if user else f"{scheme}{sep}***@{host}"
