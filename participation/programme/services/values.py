"""Indicator values for a reporting period: municipal staff save drafts and submit them.

Every status change of an `IndicatorValue` goes through `check_transition`, the one place that
knows which changes are allowed here:

- a new value may be saved as a draft or submitted at once;
- a draft may be saved again or submitted;
- a returned value (sent back by the adviser with a comment) may be corrected, staying
  returned so the comment stays in view, and submitted again;
- a submitted value may be withdrawn by municipal staff until it is reviewed (`withdraw`): it
  becomes a draft again;
- a submitted or approved value is otherwise read-only for municipal staff;
- the adviser reviews submitted values: approves them, or returns them with a comment
  (`approve`, `approve_all`, `return_value`; the rules in `REVIEW`).

Only values of an open reporting period can change. Each call is atomic, and django-auditlog
records every row it creates or changes with `actor` as the one who acted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from participation.accounts.audit import acting_as
from participation.accounts.models import Notification
from participation.accounts.services.notifications import notify
from participation.core.services import ServiceError
from participation.places.models import Indicator, Municipality
from participation.programme.models import IndicatorValue, ReportingPeriod

Status = IndicatorValue.Status

# From status (None: no value yet) → the statuses a municipal user may move it to.
ALLOWED: dict[str | None, frozenset[str]] = {
    None: frozenset({Status.DRAFT, Status.SUBMITTED}),
    Status.DRAFT: frozenset({Status.DRAFT, Status.SUBMITTED}),
    Status.RETURNED: frozenset({Status.RETURNED, Status.SUBMITTED}),
    Status.SUBMITTED: frozenset(),
    Status.APPROVED: frozenset(),
}

# From status → the statuses the adviser's review may move it to: only submitted values.
REVIEW: dict[str | None, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.APPROVED, Status.RETURNED}),
}

# Statuses in which municipal staff may still change a value.
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


class ValuesError(ServiceError):
    """A change refused for a reason the user should read (the message is translated)."""


@dataclass(frozen=True)
class Entry:
    """One value as entered in the form."""

    indicator: Indicator
    value: Decimal
    source: str = ""


def is_editable(value: IndicatorValue | None) -> bool:
    """Whether municipal staff may still change this value (None: not entered yet)."""
    return value is None or value.status in EDITABLE


def check_transition(
    current: str | None, to: str, *, allowed: dict[str | None, frozenset[str]] = ALLOWED
) -> None:
    if to not in allowed.get(current, frozenset()):
        if allowed is REVIEW:
            raise ValuesError(_("Only submitted values can be approved or returned."))
        raise ValuesError(
            _("A value that has been submitted or approved can no longer be changed here.")
        )


@transaction.atomic
def approve(value: IndicatorValue, *, actor: User | None) -> IndicatorValue:
    """Approve a submitted value: from now on it counts where figures are shown."""
    return _review(value, Status.APPROVED, comment="", actor=actor)


@transaction.atomic
def return_value(value: IndicatorValue, *, actor: User | None, comment: str) -> IndicatorValue:
    """Send a submitted value back to the municipality; the comment says what to correct."""
    comment = comment.strip()
    if not comment:
        raise ValuesError(_("Say why the value is returned: a comment is required."))
    return _review(value, Status.RETURNED, comment=comment, actor=actor)


@transaction.atomic
def approve_all(
    municipality: Municipality, *, actor: User | None, period: ReportingPeriod
) -> list[IndicatorValue]:
    """Approve every submitted value of the municipality in the period that someone other than
    `actor` submitted (or last changed); refused if there are only the actor's own."""
    submitted = list(
        IndicatorValue.objects.select_for_update().filter(
            municipality=municipality, period=period, status=Status.SUBMITTED
        )
    )
    others = [value for value in submitted if not _is_own(value, actor)]
    if submitted and not others:
        raise ValuesError(_OWN_VALUE)
    return [_review(value, Status.APPROVED, comment="", actor=actor) for value in others]


_OWN_VALUE = _lazy(
    "You submitted or last changed this value: someone else must approve it, "
    "administrators included."
)


def _is_own(value: IndicatorValue, actor: User | None) -> bool:
    """Four eyes: whoever submitted a value, or changed it last, may not approve it."""
    return actor is not None and value.updated_by_id == actor.pk


def _review(value: IndicatorValue, to: str, *, comment: str, actor: User | None) -> IndicatorValue:
    # Re-read under a lock: the municipality may not resubmit or the adviser act twice meanwhile.
    value = (
        IndicatorValue.objects.select_for_update(of=("self",))
        .select_related("indicator", "municipality", "period", "updated_by")
        .get(pk=value.pk)
    )
    check_transition(value.status, to, allowed=REVIEW)
    if to == Status.APPROVED and _is_own(value, actor):
        raise ValuesError(_OWN_VALUE)
    submitter = value.updated_by
    value.status = to
    value.comment = comment
    value.updated_by = actor
    with acting_as(actor):
        value.save(update_fields=["status", "comment", "updated_by", "updated_at"])
    if to == Status.RETURNED:
        _tell_returned(value, submitter)
    return value


def _tell_returned(value: IndicatorValue, submitter: User | None) -> None:
    """Notify whoever submitted the value that the adviser returned it (e-mailed at once)."""
    notify(
        submitter,
        kind=Notification.Kind.VALUE_RETURNED,
        key=f"value-returned:{value.pk}:{value.updated_at.isoformat()}",
        text=_(
            "%(indicator)s (%(municipality)s, %(period)s) was returned by the adviser: %(comment)s"
        )
        % {
            "indicator": value.indicator.name,
            "municipality": value.municipality.name,
            "period": value.period.name,
            "comment": value.comment,
        },
        url=reverse(
            "participation:period-values", args=[value.municipality.number, value.period_id]
        ),
    )


@transaction.atomic
def withdraw(value: IndicatorValue, *, actor: User | None) -> IndicatorValue:
    """Take a submitted value back before the adviser has reviewed it: it is a draft again."""
    period = ReportingPeriod.objects.select_for_update().get(pk=value.period_id)
    if period.status != ReportingPeriod.Status.OPEN:
        raise ValuesError(_("This reporting period is not open: its values cannot be changed."))
    # Re-read under a lock: the adviser may be approving or returning it at this moment.
    value = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    if value.status != Status.SUBMITTED:
        raise ValuesError(
            _("Only a submitted value that has not been reviewed yet can be withdrawn.")
        )
    value.status = Status.DRAFT
    value.updated_by = actor
    with acting_as(actor):
        value.save(update_fields=["status", "updated_by", "updated_at"])
    return value


def save_draft(
    municipality: Municipality,
    *,
    actor: User | None,
    period: ReportingPeriod,
    entries: Iterable[Entry],
) -> list[IndicatorValue]:
    """Save `entries` as drafts (returned values stay returned until they are submitted)."""
    return _apply(municipality, period, entries, actor=actor, submit=False)


def submit(
    municipality: Municipality,
    *,
    actor: User | None,
    period: ReportingPeriod,
    entries: Iterable[Entry],
) -> list[IndicatorValue]:
    """Save `entries` and submit them for the adviser's approval."""
    return _apply(municipality, period, entries, actor=actor, submit=True)


@transaction.atomic
def _apply(
    municipality: Municipality,
    period: ReportingPeriod,
    entries: Iterable[Entry],
    *,
    actor: User | None,
    submit: bool,
) -> list[IndicatorValue]:
    entries = list(entries)
    # Lock the period row: a period closed meanwhile must not take new values.
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != ReportingPeriod.Status.OPEN:
        raise ValuesError(_("This reporting period is not open: its values cannot be changed."))
    if submit and not entries:
        raise ValuesError(_("Enter at least one value before submitting."))
    existing = {
        value.indicator_id: value
        for value in IndicatorValue.objects.select_for_update().filter(
            municipality=municipality, period=period
        )
    }
    saved = []
    with acting_as(actor):
        for entry in entries:
            if entry.indicator.strategy_id != period.strategy_id:
                raise ValuesError(_("This indicator is not reported on in this period."))
            current = existing.get(entry.indicator.pk)
            current_status = current.status if current is not None else None
            if submit:
                to = Status.SUBMITTED
            else:
                to = Status.RETURNED if current_status == Status.RETURNED else Status.DRAFT
            check_transition(current_status, to)
            if current is None:
                saved.append(
                    IndicatorValue.objects.create(
                        municipality=municipality,
                        indicator=entry.indicator,
                        period=period,
                        value=entry.value,
                        source=entry.source,
                        status=to,
                        created_by=actor,
                        updated_by=actor,
                    )
                )
                continue
            changed = [
                name
                for name, new in (("value", entry.value), ("source", entry.source), ("status", to))
                if getattr(current, name) != new
            ]
            if changed:
                current.value = entry.value
                current.source = entry.source
                current.status = to
                current.updated_by = actor
                current.save(update_fields=[*changed, "updated_by", "updated_at"])
            saved.append(current)
    return saved
