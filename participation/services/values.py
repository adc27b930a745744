"""Indicator values for a reporting period: municipal staff save drafts and submit them.

Every status change of an `IndicatorValue` goes through `check_transition`, the one place that
knows which changes are allowed here:

- a new value may be saved as a draft or submitted at once;
- a draft may be saved again or submitted;
- a returned value (sent back by the adviser with a comment) may be corrected, staying
  returned so the comment stays in view, and submitted again;
- a submitted or approved value is read-only for municipal staff (approval, and sending a value
  back, are the adviser's and come later).

Only values of an open reporting period can change. Each call is atomic, and django-auditlog
records every row it creates or changes with `actor` as the one who acted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from participation.audit import acting_as
from participation.models import Indicator, IndicatorValue, Municipality, ReportingPeriod

Status = IndicatorValue.Status

# From status (None: no value yet) → the statuses a municipal user may move it to.
ALLOWED: dict[str | None, frozenset[str]] = {
    None: frozenset({Status.DRAFT, Status.SUBMITTED}),
    Status.DRAFT: frozenset({Status.DRAFT, Status.SUBMITTED}),
    Status.RETURNED: frozenset({Status.RETURNED, Status.SUBMITTED}),
    Status.SUBMITTED: frozenset(),
    Status.APPROVED: frozenset(),
}

# Statuses in which municipal staff may still change a value.
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


class ValuesError(Exception):
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


def check_transition(current: str | None, to: str) -> None:
    if to not in ALLOWED.get(current, frozenset()):
        raise ValuesError(
            _("A value that has been submitted or approved can no longer be changed here.")
        )


def save_draft(
    municipality: Municipality,
    period: ReportingPeriod,
    entries: Iterable[Entry],
    *,
    actor: User | None,
) -> list[IndicatorValue]:
    """Save `entries` as drafts (returned values stay returned until they are submitted)."""
    return _apply(municipality, period, entries, actor=actor, submit=False)


def submit(
    municipality: Municipality,
    period: ReportingPeriod,
    entries: Iterable[Entry],
    *,
    actor: User | None,
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
