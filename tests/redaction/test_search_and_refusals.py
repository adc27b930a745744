"""What the search finds and how it shows it; what the redaction refuses (changing nothing)."""

from __future__ import annotations

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from participation.accounts.audit import acting_as
from participation.accounts.models import SecurityEvent
from participation.involvement.models import Initiative
from participation.redaction.services import (
    MARKER,
    Kind,
    Needle,
    RedactionError,
    masked_context,
    redact,
    replaced,
    search,
)
from participation.reports.models import ReportRow
from tests.reports.generation_support import add_records, make_done_snapshot, municipal_scope

from .support import FNR, file_texts, save_before_the_guard, tables_holding

SPACED_FNR = f"{FNR[:6]} {FNR[6:]}"


def _redacted(kind: str, text: str) -> str:
    needle = Needle(kind)
    return replaced(text, needle.spans(text))


def test_a_plain_text_is_found_whatever_its_case() -> None:
    needle = Needle(Kind.TEXT, "Kari Nordmann")
    text = "Møte med kari nordmann og KARI NORDMANN."
    assert replaced(text, needle.spans(text)) == f"Møte med {MARKER} og {MARKER}."


def test_every_identity_number_is_found_in_the_forms_people_write_them() -> None:
    text = f"Fnr {FNR}, eller {SPACED_FNR}, eller {FNR[:6]}-{FNR[6:]}; saksnr 12345678901."
    # the case number has wrong control digits and stays
    assert _redacted(Kind.IDENTITY_NUMBER, text) == (
        f"Fnr {MARKER}, eller {MARKER}, eller {MARKER}; saksnr 12345678901."
    )


def test_a_phone_number_is_removed_with_its_country_code() -> None:
    text = "Ring +47 912 34 567 eller 91234567 før 2024-2025."
    assert _redacted(Kind.PHONE_NUMBER, text) == f"Ring {MARKER} eller {MARKER} før 2024-2025."


def test_an_e_mail_address_is_removed_whole() -> None:
    text = "Skriv til ola.nordmann+bolig@example.no. Takk!"
    assert _redacted(Kind.EMAIL, text) == f"Skriv til {MARKER}. Takk!"


def test_the_context_masks_every_match_but_its_first_and_last_character() -> None:
    text = f"Beboer med fnr {FNR} og {FNR} ønsket kontakt"
    spans = Needle(Kind.TEXT, FNR).spans(text)
    context = masked_context(text, spans, spans[0])
    masked = FNR[0] + "•" * 9 + FNR[-1]
    assert context == f"Beboer med fnr {masked} og {masked} ønsket kontakt"
    assert FNR not in context


def test_a_long_text_shows_only_the_context_around_the_match() -> None:
    text = "a" * 100 + FNR + "b" * 100
    context = masked_context(text, Needle(Kind.TEXT, FNR).spans(text), (100, 111))
    assert context == "…" + "a" * 30 + FNR[0] + "•" * 9 + FNR[-1] + "b" * 30 + "…"


@pytest.fixture
def slipped(bodo, staff_bodo) -> Initiative:  # type: ignore[no-untyped-def]
    """An initiative whose challenges got a spaced identity number, before the guard."""
    with acting_as(staff_bodo):
        initiative = Initiative.objects.create(
            municipality=bodo, name="Bolig Nu", aim="Bolig.", start_date=datetime.date(2025, 1, 1)
        )
        save_before_the_guard(initiative, challenges=f"Beboer {SPACED_FNR} manglet nøkkel.")
    return initiative


def test_the_kind_search_finds_the_live_row_and_its_audit_entry(slipped) -> None:  # type: ignore[no-untyped-def]
    findings = search(Needle(Kind.IDENTITY_NUMBER))
    places = {(p.target.table, p.pk, p.target.field) for p in findings.places}
    edit = LogEntry.objects.get_for_object(slipped).filter(action=LogEntry.Action.UPDATE).get()
    assert places == {
        ("involvement_initiative", slipped.pk, "challenges"),
        ("auditlog_logentry", edit.pk, "changes"),
    }
    assert findings.count == 2
    assert findings.records == 2
    # each record is named by what cannot hold the text: its kind, reference, id and time
    labels = {p.target.table: p.record_label for p in findings.places}
    assert labels["involvement_initiative"] == f"Initiative {slipped.reference}"
    assert f": Initiative {slipped.pk}, " in labels["auditlog_logentry"]


@pytest.mark.django_db(transaction=True, databases=["default", "owner"])
@pytest.mark.usefixtures("reference_data")
def test_the_audit_chains_digests_are_never_places(slipped) -> None:  # type: ignore[no-untyped-def]
    # given a chain link whose hex digest happens to hold a valid identity number (a digest is
    # 64 hex digits: runs of 11 digits with right check digits turn up by chance); only the
    # owner can write one, and the next test's flush takes it away
    with connections["owner"].cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_auditchainlink (source, row_id, columns, content_hash, "
            "previous_hash, chain_hash, created_at) VALUES (%s, 1, 'id', %s, %s, %s, now())",
            ["accounts_securityevent", f"ab{FNR}" + "c" * 51, "0" * 64, "f" * 64],
        )
    # when the admin looks for every identity number
    findings = search(Needle(Kind.IDENTITY_NUMBER))
    # then only the slipped text and its audit entry are found, never the chain
    assert {p.target.table for p in findings.places} == {
        "involvement_initiative",
        "auditlog_logentry",
    }


def test_redacting_by_kind_removes_every_identity_number(slipped, admin_user) -> None:  # type: ignore[no-untyped-def]
    findings = search(Needle(Kind.IDENTITY_NUMBER))
    outcome = redact(
        Needle(Kind.IDENTITY_NUMBER),
        reason="Innsynskrav 2026/7",
        actor=admin_user,
        fingerprint=findings.fingerprint,
    )
    assert (outcome.places, outcome.records, outcome.reports) == (2, 2, [])
    slipped.refresh_from_db()
    assert slipped.challenges == f"Beboer {MARKER} manglet nøkkel."
    assert tables_holding(SPACED_FNR) == {}
    assert outcome.event.data["searched_for"] == "identity_number"
    assert outcome.event.data["by_kind"] == {
        "record": {"places": 1, "records": 1},
        "audit": {"places": 1, "records": 1},
    }


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Give the reason"),
        (f"Beboer {SPACED_FNR} ba om det", "must not contain the text"),
        ("Ring 912 34 567 for detaljer", "must not contain personal data"),
    ],
)
def test_a_missing_or_revealing_reason_is_refused(slipped, admin_user, reason, message) -> None:  # type: ignore[no-untyped-def]
    needle = Needle(Kind.TEXT, SPACED_FNR)
    before = tables_holding(SPACED_FNR)
    with pytest.raises(RedactionError, match=message):
        redact(needle, reason=reason, actor=admin_user, fingerprint=search(needle).fingerprint)
    assert tables_holding(SPACED_FNR) == before
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.REDACTION).exists()


def test_places_that_changed_since_they_were_confirmed_change_nothing(  # type: ignore[no-untyped-def]
    slipped, admin_user, staff_bodo
) -> None:
    needle = Needle(Kind.TEXT, SPACED_FNR)
    confirmed = search(needle).fingerprint
    # someone else's edit copies the text into one more place
    with acting_as(staff_bodo):
        save_before_the_guard(slipped, strengths=f"Også {SPACED_FNR}")
    before = tables_holding(SPACED_FNR)
    with pytest.raises(RedactionError, match="have changed"):
        redact(needle, reason="Sak 1", actor=admin_user, fingerprint=confirmed)
    assert tables_holding(SPACED_FNR) == before


def test_the_page_says_why_a_redaction_was_refused(client, log_in, slipped, admin_user) -> None:  # type: ignore[no-untyped-def]
    log_in(client, admin_user)
    response = client.post(
        reverse("participation:redaction-confirm"),
        {
            "kind": Kind.TEXT,
            "text": SPACED_FNR,
            "fingerprint": "0" * 64,
            "reason": "Sak 1",
            "confirmed": "yes",
        },
    )
    assert response.status_code == 200
    assert "The places have changed since you looked at them" in response.content.decode()
    assert SPACED_FNR in Initiative.objects.get(pk=slipped.pk).challenges


def test_a_search_without_text_asks_for_it(client, log_in, admin_user) -> None:  # type: ignore[no-untyped-def]
    log_in(client, admin_user)
    response = client.post(reverse("participation:redaction"), {"kind": Kind.TEXT, "text": "ab"})
    assert response.status_code == 200
    assert "Write the text to look for, at least 4 characters." in response.content.decode()


def test_the_audit_log_links_to_the_redaction_for_admins_only(  # type: ignore[no-untyped-def]
    client, log_in, admin_user
) -> None:
    log_in(client, admin_user)
    page = client.get(reverse("participation:audit-log")).content.decode()
    assert reverse("participation:redaction") in page
    assert "Remove personal data" in page


def test_a_redacted_reports_files_are_withdrawn_until_they_are_made_again(  # type: ignore[no-untyped-def]
    client, log_in, admin_user, bodo, django_capture_on_commit_callbacks
) -> None:
    # given a done report whose initiative list names an initiative with the number
    initiative = add_records(bodo)
    save_before_the_guard(initiative, name=f"Bolig Nu {FNR}")
    snapshot = make_done_snapshot(municipal_scope())
    assert ReportRow.objects.filter(snapshot=snapshot, cells__icontains=FNR).exists()
    needle = Needle(Kind.TEXT, FNR)
    # when it is redacted, and the task that makes the files is not sent yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = redact(
            needle, reason="Sak 5", actor=admin_user, fingerprint=search(needle).fingerprint
        )
    # then the old files are gone from the report, and its page says new ones are coming
    assert outcome.reports == [snapshot.pk]
    assert len(callbacks) == 1
    assert not snapshot.files.exists()
    log_in(client, admin_user)
    page = client.get(snapshot.get_absolute_url()).content.decode()
    assert "The new files are being made" in page
    download = reverse("participation:report-download-pdf", args=[snapshot.pk])
    assert client.get(download).status_code == 404
    # when the command sends the task (it runs in-process in the tests), twice
    call_command("remake_redacted_report_files", stdout=io.StringIO())
    first = {f.format: f.sha256 for f in snapshot.files.all()}
    out = io.StringIO()
    call_command("remake_redacted_report_files", stdout=out)
    # then the three files are made, once, without the number
    assert set(first) == {"pdf", "xlsx", "csv"}
    assert {f.format: f.sha256 for f in snapshot.files.all()} == first
    assert "0 report(s)" in out.getvalue()
    texts = file_texts(snapshot)
    assert all(FNR not in "".join(text.split()) for text in texts.values())
    assert MARKER in texts["csv"]
    assert client.get(download).status_code == 200


def test_a_search_by_kind_leaves_the_staffs_own_e_mail_addresses_alone(db) -> None:  # type: ignore[no-untyped-def]
    # given a user account, whose creation is in the audit log with its e-mail address
    user = User.objects.create_user("kari", email="kari@husbanken.example")
    entry = LogEntry.objects.get_for_object(user).get()
    # when looking for every e-mail address, then for the address itself
    by_kind = search(Needle(Kind.EMAIL))
    by_text = search(Needle(Kind.TEXT, "kari@husbanken.example"))
    # then only the second finds it
    assert entry.pk not in {p.pk for p in by_kind.places if p.target.model is LogEntry}
    assert ("auditlog_logentry", entry.pk) in {p.key for p in by_text.places}
