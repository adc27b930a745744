"""Give the application's database role its rights: `manage.py grant_app_role ROLE`.

Run as the owner role (the one that migrates), after `migrate`, on every release. The role may
read and write the domain tables but only append to and read the audit trail
(participation/accounts/services/chain.py lists the grants; README, "How production runs").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from participation.accounts.services.chain import ChainUnavailable, grant_app_role


class Command(BaseCommand):
    help = "Grant the application's database role its rights; the audit tables append-only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="The database role the application connects as.")
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            choices=tuple(connections),
            help="The connection (of the owner role) to grant through; default: default.",
        )

    def handle(self, *args: Any, role: str, database: str, **options: Any) -> None:
        try:
            statements = grant_app_role(role, using=database)
        except ChainUnavailable as error:
            raise CommandError(
                f"Database roles need PostgreSQL; this database is {error}."
            ) from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        for statement in statements:
            self.stdout.write(statement)
        self.stdout.write(self.style.SUCCESS(f"Granted: {role}."))
