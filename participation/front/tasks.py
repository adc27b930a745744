"""Celery tasks of the front: the worker's health check: they take ids, re-read the database, are idempotent and call
services.

A worker runs them: in production `celery -A housingapp worker`, under `make run` its
background worker (housingapp/background.py); with CELERY_BROKER_URL unset, in-process. Task names are fixed (`participation.*`), so schedules
and queued messages survive moving code.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.db import connection

from participation.places.models import Municipality


@shared_task(bind=True, name="participation.health_check")
def health_check(self: Task[Any, Any]) -> dict[str, Any]:
    """Prove the round trip: the worker reads the database and answers with its name, and, on
    PostgreSQL, the database role it connects as (the application's, not the owner: README, "How
    production runs").

    Sent by `manage.py check_worker` and by the test suite against a real worker.
    """
    role = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            role = cursor.fetchone()[0]
    return {
        "hostname": self.request.hostname,
        "municipalities": Municipality.objects.current().count(),
        "database_role": role,
    }
