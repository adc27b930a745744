"""`flush` in the tests: Django's, with the tables emptied by the owner role.

TransactionTestCase flushes the "default" database after each test; in the tests that is the
application's role, which may not TRUNCATE the audit tables (README, "How production runs").
So the TRUNCATE statements are made and run on a new connection with the "owner" alias's
settings, and the post_migrate signal (content types, permissions) is sent on the database asked for, as
Django does.
"""

from __future__ import annotations

from typing import Any

from django.core.management.color import no_style
from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal, sql_flush
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

OWNER = "owner"


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options["database"]
        if database != DEFAULT_DB_ALIAS or OWNER not in connections.settings:
            return super().handle(**options)
        # Under an alias of its own, outside DATABASES: a test that does not name "owner" may
        # not use that alias's connections, while connections made on the side are allowed.
        settings = connections.settings[OWNER]
        owner = load_backend(settings["ENGINE"]).DatabaseWrapper({**settings}, "harness_flush")
        try:
            statements = sql_flush(
                no_style(),
                owner,
                reset_sequences=options.get("reset_sequences", True),
                allow_cascade=options.get("allow_cascade", False),
            )
            if not statements:
                return None
            with owner.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            owner.close()
        if not options.get("inhibit_post_migrate", False):
            emit_post_migrate_signal(options["verbosity"], options["interactive"], database)
        return None
