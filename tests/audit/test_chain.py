"""The audit trail is tamper-evident and, for the application's database role, tamper-resistant.

Each change-log entry and security event gets a link in a hash chain, written by a database
trigger in the same transaction (migration 0004). The owner of the tables can still get round the
append-only trigger (disable it, change a row): `manage.py verify_audit` then names the first row
where the chain breaks. The application's own role (`manage.py grant_app_role`), which the whole
test suite runs as (housingapp/settings_test.py), cannot: it may insert and read the audit rows,
nothing else. `auditlogflush` is refused.

The tampering owner is the test settings' "owner" alias, a connection of its own: those tests are
transactional, so that it sees what the application committed, and the application what it did.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import CommandError, call_command, get_commands
from django.db import DatabaseError, connection, connections, transaction
from django.db.utils import ProgrammingError

from participation.accounts.models import AuditChainLink, SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.accounts.services.chain import GENESIS, verify_chain

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the chain and the roles are PostgreSQL's"
)


def as_owner(test: Callable[..., None]) -> Callable[..., None]:
    """For tests in which the owner tampers: data committed, the owner's connection allowed,
    and the reference data loaded again (before the other fixtures) after the last test's flush."""
    test = pytest.mark.usefixtures("reference_data")(test)
    return pytest.mark.django_db(transaction=True, databases=["default", "owner"])(test)  # type: ignore[no-any-return]


def _sql(*statements: str) -> None:
    """Run SQL as the owner of the tables, each statement committed."""
    with connections["owner"].cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _verify() -> str:
    """verify_audit's message: its output if the chain holds, its error if not."""
    try:
        call_command("verify_audit", stdout=(out := _Out()))
    except CommandError as error:
        return f"ERROR {error}"
    return out.text


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.fixture
def trail(bolig_nu, staff_bodo) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """Four audit rows of both kinds, in the order written: (table, id)."""
    entry = LogEntry.objects.get_for_object(bolig_nu).get()
    login = record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)
    bolig_nu.aim = "Flere i varig bolig."
    bolig_nu.save()
    change = LogEntry.objects.get_for_object(bolig_nu).latest("pk")
    logout = record_security_event(SecurityEvent.Kind.LOGOUT, actor=staff_bodo)
    return [
        ("auditlog_logentry", entry.pk),
        ("accounts_securityevent", login.pk),
        ("auditlog_logentry", change.pk),
        ("accounts_securityevent", logout.pk),
    ]


def _link(table: str, row: int) -> AuditChainLink:
    return AuditChainLink.objects.get(source=table, row_id=row)


def test_every_audit_row_is_linked_to_the_one_before(trail):
    # then each row written has a link, in the order written, each hashing the one before
    links = [_link(table, row) for table, row in trail]
    assert [link.pk for link in links] == sorted(link.pk for link in links)
    assert (
        AuditChainLink.objects.count() == LogEntry.objects.count() + SecurityEvent.objects.count()
    )
    everything = list(AuditChainLink.objects.order_by("pk"))
    assert everything[0].previous_hash == GENESIS
    for before, link in zip(everything, everything[1:], strict=False):
        assert link.previous_hash == before.chain_hash
        expected = hashlib.sha256((link.previous_hash + link.content_hash).encode()).hexdigest()
        assert link.chain_hash == expected
    # and verify_audit finds it intact
    report = verify_chain()
    assert report.intact
    assert report.head == everything[-1].chain_hash
    assert _verify() == (
        f"The audit chain is intact: {len(everything)} rows. Latest hash: {report.head}\n"
    )


def test_rows_written_in_one_statement_are_linked_in_id_order(trail, bolig_nu):
    # given three change-log entries written in one INSERT (as the event import writes them)
    from django.contrib.contenttypes.models import ContentType

    before = AuditChainLink.objects.order_by("pk").last()
    assert before is not None
    entries = LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=ContentType.objects.get_for_model(bolig_nu),
                object_pk=str(bolig_nu.pk),
                object_id=bolig_nu.pk,
                object_repr=f"{bolig_nu} {number}",
                action=LogEntry.Action.UPDATE,
                changes={"aim": ["", f"Mål {number}"]},
                additional_data={"initiative": bolig_nu.pk},
            )
            for number in range(3)
        ]
    )
    # then each has one link, in the order of their ids, each following the one before
    links = list(AuditChainLink.objects.filter(pk__gt=before.pk).order_by("pk"))
    assert [(link.source, link.row_id) for link in links] == [
        ("auditlog_logentry", entry.pk) for entry in sorted(entries, key=lambda e: e.pk)
    ]
    previous = before.chain_hash
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL timezone TO 'UTC'")
        for link in links:
            cursor.execute(
                "SELECT housingapp_audit_content_hash('auditlog_logentry', to_jsonb(e)), "
                "(SELECT string_agg(key, ',' ORDER BY key) FROM jsonb_object_keys(to_jsonb(e)) key) "
                "FROM auditlog_logentry e WHERE id = %s",
                [link.row_id],
            )
            content, columns = cursor.fetchone()
            assert (link.content_hash, link.columns, link.previous_hash) == (
                content,
                columns,
                previous,
            )
            assert link.chain_hash == hashlib.sha256((previous + content).encode()).hexdigest()
            previous = link.chain_hash
    # and the next single row follows the last of them; verify_audit finds it all intact
    record_security_event(SecurityEvent.Kind.LOGOUT, actor=None)
    assert AuditChainLink.objects.order_by("pk").last().previous_hash == previous  # type: ignore[union-attr]
    assert verify_chain().intact


@as_owner
def test_a_row_changed_by_the_owner_is_named(trail):
    # given the owner disables the append-only trigger and rewrites the second and third rows
    table, row = trail[1]
    _sql(
        "ALTER TABLE accounts_securityevent DISABLE TRIGGER accounts_securityevent_append_only",
        f"UPDATE accounts_securityevent SET username = 'someone-else' WHERE id = {row}",
        "ALTER TABLE accounts_securityevent ENABLE TRIGGER accounts_securityevent_append_only",
        "ALTER TABLE auditlog_logentry DISABLE TRIGGER auditlog_logentry_append_only",
        f"UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = {trail[2][1]}",
        "ALTER TABLE auditlog_logentry ENABLE TRIGGER auditlog_logentry_append_only",
    )
    # then verify_audit names the first of them
    link = _link(table, row).pk
    assert _verify() == (
        f"ERROR The audit chain breaks at accounts_securityevent row {row} (link {link}): was "
        f"changed after it was written. Links checked up to there: {_position(link)}."
    )


def _position(link: int) -> int:
    return AuditChainLink.objects.filter(pk__lte=link).count()


@as_owner
def test_a_row_deleted_by_the_owner_is_named(trail):
    table, row = trail[2]
    _sql(
        "ALTER TABLE auditlog_logentry DISABLE TRIGGER auditlog_logentry_append_only",
        f"DELETE FROM auditlog_logentry WHERE id = {row}",
        "ALTER TABLE auditlog_logentry ENABLE TRIGGER auditlog_logentry_append_only",
    )
    link = _link(table, row).pk
    assert _verify().startswith(
        f"ERROR The audit chain breaks at auditlog_logentry row {row} (link {link}): was deleted."
    )


@as_owner
def test_a_row_written_with_the_chain_trigger_off_is_named(trail, staff_bodo):
    # given the owner writes a security event with the chain's trigger off
    _sql("ALTER TABLE accounts_securityevent DISABLE TRIGGER accounts_securityevent_chain")
    slipped_in = record_security_event(SecurityEvent.Kind.EXPORT, actor=staff_bodo)
    _sql("ALTER TABLE accounts_securityevent ENABLE TRIGGER accounts_securityevent_chain")
    # then it is not in the chain, and verify_audit says so
    assert not AuditChainLink.objects.filter(row_id=slipped_in.pk, source="accounts_securityevent")
    assert _verify() == (
        f"ERROR The audit chain breaks at accounts_securityevent row {slipped_in.pk} (no link): "
        "is not in the chain: written while the chain's trigger was off. Links checked up to "
        f"there: {AuditChainLink.objects.count()}."
    )


@as_owner
def test_a_row_and_its_link_rewritten_together_are_named(trail):
    # given the owner rewrites a row and the content hash in its link to match
    table, row = trail[1]
    link = _link(table, row)
    _sql(
        "ALTER TABLE accounts_securityevent DISABLE TRIGGER accounts_securityevent_append_only",
        f"UPDATE accounts_securityevent SET username = 'someone-else' WHERE id = {row}",
        "ALTER TABLE accounts_securityevent ENABLE TRIGGER accounts_securityevent_append_only",
    )
    report = verify_chain()
    assert report.first_break is not None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL timezone TO 'UTC'")
        cursor.execute(
            "SELECT housingapp_audit_content_hash('accounts_securityevent', to_jsonb(s)) "
            "FROM accounts_securityevent s WHERE id = %s",
            [row],
        )
        (forged,) = cursor.fetchone()
    _sql(
        "ALTER TABLE accounts_auditchainlink DISABLE TRIGGER accounts_auditchainlink_append_only",
        f"UPDATE accounts_auditchainlink SET content_hash = '{forged}' WHERE id = {link.pk}",
        "ALTER TABLE accounts_auditchainlink ENABLE TRIGGER accounts_auditchainlink_append_only",
    )
    # then the link's own hash no longer matches
    assert _verify().startswith(
        f"ERROR The audit chain breaks at accounts_securityevent row {row} (link {link.pk}): "
        "its link was changed."
    )


@as_owner
def test_links_are_append_only(trail):
    link = AuditChainLink.objects.first()
    assert link is not None
    with pytest.raises(Exception, match="append-only"):
        _sql(f"UPDATE accounts_auditchainlink SET chain_hash = 'x' WHERE id = {link.pk}")


def test_auditlogflush_is_refused(trail):
    # given the change log
    before = LogEntry.objects.count()
    # then auditlog's flush command is ours, and refuses, whatever it is asked
    assert get_commands()["auditlogflush"] == "participation.accounts"
    for args in (["-y"], ["-y", "-t"], ["-y", "-b", "2030-01-01"]):
        with pytest.raises(CommandError, match="auditlogflush is refused: the audit trail is"):
            call_command("auditlogflush", *args)
    assert LogEntry.objects.count() == before


# --- the application's database role -------------------------------------------------------------


def _current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return str(cursor.fetchone()[0])


def _as_app(statement: str) -> None:
    """Run SQL as the application (the tests' default connection), in a savepoint."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


AUDIT_TABLES = ["auditlog_logentry", "accounts_securityevent", "accounts_auditchainlink"]


REFUSED = [
    ("TRUNCATE {table}", "permission denied for table {table}"),
    ("DELETE FROM {table}", "permission denied for table {table}"),
    ("UPDATE {table} SET id = id", "permission denied for table {table}"),
    ("DROP TRIGGER {trigger} ON {table}", "must be owner of relation {table}"),
    ("ALTER TABLE {table} DISABLE TRIGGER {trigger}", "must be owner of table {table}"),
    ("ALTER TABLE {table} DISABLE TRIGGER ALL", "must be owner of table {table}"),
    ("ALTER TABLE {table} ADD COLUMN x integer", "must be owner of table {table}"),
    ("ALTER TABLE {table} OWNER TO CURRENT_USER", "must be owner of table {table}"),
    ("DROP TABLE {table}", "must be owner of table {table}"),
]


def test_the_tests_run_the_application_as_its_own_role(db):  # type: ignore[no-untyped-def]
    # the default connection is the application's role, neither superuser nor owner
    assert _current_user() == settings.TEST_APP_DATABASE_ROLE
    assert connection.settings_dict["USER"] == settings.TEST_APP_DATABASE_ROLE
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (False, False, False)
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relname = ANY(%s) "
            "AND pg_has_role(current_user, c.relowner, 'USAGE')",
            [AUDIT_TABLES],
        )
        assert cursor.fetchall() == []


def test_the_app_role_cannot_change_the_audit_tables(trail):
    # given audit rows of both kinds and their links (the trail)
    before = {table: _count(table) for table in AUDIT_TABLES}
    assert all(before.values())
    # then the application's role can neither change nor remove them, nor their triggers
    for table in AUDIT_TABLES:
        for statement, refusal in REFUSED:
            sql = statement.format(table=table, trigger=f"{table}_append_only")
            with pytest.raises(ProgrammingError, match=refusal.format(table=table)):
                _as_app(sql)
    assert {table: _count(table) for table in AUDIT_TABLES} == before
    # and the triggers are all still there
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O' "
            "AND tgrelid::regclass::text = ANY(%s) ORDER BY tgname",
            [AUDIT_TABLES],
        )
        assert [name for (name,) in cursor.fetchall()] == [
            "accounts_auditchainlink_append_only",
            "accounts_securityevent_append_only",
            "accounts_securityevent_chain",
            "auditlog_logentry_append_only",
            "auditlog_logentry_chain",
        ]


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


def test_the_app_role_appends_to_the_trail_and_the_database_chains_it(db):  # type: ignore[no-untyped-def]
    links = _count("accounts_auditchainlink")
    # when the application's role writes a security event and a change-log entry
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_securityevent (kind, username, data, created_at) "
            "VALUES ('login', 'app-role', '{}', now()) RETURNING id"
        )
        (event,) = cursor.fetchone()
        cursor.execute("SELECT id FROM django_content_type LIMIT 1")
        (content_type,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action, "
            "changes_text, timestamp, additional_data) "
            f"VALUES ({content_type}, '1', 'x', 0, '', now(), '{{}}') RETURNING id"
        )
        (entry,) = cursor.fetchone()
        # and several rows in one statement (the trigger runs once for the statement)
        cursor.execute(
            "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action, "
            "changes_text, timestamp, additional_data) "
            f"SELECT {content_type}, n::text, 'x', 0, '', now(), '{{}}' "
            "FROM generate_series(1, 3) n RETURNING id"
        )
        several = [row_id for (row_id,) in cursor.fetchall()]
    # then the database chained them all (and the role may read the links), and the chain holds
    assert _count("accounts_auditchainlink") == links + 2 + len(several)
    assert AuditChainLink.objects.filter(source="accounts_securityevent", row_id=event).exists()
    assert AuditChainLink.objects.filter(source="auditlog_logentry", row_id=entry).exists()
    assert AuditChainLink.objects.filter(
        source="auditlog_logentry", row_id__in=several
    ).count() == len(several)
    assert verify_chain().intact


def test_the_app_role_cannot_forge_a_link(db):  # type: ignore[no-untyped-def]
    with pytest.raises(ProgrammingError, match="permission denied for table"):
        _as_app(
            "INSERT INTO accounts_auditchainlink (source, row_id, columns, content_hash, "
            "previous_hash, chain_hash, created_at) VALUES ('x', 1, '', '', '', '', now())",
        )
    with pytest.raises(ProgrammingError, match="permission denied for function"):
        _as_app("SELECT housingapp_audit_link('accounts_securityevent', 1, '{}')")


def test_the_app_role_works_with_the_domain_tables(db):  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO places_theme (name, name_en, code, description, is_active, "order") '
            "VALUES ('T', '', 'test-app-role', '', true, 0)"
        )
        cursor.execute("UPDATE places_theme SET name = 'U' WHERE code = 'test-app-role'")
        cursor.execute("DELETE FROM places_theme WHERE code = 'test-app-role'")


@pytest.mark.django_db(databases=["default", "owner"])
def test_grant_app_role_refuses_a_superuser_or_the_owner() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolname FROM pg_roles WHERE rolsuper ORDER BY oid LIMIT 1")
        (superuser,) = cursor.fetchone()
    for role in (connections["owner"].settings_dict["USER"], superuser):
        with pytest.raises(CommandError, match="could disable the audit triggers"):
            call_command("grant_app_role", role, database="owner", stdout=_Out())
    with pytest.raises(CommandError, match="There is no database role"):
        call_command("grant_app_role", "no_such_role_here", database="owner", stdout=_Out())


def test_the_app_role_refreshes_statistics_only_through_the_owners_function(db):  # type: ignore[no-untyped-def]
    # given rows the application's role wrote in this transaction
    from participation.places.models import Theme

    Theme.objects.bulk_create(Theme(code=f"stat-{n}", name=f"Tema {n}") for n in range(500))
    with connection.cursor() as cursor:
        # when it runs ANALYZE itself, PostgreSQL skips the table (only its owner may)
        cursor.execute("ANALYZE places_theme")
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'places_theme'")
        assert cursor.fetchone()[0] < 500
        # when it calls the owner's function (accounts migration 0011), the statistics count
        # the rows of this transaction
        cursor.execute("SELECT housingapp_analyze(ARRAY['places_theme']::regclass[])")
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'places_theme'")
        assert cursor.fetchone()[0] >= 500
    # and the function analyzes the application's tables only
    with (
        pytest.raises(DatabaseError, match="not a table of the application"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT housingapp_analyze(ARRAY['pg_class']::regclass[])")
