"""Celery tasks of the programme: reminders and risk flags: they take ids, re-read the database, are idempotent and call
services.

A worker runs them: in production `celery -A housingapp worker`, under `make run` its
background worker (housingapp/background.py); with CELERY_BROKER_URL unset, in-process. Task names are fixed (`participation.*`), so schedules
and queued messages survive moving code.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="participation.send_commitment_reminders")
def send_commitment_reminders(today: str | None = None) -> int:
    """Daily (see CELERY_BEAT_SCHEDULE): e-mail whoever is responsible for overdue commitments.

    `today` (ISO date) is for tests and reruns; by default the local date. Idempotent: items
    reminded within the interval are skipped. Returns the number of e-mails sent.
    """
    import datetime

    from django.utils import timezone

    from participation.programme.services.meetings import send_commitment_reminders as send

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return send(today=day)


@shared_task(name="participation.raise_risk_flags")
def raise_risk_flags(today: str | None = None) -> int:
    """Daily (see CELERY_BEAT_SCHEDULE): run the risk rules in participation/programme/services/risks.py.

    `today` (ISO date) is for tests and reruns; by default the local date. Idempotent: a rule
    raises no flag while one of its kind is open. Returns the number of flags raised.
    """
    import datetime

    from django.utils import timezone

    from participation.programme.services.risks import raise_all_rule_flags

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return len(raise_all_rule_flags(day))
