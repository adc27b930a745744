"""Checking the audit trail's hash chain, and granting the application's database role.

The chain itself is written by the database (migration 0004, `AuditChainLink`). `verify_chain`
walks it in the order it was written and recomputes, in PostgreSQL, the hash of each audit row as
it is now (against the row's newest link: a redaction, participation/redaction, rewrites a row's
text and appends a new link for it, in the chain's order): the first link whose row was changed
or deleted, whose link was changed, which does not
follow the link before it, or an audit row with no link at all (written while the chain's
trigger was off), is where the chain breaks. `manage.py verify_audit` prints the result.

`grant_app_role` gives the role the application serves and works as what it needs and no more on
the audit tables (see README, "How production runs"): the owner role migrates; the application
role reads and writes the domain tables, may INSERT and SELECT on the change log and the security
events, only SELECT on the chain's links, and can neither update, delete nor truncate them, nor
alter, disable or drop their triggers (only a table's owner may). It may run the redaction's
database function, the one path by which an audit row's text can change (participation/redaction).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

AUDIT_TABLES = ("auditlog_logentry", "accounts_securityevent")
LINKS = "accounts_auditchainlink"
GENESIS = "0" * 64
# The redaction's SECURITY DEFINER function (migration redaction/0001), which the app role may run.
REDACT_FUNCTION = "housingapp_redact_audit(text, bigint, text, text)"
# Planner statistics for the owner's tables (accounts migration 0011): ANALYZE changes no row.
ANALYZE_FUNCTION = "housingapp_analyze(regclass[])"

# Each link with the hash of its row as the row is now (NULL if the row is gone), computed over
# the columns it was hashed on, as the trigger did (housingapp_audit_content_hash).
_LINKS_AND_ROWS = f"""
SELECT l.id, l.source, l.row_id, l.content_hash, l.previous_hash, l.chain_hash,
    CASE l.source
        WHEN 'auditlog_logentry' THEN (
            SELECT housingapp_audit_content_hash(l.source, (
                SELECT coalesce(jsonb_object_agg(key, value), '{{}}'::jsonb)
                FROM jsonb_each(to_jsonb(e))
                WHERE key = ANY (string_to_array(l.columns, ','))
            ))
            FROM auditlog_logentry e WHERE e.id = l.row_id
        )
        WHEN 'accounts_securityevent' THEN (
            SELECT housingapp_audit_content_hash(l.source, (
                SELECT coalesce(jsonb_object_agg(key, value), '{{}}'::jsonb)
                FROM jsonb_each(to_jsonb(s))
                WHERE key = ANY (string_to_array(l.columns, ','))
            ))
            FROM accounts_securityevent s WHERE s.id = l.row_id
        )
    END,
    EXISTS (
        SELECT 1 FROM {LINKS} later
        WHERE later.source = l.source AND later.row_id = l.row_id AND later.id > l.id
    )
FROM {LINKS} l
ORDER BY l.id
"""

_UNLINKED = """
SELECT min(id) FROM {table} t
WHERE NOT EXISTS (SELECT 1 FROM accounts_auditchainlink l WHERE l.source = %s AND l.row_id = t.id)
"""


class ChainUnavailable(Exception):
    """The database keeps no chain (only PostgreSQL does)."""


@dataclass(frozen=True)
class Break:
    """Where the chain breaks: the link (None for a row with no link), the audit row, why."""

    link: int | None
    table: str
    row: int
    reason: str

    def __str__(self) -> str:
        where = f"link {self.link}" if self.link is not None else "no link"
        return f"{self.table} row {self.row} ({where}): {self.reason}"


@dataclass(frozen=True)
class ChainReport:
    """How many links were checked, the first break, and the hash of the last good link (worth
    writing down elsewhere: an owner who rewrote the whole chain after it would change it)."""

    links: int
    first_break: Break | None
    head: str

    @property
    def intact(self) -> bool:
        return self.first_break is None


def chain_hash(previous: str, content: str) -> str:
    """A link's hash, as housingapp_audit_chain_hash computes it."""
    return hashlib.sha256((previous + content).encode()).hexdigest()


def _links() -> Iterator[tuple[int, str, int, str, str, str, str | None, bool]]:
    with connection.cursor() as cursor:
        cursor.execute(_LINKS_AND_ROWS)
        while rows := cursor.fetchmany(2000):
            yield from rows


def verify_chain() -> ChainReport:
    """Walk the chain and return the first break, if any (see the module docstring)."""
    if connection.vendor != "postgresql":
        raise ChainUnavailable(connection.vendor)
    count = 0
    previous = GENESIS
    with transaction.atomic():
        # Time stamps in the rows' JSON as the trigger wrote them: in UTC.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL timezone TO 'UTC'")
        for (
            link,
            table,
            row,
            content,
            recorded_previous,
            recorded_hash,
            actual,
            superseded,
        ) in _links():
            count += 1
            if recorded_previous != previous:
                reason = "does not follow the link before it: a link was removed or slipped in"
            elif actual is None:
                reason = "was deleted"
            elif actual != content and not superseded:
                reason = "was changed after it was written"
            elif recorded_hash != chain_hash(previous, content):
                reason = "its link was changed"
            else:
                previous = recorded_hash
                continue
            return ChainReport(count, Break(link, table, row, reason), previous)
        with connection.cursor() as cursor:
            for table in AUDIT_TABLES:
                cursor.execute(_UNLINKED.format(table=table), [table])
                (row,) = cursor.fetchone()
                if row is not None:
                    reason = "is not in the chain: written while the chain's trigger was off"
                    return ChainReport(count, Break(None, table, row, reason), previous)
    return ChainReport(count, None, previous)


def grant_app_role(role: str, *, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Grant `role` what the application needs, run as the owner (the connection `using`);
    returns the statements run.

    Refuses a role that is a superuser or a member of the owner role: either could do all the
    owner can, including disabling the audit triggers.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise ChainUnavailable(connection.vendor)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, pg_has_role(rolname, current_user, 'MEMBER'), current_user, "
            "current_database(), current_schema() FROM pg_roles WHERE rolname = %s",
            [role],
        )
        found = cursor.fetchone()
    if found is None:
        raise ValueError(f"There is no database role “{role}”. Create it first (CREATE ROLE).")
    superuser, member_of_owner, owner, database, schema = found
    if superuser or member_of_owner or role == owner:
        raise ValueError(
            f"“{role}” is a superuser or may act as the owner “{owner}”: it could disable the "
            "audit triggers. Use a role of its own, with no superuser rights."
        )
    r, s = quote(role), quote(schema)
    audit = ", ".join(quote(t) for t in AUDIT_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(t, 'id') FROM unnest(%s::text[]) t",
            [[*AUDIT_TABLES, LINKS]],
        )
        audit_sequences = ", ".join(sequence for (sequence,) in cursor.fetchall() if sequence)
        cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL", [REDACT_FUNCTION])
        (redaction,) = cursor.fetchone()
        cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL", [ANALYZE_FUNCTION])
        (analyze,) = cursor.fetchone()
    statements = [
        f"GRANT CONNECT ON DATABASE {quote(database)} TO {r}",
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        # UPDATE: setval, which the scale generator uses to reserve blocks of ids.
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        # Tables and sequences the owner creates in later migrations.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE "
        f"ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
        # The audit trail: append and read only; the links: read only (the trigger writes them).
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {r}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {quote(LINKS)} FROM {r}",
    ]
    if audit_sequences:
        # Their ids are taken by inserts (USAGE), never set back or ahead.
        statements.append(f"REVOKE UPDATE ON SEQUENCE {audit_sequences} FROM {r}")
    if redaction:
        # The audited redaction's one path into the audit rows (participation/redaction).
        statements.append(f"GRANT EXECUTE ON FUNCTION {REDACT_FUNCTION} TO {r}")
    if analyze:
        # Statistics after a bulk load (the scale generator), in the loading transaction.
        statements.append(f"GRANT EXECUTE ON FUNCTION {ANALYZE_FUNCTION} TO {r}")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
