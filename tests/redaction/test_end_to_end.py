"""A fødselsnummer slipped into an initiative, went through its audit history, a failed login and
a generated report; an admin finds every place, gives a reason, confirms, and it is gone from
every table and every file, with the removal recorded and the audit tables still append-only.

PostgreSQL: the report is made by the report services in-process (Celery's eager mode), which
run their own transactions, so this test commits its data (`reference_data`, transactional).
"""

from __future__ import annotations

import hashlib
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction
from django.db.utils import ProgrammingError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from participation.accounts.audit import acting_as
from participation.accounts.models import AuditChainLink, RoleAssignment, SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.accounts.services.chain import verify_chain
from participation.involvement.models import Initiative
from participation.redaction.services import MARKER, Kind, Needle, search
from participation.reports.document import ReportDocument, checksum
from participation.reports.models import ReportSnapshot
from participation.reports.services.requesting import request_report
from participation.reports.services.rows import rows_of
from tests.conftest import log_in
from tests.reports.generation_support import (
    Q1_2025,
    add_records,
    municipal_scope,
    municipality,
    strategy,
)

from .support import FNR, file_texts, save_before_the_guard, tables_holding

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the end-to-end path runs on PostgreSQL"
)

MASKED = FNR[0] + "•" * (len(FNR) - 2) + FNR[-1]


def _no_spaces(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def people(reference_data) -> dict[str, User]:  # type: ignore[no-untyped-def]
    admin = User.objects.create_user(
        "admin-redaction", password="pw-for-tests-only", first_name="Ada", last_name="Admin"
    )
    RoleAssignment.objects.create(user=admin, role=RoleAssignment.Role.ADMIN)
    staff = User.objects.create_user("bodo-staff", password="pw-for-tests-only")
    RoleAssignment.objects.create(
        user=staff, role=RoleAssignment.Role.MUNICIPAL, municipality=municipality()
    )
    return {"admin": admin, "staff": staff}


def test_a_fodselsnummer_is_found_everywhere_and_removed_everywhere(client, people) -> None:  # type: ignore[no-untyped-def]
    admin, staff = people["admin"], people["staff"]
    # given an initiative whose name and aim got the number in an edit made before the guard
    with acting_as(staff):
        initiative = add_records(municipality())
        save_before_the_guard(
            initiative,
            name=f"Bolig Nu {FNR}",
            aim=f"Finne bolig sammen med beboerne. Kontakt: {FNR}.",
        )
    # and a failed login where someone typed the number as their username
    record_security_event(SecurityEvent.Kind.LOGIN_FAILED, username=FNR)
    # and a report made while the name held it (the initiative list names every initiative)
    snapshot = request_report(
        actor=staff, scope=municipal_scope(), period=Q1_2025, strategy=strategy(), language="nb"
    )
    snapshot.refresh_from_db()
    assert snapshot.status == ReportSnapshot.Status.DONE
    original_checksum = snapshot.checksum
    old_files = {f.format: (f.file.name, f.sha256) for f in snapshot.files.all()}
    assert set(old_files) == {"pdf", "xlsx", "csv"}
    before = file_texts(snapshot)
    assert all(FNR in _no_spaces(text) for text in before.values()), "the files held it"
    # and then the name was corrected, the aim not
    with acting_as(staff):
        save_before_the_guard(initiative, name="Bolig Nu")
    held = tables_holding(FNR)
    assert {"involvement_initiative", "auditlog_logentry", "accounts_securityevent"} <= set(held)
    assert "reports_reportrow" in held
    assert held["auditlog_logentry"] >= 2  # the edit, and the correction's "from"

    # when the admin looks for it
    log_in(client, admin)
    url = reverse("participation:redaction")
    response = client.post(url, {"kind": Kind.TEXT, "text": FNR})
    # then every place is listed, masked
    assert response.status_code == 200
    page = response.content.decode()
    findings = search(Needle(Kind.TEXT, FNR))
    tables = {place.target.table for place in findings.places}
    assert tables == {
        "involvement_initiative",
        "auditlog_logentry",
        "accounts_securityevent",
        "reports_reportrow",
    } | ({"reports_reportsnapshot"} if "reports_reportsnapshot" in held else set())
    assert {p.target.field for p in findings.places if p.target.model is Initiative} == {"aim"}
    assert MASKED in page
    shown = re.sub(r"<input[^>]*>", "", page)  # the forms carry what was typed, and no more
    assert FNR not in shown
    assert f"Found {findings.count} places in {findings.records} record(s)." in page
    assert snapshot.get_absolute_url() in page  # the report that will be made again

    # when the admin gives a reason and continues
    confirm_url = reverse("participation:redaction-confirm")
    form = {
        "kind": Kind.TEXT,
        "text": FNR,
        "fingerprint": findings.fingerprint,
        "reason": "Sak 2026/123: beboeren ba om sletting.",
    }
    response = client.post(confirm_url, form)
    # then the confirmation page says how much will change, and that it cannot be undone
    assert response.status_code == 200
    assert (
        f"{findings.count} places in {findings.records} record(s) will be changed; "
        "this cannot be undone." in response.content.decode()
    )
    assert tables_holding(FNR) == held  # nothing changed yet

    # when they confirm
    response = client.post(confirm_url, {**form, "confirmed": "yes"}, follow=True)
    # then it is gone from every table of the database
    assert response.status_code == 200
    assert f"{findings.count} places in {findings.records} records" in response.content.decode()
    assert tables_holding(FNR) == {}
    # the live row reads the marker where the number was
    initiative.refresh_from_db()
    assert initiative.aim == f"Finne bolig sammen med beboerne. Kontakt: {MARKER}."
    assert initiative.name == "Bolig Nu"
    # the audit history keeps the edit, with the marker in place of the number
    entries = LogEntry.objects.get_for_object(initiative).order_by("timestamp", "pk")
    edit = [e for e in entries if "aim" in (e.changes or {})][-1]
    assert edit.changes["aim"][1] == f"Finne bolig sammen med beboerne. Kontakt: {MARKER}."
    assert edit.changes["name"] == ["Bolig Nu", f"Bolig Nu {MARKER}"]
    assert edit.actor == staff
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.LOGIN_FAILED, username=MARKER
    ).exists()

    # the report was made again: new files without it, the new checksum beside the original
    snapshot.refresh_from_db()
    assert snapshot.original_checksum == original_checksum
    assert snapshot.checksum != original_checksum
    assert snapshot.data is not None
    document = ReportDocument.from_json(snapshot.data)
    assert snapshot.checksum == checksum(document, rows_of(snapshot))
    assert snapshot.redacted_by == admin
    assert snapshot.redacted_at is not None
    after = file_texts(snapshot)
    with translation.override(snapshot.language):
        removed_label = gettext("Personal data removed")
    assert set(after) == {"pdf", "xlsx", "csv"}
    for fmt, text in after.items():
        assert FNR not in _no_spaces(text), fmt
        assert MARKER in _no_spaces(text), fmt
        # the files show the new checksum, that data was removed, and the original checksum
        assert snapshot.checksum in _no_spaces(text), fmt
        assert original_checksum in _no_spaces(text), fmt
        assert _no_spaces(removed_label) in _no_spaces(text), fmt
    for report_file in snapshot.files.all():
        with report_file.file.open("rb") as handle:
            content = handle.read()
        assert report_file.sha256 == hashlib.sha256(content).hexdigest()
        assert report_file.size == len(content)
        old_name, old_sha = old_files[report_file.format]
        assert report_file.sha256 != old_sha
        assert report_file.file.name != old_name
        assert not default_storage.exists(str(old_name))  # the old file is deleted

    # and its page says it was redacted, when and by whom
    page = client.get(snapshot.get_absolute_url()).content.decode()
    assert "Personal data was removed from this report on" in page
    assert "by Ada Admin" in page
    assert original_checksum in page

    # the removal is a security event: who, why, how many places; never the text
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.REDACTION)
    log = client.get(reverse("participation:security-events")).content.decode()
    assert "Reason: Sak 2026/123: beboeren ba om sletting." in log
    assert f"{findings.count} places in {findings.records} record(s) replaced by" in log
    assert event.actor == admin
    assert event.data["reason"] == "Sak 2026/123: beboeren ba om sletting."
    assert event.data["places"] == findings.count
    assert event.data["records"] == findings.records
    assert event.data["reports"] == [snapshot.pk]
    assert FNR not in str(event.data)

    # and the audit tables are still append-only for everything else: the application's role
    # (which the tests run as) has no right to change them but through the redaction's function
    entry = edit
    refused = "permission denied for table"
    with (
        pytest.raises(ProgrammingError, match=f"{refused} auditlog_logentry"),
        transaction.atomic(),
    ):
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="rewritten")
    with (
        pytest.raises(ProgrammingError, match=f"{refused} accounts_securityevent"),
        transaction.atomic(),
    ):
        SecurityEvent.objects.filter(pk=event.pk).update(data={})
    with (
        pytest.raises(ProgrammingError, match=f"{refused} auditlog_logentry"),
        transaction.atomic(),
    ):
        LogEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.object_repr != "rewritten"

    # and the audit trail's hash chain holds: each rewritten row got a new link in the chain's
    # order, so verify_audit checks it against that one
    report = verify_chain()
    assert report.intact, report.first_break
    relinked = AuditChainLink.objects.filter(source="auditlog_logentry", row_id=entry.pk)
    assert relinked.count() >= 2


@pytest.mark.django_db(transaction=True, databases=["default", "owner"])
def test_a_row_changed_after_its_redaction_still_breaks_the_chain(client, people) -> None:  # type: ignore[no-untyped-def]
    # given an audit row that was redacted (and so relinked)
    admin = people["admin"]
    record_security_event(SecurityEvent.Kind.LOGIN_FAILED, username=FNR)
    event = SecurityEvent.objects.get(username=FNR)
    log_in(client, admin)
    findings = search(Needle(Kind.TEXT, FNR))
    client.post(
        reverse("participation:redaction-confirm"),
        {
            "kind": Kind.TEXT,
            "text": FNR,
            "fingerprint": findings.fingerprint,
            "reason": "Sak 2026/124: feil brukernavn.",
            "confirmed": "yes",
        },
    )
    event.refresh_from_db()
    assert event.username == MARKER
    assert verify_chain().intact
    # when the owner changes it again behind the trigger's back
    with connections["owner"].cursor() as cursor:
        cursor.execute("ALTER TABLE accounts_securityevent DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE accounts_securityevent SET username = 'someone-else' WHERE id = %s", [event.pk]
        )
        cursor.execute("ALTER TABLE accounts_securityevent ENABLE TRIGGER USER")
    # then the chain names that row
    broken = verify_chain().first_break
    assert broken is not None
    assert (broken.table, broken.row, broken.reason) == (
        "accounts_securityevent",
        event.pk,
        "was changed after it was written",
    )
