"""The one database path into the append-only audit tables (PostgreSQL): the redaction function
changes one listed text column of one row and nothing else; everything else stays refused."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from auditlog.models import LogEntry
from django.db import connection, connections, transaction
from django.db.utils import InternalError, ProgrammingError

from participation.accounts.models import SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.redaction.services import AUDIT_COLUMNS, redact_audit_value

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database function is PostgreSQL's"
)

REFUSED = (ProgrammingError, InternalError)


@pytest.fixture
def entry(staff_bodo) -> LogEntry:  # type: ignore[no-untyped-def]
    # creating the user's role logged a change; any log entry will do
    return LogEntry.objects.order_by("pk").first()  # type: ignore[return-value]


def _row(entry: LogEntry) -> dict[str, object]:
    return LogEntry.objects.values().get(pk=entry.pk)


def test_the_columns_the_service_may_rewrite_are_those_the_database_allows() -> None:
    migration = importlib.import_module(
        "participation.redaction.migrations.0001_audit_redaction_path"
    )
    assert {table: set(columns) for table, columns in AUDIT_COLUMNS.items()} == {
        table: set(columns) for table, columns in migration.REDACTABLE.items()
    }
    for table, columns in AUDIT_COLUMNS.items():
        for column, is_json in columns.items():
            assert is_json == (migration.REDACTABLE[table][column] == "jsonb"), column


def test_the_function_changes_one_text_column_and_nothing_else(entry) -> None:  # type: ignore[no-untyped-def]
    before = _row(entry)
    # when
    with transaction.atomic():
        redact_audit_value("auditlog_logentry", entry.pk, "object_repr", "[fjernet]")
        redact_audit_value("auditlog_logentry", entry.pk, "changes", {"name": ["[fjernet]", "x"]})
    # then
    after = _row(entry)
    assert after["object_repr"] == "[fjernet]"
    assert after["changes"] == {"name": ["[fjernet]", "x"]}
    assert {k: v for k, v in after.items() if k not in ("object_repr", "changes")} == {
        k: v for k, v in before.items() if k not in ("object_repr", "changes")
    }


def _redact_then_update(entry: LogEntry, using: str = "default") -> None:
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT housingapp_redact_audit(%s, %s, %s, %s)",
                ["auditlog_logentry", entry.pk, "object_repr", "[fjernet]"],
            )
        # the setting the trigger honours is off again once the function returns
        LogEntry.objects.using(using).filter(pk=entry.pk).update(object_repr="rewritten")


def _with_the_setting_on(change: Callable[[str], object], using: str = "default") -> None:
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL housingapp.redaction = 'on'")
        change(using)


def _call_the_function(table: str, pk: int, column: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT housingapp_redact_audit(%s, %s, %s, %s)", [table, pk, column, "1"])


# Any other change to an audit row, (role, message): the application's role (the tests' default
# connection) has no UPDATE or DELETE right on the audit tables at all; the owner has, and the
# append-only trigger refuses it whatever the setting says, unless the function makes the change.
REFUSERS = [
    pytest.param("default", "permission denied for table", id="app-role"),
    pytest.param(
        "owner",
        "append-only",
        id="owner",
        # the owner's connection sees only what the application committed
        marks=pytest.mark.django_db(transaction=True, databases=["default", "owner"]),
    ),
]
by_either_role = pytest.mark.parametrize(("using", "refusal"), REFUSERS)


@pytest.fixture
def role(request: pytest.FixtureRequest) -> str:
    """The role of the test (first among its fixtures): for the owner, after the flush of the
    transactional test before, the reference data again."""
    using: str = request.node.callspec.params["using"]
    if using == "owner":
        request.getfixturevalue("reference_data")
    return using


@by_either_role
def test_the_function_lets_nothing_else_through_in_the_same_transaction(
    role, entry, using, refusal
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(REFUSED, match=refusal):
        _redact_then_update(entry, using)
    assert _row(entry)["object_repr"] != "rewritten"


@by_either_role
def test_the_setting_alone_allows_no_change_and_no_delete(role, entry, using, refusal) -> None:  # type: ignore[no-untyped-def]
    event = record_security_event(SecurityEvent.Kind.LOGIN_FAILED, username="someone")
    logs = lambda db: LogEntry.objects.using(db).filter(pk=entry.pk)  # noqa: E731
    events = lambda db: SecurityEvent.objects.using(db).filter(pk=event.pk)  # noqa: E731
    for change in (
        lambda db: logs(db).update(action=LogEntry.Action.DELETE),
        lambda db: logs(db).update(object_repr="x", cid="forged"),
        # not even the text columns: only the function's own statement may change them
        lambda db: logs(db).update(object_repr="x"),
        lambda db: events(db).update(username="x"),
        lambda db: events(db).update(kind="login"),
        lambda db: logs(db).delete(),
        lambda db: events(db).delete(),
    ):
        with pytest.raises(REFUSED, match=refusal):
            _with_the_setting_on(change, using)
    assert LogEntry.objects.filter(pk=entry.pk, action=entry.action).exists()
    assert SecurityEvent.objects.filter(pk=event.pk, kind="login_failed").exists()


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("auditlog_logentry", "action"),
        ("auditlog_logentry", "timestamp"),
        ("accounts_securityevent", "kind"),
        ("involvement_initiative", "name"),
    ],
)
def test_the_function_refuses_any_other_column_or_table(entry, table, column) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(REFUSED, match="may not be redacted"):
        _call_the_function(table, entry.pk, column)
