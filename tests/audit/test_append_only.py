"""Audit rows cannot be changed or deleted: not through the Django admin (even by a superuser),
not through the ORM (the application's database role, which the tests run as, has no UPDATE or
DELETE rights on them: `grant_app_role`), and not even by the tables' owner while the append-only
trigger (migration accounts/0002) is on (tests/audit/test_chain.py shows what happens when the owner
turns it off)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.db.models import ProtectedError
from django.db.utils import ProgrammingError
from django.urls import reverse

from participation.accounts.models import SecurityEvent
from participation.accounts.services.audit import record_security_event


@pytest.fixture
def superuser_client(client, db, log_in):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_superuser("root-audit", password="pw-for-tests-only")
    log_in(client, user)
    return client


@pytest.fixture
def entry(bolig_nu) -> LogEntry:  # type: ignore[no-untyped-def]
    return LogEntry.objects.get_for_object(bolig_nu).get()


@pytest.fixture
def event(staff_bodo) -> SecurityEvent:  # type: ignore[no-untyped-def]
    return record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)


# Both the missing privilege and the trigger are SQLSTATE 42501 (insufficient_privilege), which
# psycopg reports as a ProgrammingError (class 42: syntax error or access rule violation).
LOG_REFUSED = "permission denied for table auditlog_logentry"
EVENTS_REFUSED = "permission denied for table accounts_securityevent"


def test_the_orm_cannot_update_or_delete_log_entries(entry):  # type: ignore[no-untyped-def]
    with pytest.raises(ProgrammingError, match=LOG_REFUSED), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="rewritten")
    entry.object_repr = "rewritten"
    with pytest.raises(ProgrammingError, match=LOG_REFUSED), transaction.atomic():
        entry.save()
    with pytest.raises(ProgrammingError, match=LOG_REFUSED), transaction.atomic():
        entry.delete()
    with pytest.raises(ProgrammingError, match=LOG_REFUSED), transaction.atomic():
        LogEntry.objects.all().delete()
    assert LogEntry.objects.get(pk=entry.pk).object_repr == "Bolig Nu"


def test_the_orm_cannot_update_or_delete_security_events(event):  # type: ignore[no-untyped-def]
    with pytest.raises(ProgrammingError, match=EVENTS_REFUSED), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(username="someone-else")
    with pytest.raises(ProgrammingError, match=EVENTS_REFUSED), transaction.atomic():
        event.delete()
    event.refresh_from_db()
    assert event.username == "bodo-test"


@pytest.mark.django_db(transaction=True, databases=["default", "owner"])
@pytest.mark.usefixtures("reference_data")
def test_the_trigger_refuses_even_the_owner(entry, event):  # type: ignore[no-untyped-def]
    # given audit rows the application committed, the tables' owner (trigger on) is refused too
    for statement in (
        f"UPDATE auditlog_logentry SET object_repr = 'rewritten' WHERE id = {entry.pk}",
        f"DELETE FROM auditlog_logentry WHERE id = {entry.pk}",
        f"UPDATE accounts_securityevent SET username = 'someone-else' WHERE id = {event.pk}",
        f"DELETE FROM accounts_securityevent WHERE id = {event.pk}",
    ):
        table = statement.split()[1] if statement.startswith("UPDATE") else statement.split()[2]
        operation = statement.split()[0]
        with (
            pytest.raises(
                ProgrammingError, match=f"audit rows are append-only: {operation} on {table}"
            ),
            connections["owner"].cursor() as cursor,
        ):
            cursor.execute(statement)
    assert LogEntry.objects.get(pk=entry.pk).object_repr == "Bolig Nu"
    assert SecurityEvent.objects.get(pk=event.pk).username == "bodo-test"


def test_a_user_with_audit_rows_cannot_be_deleted_only_deactivated(staff_bodo, event):  # type: ignore[no-untyped-def]
    # the security event protects its actor; deactivation keeps the attribution
    with pytest.raises(ProtectedError), transaction.atomic():
        staff_bodo.delete()
    staff_bodo.is_active = False
    staff_bodo.save()
    event.refresh_from_db()
    assert event.actor == staff_bodo


@pytest.mark.parametrize(
    ("model_name", "fixture"),
    [("auditlog_logentry", "entry"), ("accounts_securityevent", "event")],
)
def test_a_superuser_can_read_but_not_add_change_or_delete_in_the_admin(
    superuser_client, request, model_name, fixture
):  # type: ignore[no-untyped-def]
    # given an audit row
    row = request.getfixturevalue(fixture)
    before = type(row).objects.values().get(pk=row.pk)
    changelist = reverse(f"admin:{model_name}_changelist")
    change = reverse(f"admin:{model_name}_change", args=[row.pk])
    delete = reverse(f"admin:{model_name}_delete", args=[row.pk])
    # then it can be listed and read
    assert superuser_client.get(changelist).status_code == 200
    page = superuser_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    # but not added, changed or deleted, one by one or in bulk
    assert superuser_client.get(reverse(f"admin:{model_name}_add")).status_code == 403
    assert superuser_client.post(change, {"object_repr": "x", "username": "x"}).status_code == 403
    assert superuser_client.get(delete).status_code == 403
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    bulk = superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert type(row).objects.values().get(pk=row.pk) == before
