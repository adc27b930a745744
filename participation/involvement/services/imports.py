"""Committing an event import: every row or none, written in bulk.

The rows are checked again here, inside the transaction, by the same check the dry run showed
(`participation.involvement.imports.check_rows`, which runs the event form's rules): what was clean a
minute ago may not be now (a method made inactive, the same event typed in meanwhile). Any
error refuses the whole import; a failure half-way rolls every event back.

The checked rows are then written as a few multi-row inserts whatever their number (the events,
their themes, their participant counts, and the audit entries), not one save per row: a
1 000-row file, the most the import takes, saved row by row took 28 queries a row and more
than a web request's timeout (issue 11). The rows saved are the ones `create_event` would save:
the same fields, the same attribution, the counts it would keep (blank and zero cells left out,
negative ones and more than `MAX_PARTICIPANTS` refused). django-auditlog logs `save()`, not
`bulk_create`, so the audit entries are written here, one per row as its signals would have
written them: each event's creation, its themes added (a many-to-many change) and each
participant count's creation, with the same changes, the same scope tags (municipality,
initiative) and the actor of `acting_as`. The database links them into the audit chain in one
trigger call for the insert (accounts migration 0007).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import get_field_value, get_fields_in_model, is_primitive, model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _

from participation.accounts.audit import acting_as
from participation.core.services import ServiceError
from participation.involvement.imports import ImportCheck, RowPlan, check_rows
from participation.involvement.models import (
    MAX_PARTICIPANTS,
    Initiative,
    InvolvementEvent,
    ParticipantCount,
)
from participation.involvement.services.involvement import InvolvementError
from participation.places.models import TargetGroup, Theme


class ImportRefused(ServiceError):
    """The file has errors; nothing was saved. `check` holds them, row by row."""

    def __init__(self, check: ImportCheck) -> None:
        super().__init__(
            _("Nothing was imported: the file has errors. Correct them and upload it again.")
        )
        self.check = check


@transaction.atomic
def import_events(
    initiative: Initiative,
    *,
    actor: User | None,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    progress: Callable[[int], None] | None = None,
) -> tuple[list[InvolvementEvent], ImportCheck]:
    """Create the events of `rows` not already there. Raises `ImportRefused` on any error.
    `progress` is told how many rows are checked (`check_rows`)."""
    # Lock the initiative so two imports of the same file cannot both create its events. FOR NO
    # KEY UPDATE: it orders imports, but does not hold up rows that merely point at the
    # initiative meanwhile (an import confirmed, an event typed in): their key-share check waits
    # only for a FOR UPDATE lock.
    Initiative.objects.select_for_update(no_key=True).filter(pk=initiative.pk).first()
    check = check_rows(initiative, header, rows, progress)
    if not check.is_clean:
        raise ImportRefused(check)
    return create_in_bulk(initiative, actor=actor, plans=check.to_create), check


def create_in_bulk(
    initiative: Initiative, *, actor: User | None, plans: Sequence[RowPlan]
) -> list[InvolvementEvent]:
    """Write checked rows (`ImportCheck.to_create`) with their themes, counts and audit entries.
    Call inside the transaction that checked them, as `import_events` does."""
    if not plans:
        return []
    with acting_as(actor):
        events = InvolvementEvent.objects.bulk_create(
            [
                InvolvementEvent(
                    initiative=initiative,
                    municipality_id=initiative.municipality_id,
                    created_by=actor,
                    updated_by=actor,
                    **plan.fields,
                )
                for plan in plans
            ]
        )
        themes_of = {event.pk: list(plan.themes) for event, plan in zip(events, plans, strict=True)}
        through = InvolvementEvent.themes.through
        through.objects.bulk_create(
            [
                through(involvementevent_id=event_pk, theme_id=theme.pk)
                for event_pk, themes in themes_of.items()
                for theme in themes
            ]
        )
        counts = _participant_counts(events, [plan.counts or {} for plan in plans])
        ParticipantCount.objects.bulk_create(counts)
        _log_created(initiative, events, themes_of, counts)
    return events


def _participant_counts(
    events: Sequence[InvolvementEvent], grids: Sequence[dict[tuple[int, str], int]]
) -> list[ParticipantCount]:
    """The cells `create_event` would store: blank and zero left out, negative or too many refused."""
    wanted = [{key: value for key, value in grid.items() if value} for grid in grids]
    if any(value < 0 for grid in wanted for value in grid.values()):
        raise InvolvementError(_("A count cannot be negative."))
    if any(value > MAX_PARTICIPANTS for grid in wanted for value in grid.values()):
        raise InvolvementError(
            _("A count cannot be more than %(limit_value)s.") % {"limit_value": MAX_PARTICIPANTS}
        )
    groups = TargetGroup.objects.in_bulk({group_id for grid in wanted for group_id, _r in grid})
    return [
        ParticipantCount(event=event, target_group=groups[group_id], role=role, count=value)
        for event, grid in zip(events, wanted, strict=True)
        for (group_id, role), value in grid.items()
    ]


def _log_created(
    initiative: Initiative,
    events: Sequence[InvolvementEvent],
    themes_of: dict[int, list[Theme]],
    counts: Sequence[ParticipantCount],
) -> None:
    """The audit entries django-auditlog's signals would have written for these rows saved one
    by one (it does not see `bulk_create`), written in one insert."""
    scope = {"municipalities": [initiative.municipality_id], "initiative": initiative.pk}
    entries: list[LogEntry] = []
    theme_names = {
        theme.pk: smart_str(theme)
        for theme in Theme.objects.filter(
            pk__in={theme.pk for themes in themes_of.values() for theme in themes}
        )
    }  # in the themes' own order, as auditlog lists them
    counts_of: dict[int, list[ParticipantCount]] = {}
    for count in counts:
        counts_of.setdefault(count.event_id, []).append(count)
    created = _CreationDiff()
    # In the order the signals write them: each event, its themes, its counts; then the next.
    for event in events:
        entries.append(_created_entry(event, scope, created))
        added = {theme.pk for theme in themes_of[event.pk]}
        if added:
            entries.append(
                _entry(
                    event,
                    scope,
                    action=LogEntry.Action.UPDATE,
                    changes={
                        "themes": {
                            "type": "m2m",
                            "operation": "add",
                            "objects": [name for pk, name in theme_names.items() if pk in added],
                        }
                    },
                )
            )
        entries.extend(
            _created_entry(count, scope, created) for count in counts_of.get(event.pk, [])
        )
    LogEntry.objects.bulk_create(entries)


class _CreationDiff:
    """django-auditlog's `model_instance_diff(None, instance)`, the changes of a created row, for
    thousands of new rows of a few models. The same fields (the model's tracked fields, filtered
    by its registration as the library filters them), the same "before" side (the library's own
    value for a row that did not exist: the same for every row, so computed once per field), the
    same "after" side (the library's own `get_field_value`) and the same conversion to text. The
    library would recompute the fields and the "before" side for each row: half the time of the
    audit entries. A model registered with masked fields gets the library's function itself."""

    def __init__(self) -> None:
        self.use_json = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
        self.fields: dict[type[models.Model], list[Any] | None] = {}
        self.before: dict[Any, Any] = {}

    def _fields_of(self, instance: models.Model) -> list[Any] | None:
        model = type(instance)
        if model not in self.fields:
            registered = auditlog.get_model_fields(model)
            fields: list[Any] = list(set(get_fields_in_model(instance)))
            if registered["mask_fields"]:
                self.fields[model] = None
                return None
            if registered["include_fields"]:
                fields = [f for f in fields if f.name in registered["include_fields"]]
            if registered["exclude_fields"]:
                fields = [f for f in fields if f.name not in registered["exclude_fields"]]
            for field in fields:
                self.before[field] = get_field_value(None, field, self.use_json)
            self.fields[model] = fields
        return self.fields[model]

    def __call__(self, instance: models.Model) -> dict[str, Any] | None:
        fields = self._fields_of(instance)
        if fields is None:
            return model_instance_diff(None, instance, use_json_for_changes=self.use_json)
        diff: dict[str, Any] = {}
        for field in fields:
            before = self.before[field]
            after = get_field_value(instance, field, self.use_json)
            if before == after:
                continue
            if not self.use_json:
                diff[field.name] = (smart_str(before), smart_str(after))
            else:
                diff[field.name] = (
                    before if is_primitive(before) else smart_str(before),
                    after if is_primitive(after) else smart_str(after),
                )
        return diff or None


def _created_entry(
    instance: models.Model, scope: dict[str, Any], created: _CreationDiff
) -> LogEntry:
    changes = created(instance)
    return _entry(
        instance,
        scope,
        action=LogEntry.Action.CREATE,
        changes=changes,
        serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),  # type: ignore[attr-defined]
    )


def _entry(instance: models.Model, scope: dict[str, Any], **fields: Any) -> LogEntry:
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(instance),
        object_pk=str(instance.pk),
        object_id=instance.pk,
        object_repr=smart_str(instance),
        additional_data=scope,
        cid=get_cid(),
        **fields,
    )
    _apply_context(entry)
    return entry


def _apply_context(entry: LogEntry) -> None:
    """What auditlog's pre_save receiver adds to an entry: the actor and the request's details
    (remote address and port) from the current `set_actor` context."""
    try:
        context: dict[str, Any] = auditlog_value.get()
    except LookupError:
        return
    actor = context.get("actor")
    if isinstance(actor, User):
        entry.actor = actor
        entry.actor_email = getattr(actor, "email", None)
    for key, value in context.items():
        if key != "actor" and hasattr(LogEntry, key):
            setattr(entry, key, value() if callable(value) else value)
