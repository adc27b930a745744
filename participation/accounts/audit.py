"""The audit trail of row changes: what django-auditlog records, and how an entry reads.

Every model of this app (except `SecurityEvent`, itself an append-only log) and Django's user
model are registered here with django-auditlog, many-to-many fields included, so every create,
update and delete is stored in `auditlog.LogEntry` with the fields that changed, from what to
what. The actor is the request's user (`AuditlogMiddleware`); code that changes data outside a
request with a known actor (a management command or Celery task acting for someone) wraps the
change in `acting_as(user)`. Changes with no actor (the reference and demo loaders) read as
"System".

Each entry is tagged (in `LogEntry.additional_data`) with the municipalities and the initiative
its row belongs to, computed when the entry is written: the history pages find a
municipality's or an initiative's changes with one indexed query, including the rows that have
been deleted since.

Logins, failed logins, lockouts and other events that are not row changes are recorded as
`SecurityEvent`s (see participation/accounts/signals.py). A database trigger makes both tables
append-only (migration 0002), and another chains their rows by hash (migration 0004,
`AuditChainLink`; `manage.py verify_audit` checks the chain).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.core.models import domain_models

# Redundant with the log entry's own timestamp and actor, and noise in every diff: `updated_at`
# changes on each save, so an unchanged row saved again (load_demo's second run) logs nothing.
NOT_DIFFED = frozenset({"id", "created_at", "updated_at", "created_by", "updated_by"})
# Never in the log: the password hash, and the login time (logins are security events).
USER_NOT_DIFFED = frozenset({"id", "password", "last_login"})
NOT_AUDITED = frozenset(
    {
        "SecurityEvent",  # logs themselves
        "AuditChainLink",
        # The API's bookkeeping (participation.api): the addresses a token was used from (each new
        # one is a security event) and the answers kept for idempotent writes (copies of rows
        # whose own changes are audited).
        "ApiTokenAddress",
        "IdempotentRequest",
    }
)


def scope_lookups(model: type[models.Model]) -> tuple[str | None, str | None] | None:
    """How a row reaches the municipality and the initiative it belongs to, as lookups from the
    row: the model's own declaration (`municipality_path`, `initiative_path`, read also by
    `participation.accounts.access`). None for models that are part of no municipality's
    history (reference data, vocabularies, role assignments, reports)."""
    municipality_path: str | None = getattr(model, "municipality_path", None)
    if municipality_path is None:
        return None
    return municipality_path, getattr(model, "initiative_path", None)


def register_models() -> None:
    """Register the audited models with django-auditlog. Called once from the app's ready()."""
    for model in domain_models():
        if model.__name__ in NOT_AUDITED:
            continue
        _register(model, NOT_DIFFED)
        lookups = scope_lookups(model)
        if lookups is not None:
            _add_scope_tagging(model, *lookups)
    _register(get_user_model(), USER_NOT_DIFFED)


def _register(model: type[models.Model], not_diffed: frozenset[str]) -> None:
    # Listing the concrete fields (rather than excluding some) keeps reverse relations out of
    # the diffs; a field added to the model later is audited without a change here. A model may
    # keep secrets out of the log with `audit_not_diffed` (an API token's hash).
    not_diffed = not_diffed | frozenset(getattr(model, "audit_not_diffed", ()))
    auditlog.register(
        model,
        include_fields=[
            f.name
            for f in model._meta.concrete_fields
            if f.name not in not_diffed and f.name not in getattr(model, "derived_fields", ())
        ],
        m2m_fields=[f.name for f in model._meta.many_to_many],
    )


def _add_scope_tagging(
    model: type[models.Model], municipality_lookup: str | None, initiative_lookup: str | None
) -> None:
    """Give the model the `get_additional_data()` that django-auditlog stores with each entry."""
    if hasattr(model, "get_additional_data"):
        raise TypeError(f"{model.__name__} already defines get_additional_data()")

    def get_additional_data(instance: models.Model) -> dict[str, Any]:
        found = _resolve(instance, [lookup for lookup in lookups if lookup is not None])
        data: dict[str, Any] = {}
        if municipality_lookup is not None:
            data["municipalities"] = found[municipality_lookup]
        if initiative_lookup is not None and found[initiative_lookup]:
            data["initiative"] = found[initiative_lookup][0]
        return data

    lookups = (municipality_lookup, initiative_lookup)
    model.get_additional_data = get_additional_data  # type: ignore[attr-defined]


def _resolve(instance: models.Model, lookups: list[str]) -> dict[str, list[int]]:
    """The primary keys each lookup leads to from `instance`.

    No query for a field of the row itself, one per related row for the longer paths (the
    municipality and the initiative of an input come from one query on its event). Every path
    starts from a value the row holds, so this also works while the row is being deleted.
    """
    found: dict[str, list[int]] = {}
    further: dict[str, list[str]] = defaultdict(list)  # first step -> the rest of each path
    for lookup in lookups:
        if lookup == "pk":
            found[lookup] = [instance.pk]
            continue
        first, _sep, rest = lookup.partition("__")
        model_field = instance._meta.get_field(first)
        if model_field.many_to_many:
            pks = getattr(instance, first).values_list("pk", flat=True) if instance.pk else []
            found[lookup] = list(pks)
            continue
        related_id = getattr(instance, model_field.attname)  # type: ignore[union-attr]
        if related_id is None:
            found[lookup] = []
        elif rest:
            further[first].append(rest)
        else:
            found[lookup] = [related_id]
    for first, rests in further.items():
        model_field = instance._meta.get_field(first)
        related_model: type[models.Model] = model_field.related_model  # type: ignore[assignment]
        row = (
            related_model._default_manager.filter(pk=getattr(instance, model_field.attname))  # type: ignore[union-attr]
            .values_list(*rests)
            .first()
        )
        for i, rest in enumerate(rests):
            value = row[i] if row is not None else None
            found[f"{first}__{rest}"] = [] if value is None else [value]
    return found


@contextlib.contextmanager
def acting_as(actor: AbstractBaseUser | None) -> Iterator[None]:
    """Attribute the audit entries of the changes made inside the block to `actor`.

    For changes made outside a request on someone's behalf (management commands, Celery tasks,
    services called from them). Inside a request the middleware already names the request's
    user; `acting_as` may name someone else for a block and then gives the request's actor back
    (auditlog's own `set_actor` does not restore an enclosing actor on exit).
    """
    try:
        enclosing = auditlog_value.get()
    except LookupError:
        enclosing = None
    try:
        with set_actor(actor):
            yield
    finally:
        if enclosing is not None:
            auditlog_value.set(enclosing)


# --- reading entries -------------------------------------------------------------------------------


def entries_for_municipality(municipality: models.Model) -> models.QuerySet[LogEntry]:
    """The municipality's own changes and those of the rows belonging to it (initiatives,
    events, input, programme records), deleted rows included."""
    return _entries(_tagged("municipalities", municipality.pk, in_list=True), municipality)


def entries_for_initiative(initiative: models.Model) -> models.QuerySet[LogEntry]:
    """The initiative's own changes and those of its events, input, participant counts and
    factor assessments, deleted rows included."""
    return _entries(_tagged("initiative", initiative.pk, in_list=False), initiative)


def _tagged(key: str, pk: Any, *, in_list: bool) -> Q:
    """Entries whose `additional_data` tags them with `pk` under `key` (a list of ids when
    `in_list`). On PostgreSQL a JSON containment (`@>`), which the GIN index of migration 0004
    serves. SQLite (the embedded default) has no containment lookup: the same test through its
    JSON1 functions, `json_each` over the list or the key's value."""
    if connection.vendor == "postgresql":
        return Q(additional_data__contains={key: [pk] if in_list else pk})
    if not in_list:
        return Q(**{f"additional_data__{key}": pk})
    column = f"{connection.ops.quote_name(LogEntry._meta.db_table)}.additional_data"
    return Q(
        RawSQL(
            f"EXISTS (SELECT 1 FROM json_each({column}, %s) AS tag WHERE tag.value = %s)",
            (f"$.{key}", pk),
            output_field=models.BooleanField(),
        )
    )


def _entries(tagged: Q, obj: models.Model) -> models.QuerySet[LogEntry]:
    from django.contrib.contenttypes.models import ContentType

    own = Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    # The GIN index from migration 0004 serves `tagged`; the object_id index serves `own`.
    return (
        LogEntry.objects.filter(own | tagged)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


ACTION_LABELS = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
    LogEntry.Action.ACCESS: _("Viewed"),
}


@dataclass
class FieldChange:
    """One changed field, for display: the values as a reader would write them."""

    label: str
    old: str = ""
    new: str = ""
    added: list[str] = field(default_factory=list)  # many-to-many
    removed: list[str] = field(default_factory=list)

    @property
    def is_many_to_many(self) -> bool:
        return bool(self.added or self.removed)


@dataclass
class EntryView:
    entry: LogEntry
    actor_name: str
    action: str
    object_type: str
    changes: list[FieldChange]

    @property
    def timestamp(self) -> datetime.datetime:
        return self.entry.timestamp

    @property
    def object_repr(self) -> str:
        return self.entry.object_repr

    @property
    def is_create(self) -> bool:
        return self.entry.action == LogEntry.Action.CREATE

    @property
    def is_delete(self) -> bool:
        return self.entry.action == LogEntry.Action.DELETE


def actor_name(actor: AbstractBaseUser | None) -> str:
    if actor is None:
        return gettext("System")
    full_name = getattr(actor, "get_full_name", lambda: "")()
    return full_name or actor.get_username()


def describe(entries: Iterable[LogEntry]) -> list[EntryView]:
    """Entries (with actor and content type selected) ready to show: field labels, choice
    labels, related rows by name. One query per kind of related row named in the entries."""
    entries = list(entries)
    related = _related_names(entries)
    labels: dict[tuple[type[models.Model] | None, str], str] = {}  # in this request's language
    views = []
    for entry in entries:
        model = entry.content_type.model_class()
        views.append(
            EntryView(
                entry=entry,
                actor_name=actor_name(entry.actor),
                action=str(ACTION_LABELS.get(entry.action, entry.get_action_display())),
                object_type=(
                    str(capfirst(model._meta.verbose_name)) if model else entry.content_type.model
                ),
                changes=_changes(entry, model, related, labels),
            )
        )
    return views


@functools.cache
def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _related_names(entries: list[LogEntry]) -> dict[tuple[type[models.Model], str], str]:
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            model_field = _field(model, name)
            if model_field is None or not (model_field.many_to_one or model_field.one_to_one):
                continue
            if isinstance(values, list):
                wanted[model_field.related_model].update(
                    v for v in values if v not in (None, "None", "")
                )
    names: dict[tuple[type[models.Model], str], str] = {}
    for related_model, pks in wanted.items():
        valid = []
        for pk in pks:
            try:
                valid.append(related_model._meta.pk.to_python(pk))
            except ValidationError:  # a value stored before the key's type changed
                continue
        for pk, obj in related_model._default_manager.in_bulk(valid).items():
            names[related_model, str(pk)] = str(obj)
    return names


def _changes(
    entry: LogEntry,
    model: type[models.Model] | None,
    related: dict[tuple[type[models.Model], str], str],
    labels: dict[tuple[type[models.Model] | None, str], str],
) -> list[FieldChange]:
    changes: list[tuple[int, FieldChange]] = []
    order = _field_order(model)
    for name, values in (entry.changes or {}).items():
        model_field = _field(model, name)
        label = labels.get((model, name))
        if label is None:
            label = str(capfirst(model_field.verbose_name)) if model_field is not None else name
            labels[model, name] = label
        if isinstance(values, dict) and values.get("type") == "m2m":
            objects = [str(o) for o in values.get("objects", [])]
            if values.get("operation") == "add":
                change = FieldChange(label=label, added=objects)
            else:
                change = FieldChange(label=label, removed=objects)
            changes.append((order.get(name, len(order)), change))
            continue
        if not isinstance(values, list) or len(values) != 2:
            continue
        old, new = (_display(model_field, v, related) for v in values)
        if entry.action == LogEntry.Action.CREATE and not new:
            continue  # a field left empty on creation says nothing
        if entry.action == LogEntry.Action.DELETE and not old:
            continue
        changes.append((order.get(name, len(order)), FieldChange(label=label, old=old, new=new)))
    return [change for _order, change in sorted(changes, key=lambda pair: pair[0])]


@functools.cache
def _field_order(model: type[models.Model] | None) -> dict[str, int]:
    """Changes are listed in the order the model declares its fields."""
    if model is None:
        return {}
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return {f.name: i for i, f in enumerate(fields)}


@functools.cache
def _choice_labels(model_field: Any) -> dict[str, Any]:
    """A field's choices by their stored value as text; the labels stay lazy (translated when
    shown, in the request's language)."""
    return {str(key): label for key, label in model_field.flatchoices}


def _display(model_field: Any, raw: Any, related: dict[tuple[type[models.Model], str], str]) -> str:
    """A stored value (auditlog keeps them as strings) as a reader would write it."""
    if raw is None or raw == "None" or raw == "":
        return ""
    raw = str(raw)
    if model_field is None:
        return raw
    if model_field.choices:
        return str(_choice_labels(model_field).get(raw, raw))
    if isinstance(model_field, models.BooleanField):
        return gettext("Yes") if raw == "True" else gettext("No")
    if model_field.many_to_one or model_field.one_to_one:
        name = related.get((model_field.related_model, raw))
        return name or gettext("deleted (id %(pk)s)") % {"pk": raw}
    try:
        if isinstance(model_field, models.DateTimeField):
            value = datetime.datetime.fromisoformat(raw)
            if timezone.is_naive(value):  # auditlog stores datetimes as naive UTC
                value = value.replace(tzinfo=datetime.UTC)
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(model_field, models.DateField):
            return formats.date_format(datetime.date.fromisoformat(raw), "SHORT_DATE_FORMAT")
        if isinstance(model_field, models.TimeField):
            return formats.time_format(datetime.time.fromisoformat(raw), "H:i")
        if isinstance(model_field, models.DecimalField):
            return formats.localize(Decimal(raw))
    except (ValueError, InvalidOperation):
        return raw
    return raw
