"""django-auditlog's `auditlogflush` deletes change-log entries; here it is refused.

The audit trail is append-only (migrations 0002 and 0004, README "Audit trail"): no entry is ever
deleted, however old. This command takes the place of auditlog's own (participation.accounts is
listed before auditlog in INSTALLED_APPS, so its commands win) and refuses whatever it is given.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Refused: the audit trail is append-only and is never flushed."

    def add_arguments(self, parser: CommandParser) -> None:
        # Take auditlog's arguments (and any others) so that every call reaches the refusal.
        parser.add_argument("args", nargs="*")
        parser.add_argument("-y", "--yes", action="store_true")
        parser.add_argument("-b", "--before-date", default=None)
        parser.add_argument("-t", "--truncate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            "auditlogflush is refused: the audit trail is append-only. Change-log entries and "
            "security events are kept, chained (manage.py verify_audit) and never deleted."
        )
