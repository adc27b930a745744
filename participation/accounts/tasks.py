"""Celery tasks of the accounts: notices by e-mail. They take ids, re-read the database and are
idempotent (a notice is e-mailed at most once, see participation/accounts/services/notifications.py).

A worker runs them: in production `celery -A housingapp worker`, under `make run` its
background worker (housingapp/background.py); with CELERY_BROKER_URL unset, in-process. Task names are fixed (`participation.*`).
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="participation.send_notification")
def send_notification(notification_id: int) -> bool:
    """E-mail one notice at once (a returned value, or any notice for users who chose that)."""
    from participation.accounts.services.notifications import send_one

    return send_one(notification_id)


@shared_task(name="participation.send_notification_digests")
def send_notification_digests() -> int:
    """Daily (see CELERY_BEAT_SCHEDULE): each user's digest of notices not yet e-mailed."""
    from participation.accounts.services.notifications import send_digests

    return send_digests()
