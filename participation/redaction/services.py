"""Removing personal data that slipped in: find every place a text occurs, then replace it with a
marker, once, audited.

Personal data can get in despite the guard (typed before the guard existed, or of a kind the
guard cannot recognise, such as a name). Once in, it is copied: into the audit trail (every
change's before and after), into security events, into frozen reports' data and rows, and into
their rendered files. `search` finds it everywhere; `redact` removes it everywhere, in one
transaction:

- **What is searched** (`targets`): every text and JSON field of every domain model
  (`participation.core.models.domain_models`), except identifiers (codes, numbers, reference
  numbers), fields with fixed choices, the reports' and security events' own bookkeeping and the
  audit chain's digests (`AuditChainLink`, whose hex hashes may hold digit runs that pass an
  identity number's check);
  auditlog's `LogEntry` (`object_repr`, `changes_text`, `changes`, `serialized_data`,
  `additional_data`); `SecurityEvent` (`username`, `data`); stored reports (`ReportSnapshot.data`
  and `ReportRow.cells`). Report files are rendered from a snapshot's data and rows, so a report
  whose data or rows hold the text has it in its files too: those files are made again.
- **What is searched for** (`Needle`): a plain text (at least `MIN_TEXT` characters, matched
  without regard to case), or every instance of one kind the personal-data detector
  recognises (`participation.core.privacy`): identity numbers, phone numbers or e-mail
  addresses. A search by kind leaves out the audit history of user accounts, whose staff
  e-mail addresses belong there; a search for the text itself covers it too. No user-supplied regular expressions: the detector's patterns run in linear time,
  and a literal text trivially does.
- **Who**: admins (`participation.redact_personal_data`). Admins have no scope: they see every
  municipality's records, so the search covers all of them.
- **How it is shown**: each place with its model, record, field and a short context in which
  every match is masked but for its first and last character. The text itself travels only in
  the admin's own forms (POST bodies, pages never cached), never in a URL, a log or a record.
- **How it is replaced**: each occurrence by `MARKER`. Live rows are written with a plain
  UPDATE (no auditlog entry: that entry would copy the text into the audit trail again; the
  security event below records the redaction instead). Audit rows go through
  `redact_audit_value`, the one controlled database path (a SECURITY DEFINER function on
  PostgreSQL, see migration redaction/0001; on SQLite the table's trigger is lifted for that one
  statement inside the transaction). On PostgreSQL that function also appends a new link to the
  audit trail's hash chain for each row it rewrites (migration redaction/0002), so
  `manage.py verify_audit` holds after a redaction and the chain records it. Frozen reports get their data and rows rewritten, a new
  checksum (the original stays in `original_checksum`) and `redacted_at` / `redacted_by`; their
  old files are withdrawn in the same transaction (deleted from storage once it commits), and
  new ones are made from the redacted data by a report worker (the task
  `participation.remake_redacted_report_files`, `make_files_again`): rendering a large report
  takes longer than a web request may. Until they are made, the report's page says so and
  offers no download; `manage.py remake_redacted_report_files` sends the task again for any
  redacted report still without files.
- **The record of it**: one `SecurityEvent` of kind `redaction` with who, when, the reason, how
  many places in how many records of which kind, and which reports were made again; never the
  removed text (the reason is refused if it contains it, or any personal data).

`redact` checks that the places it is about to change are those the admin confirmed
(`Findings.fingerprint`); if anything changed in between, it changes nothing and says so.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, BinaryIO

import kombu.exceptions
import redis.exceptions
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from participation.accounts.models import AuditChainLink, SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.core import privacy
from participation.core.models import domain_models
from participation.core.services import ServiceError
from participation.reports.document import ReportDocument, checksum
from participation.reports.models import ReportFile, ReportRow, ReportSnapshot

MARKER = "[fjernet]"
MIN_TEXT = 4
MAX_TEXT = 200
# Characters of context shown on each side of a match, and contexts shown per field.
CONTEXT = 30
CONTEXTS_PER_PLACE = 3

# The audit tables' columns a redaction may rewrite: the same list as the database function's
# (migration redaction/0001; tests/redaction checks that they agree). JSON columns are marked.
AUDIT_COLUMNS: dict[str, dict[str, bool]] = {
    "auditlog_logentry": {
        "object_repr": False,
        "changes_text": False,
        "changes": True,
        "serialized_data": True,
        "additional_data": True,
    },
    "accounts_securityevent": {"username": False, "data": True},
}

# Text fields that identify a row or hold the system's own bookkeeping, never what people typed.
IDENTIFIERS = frozenset({"code", "number", "reference"})
# Models whose fields are searched by a rule of their own (below), not as ordinary records.
REPORT_FIELDS = {ReportSnapshot: ("data",), ReportRow: ("cells",)}


class Source(models.TextChoices):
    RECORD = "record", _("Record")
    AUDIT = "audit", _("Audit log")
    SECURITY = "security", _("Security event")
    REPORT = "report", _("Stored report")


class RedactionError(ServiceError):
    """The redaction was refused; nothing was changed. The message is for the admin."""


# What is searched for -------------------------------------------------------------------------


class Kind(models.TextChoices):
    TEXT = "text", _("This text")
    IDENTITY_NUMBER = "identity_number", _("Every identity number (fødselsnummer, D-number)")
    PHONE_NUMBER = "phone_number", _("Every phone number")
    EMAIL = "email", _("Every e-mail address")


_EMAIL_LOCAL = re.compile(r"""[\w.!#$%&'*+/=?^`{|}~"-]""")
_EMAIL_DOMAIN = re.compile(r"[\w.-]")


@dataclass(frozen=True)
class Needle:
    """What to find: a plain text (case ignored), or every instance of a detector kind."""

    kind: str
    text: str = ""

    def __post_init__(self) -> None:
        if self.kind == Kind.TEXT and not MIN_TEXT <= len(self.text) <= MAX_TEXT:
            raise ValueError("text of the wrong length")
        if self.kind not in Kind.values:
            raise ValueError(f"unknown kind {self.kind!r}")

    def spans(self, value: str) -> list[tuple[int, int]]:
        """Where the needle occurs in `value`, as sorted, non-overlapping (start, end)."""
        if not value:
            return []
        found: list[tuple[int, int]]
        if self.kind == Kind.TEXT:
            found = [m.span() for m in self._literal.finditer(value)]
        elif self.kind == Kind.IDENTITY_NUMBER:
            found = [
                m.span()
                for m in privacy._IDENTITY_NUMBER.finditer(value)
                if privacy.is_identity_number(m.group(1) + m.group(2))
            ]
        elif self.kind == Kind.PHONE_NUMBER:
            found = [m.span() for m in privacy._PHONE_NUMBER.finditer(value)]
        else:
            found = [_whole_address(value, m.start()) for m in privacy._EMAIL.finditer(value)]
        return _merged(found)

    @property
    def _literal(self) -> re.Pattern[str]:
        return re.compile(re.escape(self.text), re.IGNORECASE)

    def database_filter(self, expression: str, *, is_json: bool) -> Q | None:
        """A condition that keeps every row in which the needle may occur (perhaps more): the
        exact check is `spans`. None: no cheap condition (every row is checked)."""
        if self.kind == Kind.TEXT:
            if not is_json:
                return Q(**{f"{expression}__icontains": self.text})
            # JSON as text escapes quotes, backslashes and control characters, and (stored by
            # Django on SQLite) non-ASCII characters.
            forms = {json.dumps(self.text, ensure_ascii=e)[1:-1] for e in (False, True)}
            condition = Q()
            for form in forms:
                condition |= Q(**{f"{expression}__icontains": form})
            return condition
        if is_json and connection.vendor != "postgresql":
            return None  # JSON text on SQLite escapes the no-break spaces the patterns allow
        if self.kind == Kind.EMAIL:
            return Q(**{f"{expression}__contains": "@"})
        if self.kind == Kind.IDENTITY_NUMBER:
            return Q(**{f"{expression}__regex": "[0-9]{6}[^0-9]?[0-9]{5}"})
        # Every phone number has two digits, at most one separator, then two digits.
        return Q(**{f"{expression}__regex": "[0-9]{2}[^0-9]?[0-9]{2}"})

    def describe(self) -> str:
        """What was searched for, without the text: for the security event."""
        return str(self.kind)


def _whole_address(value: str, at: int) -> tuple[int, int]:
    """The e-mail address around the `@` at `at` (local part up to 64 characters back, domain up
    to 253 forward, without a trailing dot or hyphen)."""
    start = at
    while start > 0 and at - start < 64 and _EMAIL_LOCAL.match(value, start - 1):
        start -= 1
    end = at + 1
    while end < len(value) and end - at <= 253 and _EMAIL_DOMAIN.match(value, end):
        end += 1
    while end > at + 1 and value[end - 1] in ".-":
        end -= 1
    return start, end


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def replaced(value: str, spans: list[tuple[int, int]]) -> str:
    """`value` with each span replaced by the marker."""
    parts, position = [], 0
    for start, end in spans:
        parts += [value[position:start], MARKER]
        position = end
    parts.append(value[position:])
    return "".join(parts)


def masked_context(value: str, spans: list[tuple[int, int]], around: tuple[int, int]) -> str:
    """The text around the span `around`, every match in it masked but for its first and last
    character."""
    left = max(0, around[0] - CONTEXT)
    right = min(len(value), around[1] + CONTEXT)
    parts, position = [], left
    for start, end in spans:
        if end <= left or start >= right:
            continue
        start, end = max(start, left), min(end, right)
        parts.append(value[position:start])
        match = value[start:end]
        parts.append(
            match[0] + "•" * min(len(match) - 2, 20) + match[-1] if len(match) > 2 else "••"
        )
        position = end
    parts.append(value[position:right])
    text = " ".join("".join(parts).split())  # one line
    return ("…" if left > 0 else "") + text + ("…" if right < len(value) else "")


# Where it is searched -------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One column that is searched: a model's text or JSON field, and what kind of place it is."""

    model: type[models.Model]
    field: str
    is_json: bool
    source: str

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def field_label(self) -> str:
        model_field = self.model._meta.get_field(self.field)
        assert isinstance(model_field, models.Field)
        return str(capfirst(model_field.verbose_name))


def targets() -> list[Target]:
    """Every column a redaction searches (see the module docstring), in a stable order."""
    found: list[Target] = []
    for model in domain_models():
        if model is SecurityEvent:
            found += [
                Target(model, name, is_json, Source.SECURITY)
                for name, is_json in AUDIT_COLUMNS[model._meta.db_table].items()
            ]
            continue
        if model is ReportFile:
            continue  # rendered from the snapshot's data and rows
        if model is AuditChainLink:
            continue  # the chain's digests, written by the database, never anyone's text
        if model in REPORT_FIELDS:
            found += [Target(model, name, True, Source.REPORT) for name in REPORT_FIELDS[model]]
            continue
        for model_field in model._meta.concrete_fields:
            is_json = isinstance(model_field, models.JSONField)
            is_text = isinstance(model_field, models.CharField | models.TextField)
            if not (is_json or is_text) or model_field.choices or model_field.primary_key:
                continue
            if model_field.name in IDENTIFIERS:
                continue
            found.append(Target(model, model_field.name, is_json, Source.RECORD))
    found += [
        Target(LogEntry, name, is_json, Source.AUDIT)
        for name, is_json in AUDIT_COLUMNS[LogEntry._meta.db_table].items()
    ]
    return found


# Finding --------------------------------------------------------------------------------------


@dataclass
class Place:
    """One field of one record where the needle occurs, `count` times."""

    target: Target
    pk: int
    count: int
    contexts: list[str]
    new_value: Any = field(repr=False)
    record_label: str = ""
    url: str = ""
    snapshot_id: int | None = None  # a report row's report

    @property
    def key(self) -> tuple[str, int]:
        return (self.target.table, self.pk)


@dataclass
class Findings:
    needle: Needle
    places: list[Place]

    @property
    def count(self) -> int:
        """Occurrences, all fields together."""
        return sum(place.count for place in self.places)

    @property
    def records(self) -> int:
        return len({place.key for place in self.places})

    @property
    def fingerprint(self) -> str:
        """Which places, how often each: what the admin confirms, checked again before changing."""
        digest = hashlib.sha256()
        for place in sorted(self.places, key=lambda p: (p.target.table, p.pk, p.target.field)):
            digest.update(
                f"{place.target.table}:{place.pk}:{place.target.field}:{place.count};".encode()
            )
        return digest.hexdigest()

    def by_source(self) -> dict[str, list[Place]]:
        grouped: dict[str, list[Place]] = {source: [] for source in Source.values}
        for place in self.places:
            grouped[place.target.source].append(place)
        return grouped

    @property
    def counts_by_source(self) -> dict[str, dict[str, int]]:
        """For the security event: places and records of each kind."""
        counts: dict[str, dict[str, int]] = {}
        for source, places in self.by_source().items():
            if places:
                counts[source] = {
                    "places": sum(p.count for p in places),
                    "records": len({p.key for p in places}),
                }
        return counts

    @property
    def snapshot_ids(self) -> list[int]:
        """The reports whose data or rows hold the needle: their files are made again."""
        ids = set()
        for place in self.places:
            if place.target.model is ReportSnapshot:
                ids.add(place.pk)
            elif place.snapshot_id is not None:
                ids.add(place.snapshot_id)
        return sorted(ids)

    def reports(self) -> list[ReportSnapshot]:
        return list(
            ReportSnapshot.objects.filter(pk__in=self.snapshot_ids)
            .select_related("municipality", "region")
            .prefetch_related("files")
            .order_by("pk")
        )


def search(needle: Needle) -> Findings:
    """Every place the needle occurs, in every target. Admins only: the caller checks
    `participation.redact_personal_data` (admins have no scope, so nothing is left out)."""
    places: list[Place] = []
    for target in targets():
        places += _search_target(target, needle)
    return Findings(needle, places)


def _search_target(target: Target, needle: Needle) -> Iterator[Place]:
    queryset = target.model._default_manager.all()
    expression = target.field
    if target.is_json:
        queryset = queryset.annotate(_redaction_text=Cast(target.field, TextField()))
        expression = "_redaction_text"
    condition = needle.database_filter(expression, is_json=target.is_json)
    if condition is not None:
        queryset = queryset.filter(condition)
    if target.model is LogEntry and needle.kind != Kind.TEXT:
        # The history of user accounts holds the staff's own names and e-mail addresses, which
        # belong there: a search by kind leaves it out (a search for the text itself does not).
        queryset = queryset.exclude(content_type=ContentType.objects.get_for_model(User))
    extra = ("snapshot_id",) if target.model is ReportRow else ()
    rows = queryset.order_by("pk").values_list("pk", target.field, *extra)
    for pk, value, *rest in rows.iterator(chunk_size=500):
        if value is None:
            continue
        if target.is_json:
            new_value, count, contexts = _json_redacted(value, needle)
        else:
            spans = needle.spans(value)
            count = len(spans)
            new_value = replaced(value, spans) if spans else value
            contexts = [masked_context(value, spans, span) for span in spans[:CONTEXTS_PER_PLACE]]
        if not count:
            continue
        place = Place(target, pk, count, contexts, new_value, snapshot_id=rest[0] if rest else None)
        _describe(place)
        yield place


def _json_redacted(value: Any, needle: Needle) -> tuple[Any, int, list[str]]:
    """The JSON value with the needle replaced in every string (keys too), how often it occurred,
    and a few masked contexts."""
    count = 0
    contexts: list[str] = []

    def walk(item: Any) -> Any:
        nonlocal count
        if isinstance(item, str):
            spans = needle.spans(item)
            if not spans:
                return item
            count += len(spans)
            for span in spans:
                if len(contexts) < CONTEXTS_PER_PLACE:
                    contexts.append(masked_context(item, spans, span))
            return replaced(item, spans)
        if isinstance(item, list):
            return [walk(element) for element in item]
        if isinstance(item, dict):
            return {walk(key): walk(element) for key, element in item.items()}
        return item

    return walk(value), count, contexts


def _describe(place: Place) -> None:
    """A label and a link for the record, made only of what cannot hold the needle: the model,
    an identifier, a kind and a time (never the record's own text)."""
    model = place.target.model
    name = capfirst(model._meta.verbose_name)
    place.record_label = f"{name} {place.pk}"
    if place.snapshot_id is not None:
        place.record_label = str(_("Row %(row)s of report %(report)s")) % {
            "row": place.pk,
            "report": place.snapshot_id,
        }
        place.url = ReportSnapshot(pk=place.snapshot_id).get_absolute_url()
    elif model is ReportSnapshot:
        place.url = ReportSnapshot(pk=place.pk).get_absolute_url()
    elif place.target.source == Source.AUDIT:
        place.record_label = _log_entry_label(place.pk)
    elif model is SecurityEvent:
        event = SecurityEvent.objects.get(pk=place.pk)
        place.record_label = f"{event.get_kind_display()}, {_when(event.created_at)}"
    elif place.target.source == Source.RECORD:
        record = model._default_manager.get(pk=place.pk)
        reference = getattr(record, "reference", "")
        if reference:
            place.record_label = f"{name} {reference}"
        try:
            place.url = record.get_absolute_url()  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001  # a link is a convenience, never a reason to fail
            place.url = ""


def _log_entry_label(pk: int) -> str:
    entry = LogEntry.objects.select_related("content_type").get(pk=pk)
    changed = entry.content_type.model_class()
    what = capfirst(changed._meta.verbose_name) if changed else entry.content_type.model
    return f"{entry.get_action_display()}: {what} {entry.object_pk}, {_when(entry.timestamp)}"


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


# Redacting ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    places: int
    records: int
    reports: list[int]
    event: SecurityEvent


def redact(
    needle: Needle,
    *,
    reason: str,
    actor: User,
    fingerprint: str,
    ip_address: str | None = None,
) -> Outcome:
    """Replace every occurrence of the needle with the marker, if the places are still those the
    admin confirmed (`fingerprint`), and record it. One transaction: all or nothing. Once it
    commits, the withdrawn report files are deleted and the task that makes the new ones is sent
    (`remake_files_later`).

    Raises `RedactionError` (changing nothing) if the reason is missing or holds the text or
    personal data, if nothing is found, or if the places changed since they were confirmed.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise RedactionError(_("Give the reason for the removal."))
    if needle.kind == Kind.TEXT and needle.spans(reason):
        raise RedactionError(_("The reason must not contain the text that is removed."))
    if privacy.personal_data_problems(reason):
        raise RedactionError(_("The reason must not contain personal data."))

    with transaction.atomic():
        event = _redact_in_transaction(needle, reason, actor, fingerprint, ip_address)
    data = event.data
    return Outcome(data["places"], data["records"], data["reports"], event)


def _redact_in_transaction(
    needle: Needle,
    reason: str,
    actor: User,
    fingerprint: str,
    ip_address: str | None,
) -> SecurityEvent:
    findings = search(needle)
    if not findings.places:
        raise RedactionError(_("The text was not found: nothing was changed."))
    if findings.fingerprint != fingerprint:
        raise RedactionError(
            _(
                "The places have changed since you looked at them: nothing was changed. "
                "Check the list again and confirm anew."
            )
        )
    for place in findings.places:
        target = place.target
        if target.source in (Source.AUDIT, Source.SECURITY):
            redact_audit_value(target.table, place.pk, target.field, place.new_value)
        else:
            _write_live(target, place.pk, place.new_value)
    now = timezone.now()
    reports = findings.snapshot_ids
    old_files: list[str] = []
    remade = []
    for snapshot in ReportSnapshot.objects.filter(
        pk__in=reports, status=ReportSnapshot.Status.DONE
    ).order_by("pk"):
        withdraw_files(snapshot, actor=actor, when=now, old=old_files)
        remade.append(snapshot.pk)
    # Once the redaction is committed: the old files go, and the new ones are made (by a report
    # worker: rendering takes longer than a web request may).
    transaction.on_commit(partial(_after_commit, old_files, remade))
    return record_security_event(
        SecurityEvent.Kind.REDACTION,
        actor=actor,
        ip_address=ip_address,
        data={
            "reason": reason,
            "searched_for": needle.describe(),
            "places": findings.count,
            "records": findings.records,
            "by_kind": findings.counts_by_source,
            "reports": reports,
        },
    )


def _after_commit(old_files: list[str], snapshot_ids: list[int]) -> None:
    _delete_files(old_files)
    for snapshot_id in snapshot_ids:
        remake_files_later(snapshot_id)


def _write_live(target: Target, pk: int, value: Any) -> None:
    """One live (not append-only) row's field, written without the model's save: no auditlog
    entry (it would copy the removed text into the audit trail), no `updated_at`. Text goes in
    as it is: the redaction only takes text out."""
    if target.is_json:
        target.model._default_manager.filter(pk=pk).update(**{target.field: value})
        return
    model_field = target.model._meta.get_field(target.field)
    assert isinstance(model_field, models.Field)
    assert model_field.column
    pk_column = str(target.model._meta.pk.column if target.model._meta.pk else "id")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Raw SQL on purpose: a free-text field's own guard would refuse a value that still holds
        # other personal data, and a redaction must be able to remove one piece at a time.
        cursor.execute(
            f"UPDATE {quote(target.table)} SET {quote(model_field.column)} = %s "  # noqa: S608
            f"WHERE {quote(pk_column)} = %s",
            [value, pk],
        )


def redact_audit_value(table: str, pk: int, column: str, value: Any) -> None:
    """The one path that may change an audit row: replace one redactable column's value.

    PostgreSQL: the SECURITY DEFINER function `housingapp_redact_audit` (migration
    redaction/0001), which the append-only trigger lets through for that one statement, and only
    if no other column changes. SQLite: the table's UPDATE trigger is lifted for this statement
    and put back from its stored SQL, inside the caller's transaction. Other databases: refused.
    """
    if column not in AUDIT_COLUMNS.get(table, {}):
        raise RedactionError(f"{table}.{column} may not be redacted")
    is_json = AUDIT_COLUMNS[table][column]
    text = None if value is None else (json.dumps(value, ensure_ascii=False) if is_json else value)
    if not connection.in_atomic_block:
        raise RuntimeError("redact_audit_value() runs inside the redaction's transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT housingapp_redact_audit(%s, %s, %s, %s)", [table, pk, column, text]
            )
        return
    if connection.vendor == "sqlite":
        _sqlite_update_around_trigger(table, pk, column, text)
        return
    raise RedactionError(f"Redaction of audit rows is not supported on {connection.vendor}.")


def _sqlite_update_around_trigger(table: str, pk: int, column: str, text: str | None) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
            "AND upper(sql) LIKE %s",
            [table, "%BEFORE UPDATE%"],
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f"DROP TRIGGER {quote(name)}")
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
            [text, pk],
        )
        changed = cursor.rowcount
        for _name, sql in triggers:
            cursor.execute(sql)
    if changed != 1:
        raise RedactionError(f"no row {pk} in {table}")


# Reports --------------------------------------------------------------------------------------

Renderer = Callable[[ReportDocument, Any, BinaryIO], None]
FORMATS = (ReportFile.Format.PDF, ReportFile.Format.XLSX, ReportFile.Format.CSV)
EXTENSIONS = {
    ReportFile.Format.PDF: "pdf",
    ReportFile.Format.XLSX: "xlsx",
    ReportFile.Format.CSV: "zip",
}
# What publishing raises when the broker cannot be reached (as in the report services).
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


def _renderers() -> dict[str, Renderer]:
    from participation.reports.render import render_csv_zip, render_pdf, render_xlsx

    return {
        ReportFile.Format.PDF: render_pdf,
        ReportFile.Format.XLSX: render_xlsx,
        ReportFile.Format.CSV: render_csv_zip,
    }


def withdraw_files(
    snapshot: ReportSnapshot, *, actor: User, when: datetime.datetime, old: list[str]
) -> None:
    """In the redaction's transaction, for a done snapshot whose data and rows were just
    redacted: record its new checksum beside the original, when and by whom, and withdraw its
    files (their records go at once, so nobody downloads them again; the names are added to
    `old`, for the caller to delete once the transaction commits). `make_files_again` makes the
    new ones."""
    from participation.reports.services.rows import rows_of

    assert snapshot.data is not None
    digest = checksum(ReportDocument.from_json(snapshot.data), rows_of(snapshot.pk))
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(
        checksum=digest,
        original_checksum=snapshot.original_checksum or snapshot.checksum,
        redacted_at=when,
        redacted_by=actor,
    )
    files = ReportFile.objects.filter(snapshot=snapshot)
    old += [str(name) for name in files.values_list("file", flat=True)]
    files.delete()


REMAKE_FILES_TASK = "participation.remake_redacted_report_files"


def remake_files_later(snapshot_id: int) -> None:
    """Send the task that makes a redacted report's files again; when the broker cannot be
    reached, make them here and now (the report has no files until they are made)."""
    from celery import current_app
    from django.conf import settings

    # By name, as the report services send theirs: the task module calls these services.
    remake_redacted_report_files = current_app.tasks[REMAKE_FILES_TASK]
    options: dict[str, Any] = {"queue": settings.REPORT_QUEUE} if settings.REPORT_QUEUE else {}
    try:
        remake_redacted_report_files.apply_async(
            args=(snapshot_id,),
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.2},
            **options,
        )
    except BROKER_ERRORS:
        make_files_again(snapshot_id)


def make_files_again(snapshot_id: int) -> str:
    """Make a redacted snapshot's files (PDF, XLSX, CSV) from its stored data and rows, showing
    its new checksum, when personal data was removed and the original checksum. Idempotent: a
    snapshot that has its files already is left alone (the row is locked while they are made,
    so two workers never both make them). Returns "done", "already done" or "gone"."""
    from participation.reports.services.rows import rows_of

    stored: list[str] = []
    try:
        with transaction.atomic():
            snapshot = (
                ReportSnapshot.objects.select_for_update()
                .filter(pk=snapshot_id, status=ReportSnapshot.Status.DONE)
                .first()
            )
            if snapshot is None or snapshot.data is None:
                return "gone"
            if snapshot.files.exists():
                return "already done"
            source = rows_of(snapshot.pk)
            # The stored data leaves these out, as it leaves out the checksum (which it must
            # reproduce); the files show them.
            shown = ReportDocument.from_json(snapshot.data)
            shown.meta["checksum"] = snapshot.checksum
            if snapshot.redacted_at is not None:
                shown.meta["redacted_at"] = snapshot.redacted_at.isoformat()
                shown.meta["original_checksum"] = snapshot.original_checksum
            renderers = _renderers()
            with translation.override(snapshot.language):
                for fmt in FORMATS:
                    stored.append(_store(snapshot, fmt, renderers[fmt], shown, source))
    except BaseException:
        _delete_files(stored)  # stored for a transaction that did not commit
        raise
    return "done"


def _store(
    snapshot: ReportSnapshot, fmt: str, render: Renderer, document: ReportDocument, source: Any
) -> str:
    """Render into a temporary file, then store it with its size and SHA-256. Returns the
    stored file's name."""
    with tempfile.TemporaryFile() as out:
        render(document, source, out)
        out.flush()
        out.seek(0)
        digest = hashlib.sha256()
        size = 0
        for chunk in iter(lambda: out.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
        out.seek(0)
        record = ReportFile(
            snapshot_id=snapshot.pk, format=fmt, size=size, sha256=digest.hexdigest()
        )
        name = f"{snapshot.pk}-v{snapshot.version}-redacted.{EXTENSIONS[fmt]}"  # type: ignore[index]
        record.file.save(name, File(out, name=name), save=False)
        record.save()
    return str(record.file.name)


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        default_storage.delete(name)
