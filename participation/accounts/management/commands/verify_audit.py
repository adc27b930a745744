"""Check the audit trail's hash chain: `manage.py verify_audit`.

Exits non-zero and names the first row where the chain breaks (a change-log entry or security
event changed, deleted or written with the chain's trigger off, or a link changed), or says how
many rows it checked. participation/accounts/services/chain.py explains the check.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from participation.accounts.services.chain import ChainUnavailable, verify_chain


class Command(BaseCommand):
    help = "Check the hash chain over the change log and the security events."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = verify_chain()
        except ChainUnavailable as error:
            raise CommandError(
                f"The audit chain is kept by PostgreSQL only; this database is {error}."
            ) from None
        if report.first_break is not None:
            raise CommandError(
                f"The audit chain breaks at {report.first_break}. "
                f"Links checked up to there: {report.links}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"The audit chain is intact: {report.links} rows. Latest hash: {report.head}"
            )
        )
