"""Involvement events, their participant counts, and the input that came out of them.

The writes follow `participation.core.services`: `verb_noun(target, *, actor, **fields)`,
atomic and attributed (`actor` becomes the row's `created_by`/`updated_by` and the actor of the
audit entries, through `acting_as`, so the attribution also holds outside a request). The forms
validate; these functions trust their arguments except for the rules the database would
otherwise refuse with an error nobody can read, which they refuse with `InvolvementError`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.accounts.audit import acting_as
from participation.core.services import ServiceError
from participation.involvement.models import (
    EVENT_FIELDS,
    MAX_PARTICIPANTS,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from participation.places.models import TargetGroup, Theme

# (target group id, role) → count
Counts = Mapping[tuple[int, str], int]

# Copied by `duplicate_event`: the plan, not what happened.
DUPLICATED_FIELDS = (
    "method",
    "channel",
    "start_time",
    "description",
    "accessibility_measures",
    "expectations_clarified",
    "promise_to_participants",
    "consent_noted",
    "consent_how",
)


class InvolvementError(ServiceError):
    """A change refused for a reason the user should read (the message is translated)."""


def _checked(fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"These fields are not set through this service: {sorted(unknown)}")


@transaction.atomic
def create_event(
    initiative: Initiative,
    *,
    actor: User | None,
    themes: Iterable[Theme] = (),
    counts: Counts | None = None,
    **fields: Any,
) -> InvolvementEvent:
    """A new event in `initiative`: its own fields (`EVENT_FIELDS`), themes and counts."""
    _checked(fields, EVENT_FIELDS)
    with acting_as(actor):
        event = InvolvementEvent(initiative=initiative, created_by=actor, updated_by=actor)
        for name in EVENT_FIELDS:
            if name in fields:
                setattr(event, name, fields[name])
        event.save()
        event.themes.set(themes)
        if counts is not None:
            _set_counts(event, counts)
    return event


@transaction.atomic
def update_event(
    event: InvolvementEvent,
    *,
    actor: User | None,
    themes: Iterable[Theme] | None = None,
    counts: Counts | None = None,
    **fields: Any,
) -> InvolvementEvent:
    """Change the given fields of `event`; themes and counts too when given."""
    _checked(fields, EVENT_FIELDS)
    with acting_as(actor):
        changed = [name for name in EVENT_FIELDS if name in fields]
        for name in changed:
            setattr(event, name, fields[name])
        event.updated_by = actor
        event.save(update_fields=[*changed, "updated_by", "updated_at"])
        if themes is not None:
            event.themes.set(themes)
        if counts is not None:
            _set_counts(event, counts)
    return event


def _set_counts(event: InvolvementEvent, counts: Counts) -> None:
    """Make the event's cells exactly `counts`; cells left blank or zero are not stored."""
    wanted = {key: value for key, value in counts.items() if value}
    if any(value < 0 for value in wanted.values()):
        raise InvolvementError(_("A count cannot be negative."))
    if any(value > MAX_PARTICIPANTS for value in wanted.values()):
        raise InvolvementError(
            _("A count cannot be more than %(limit_value)s.") % {"limit_value": MAX_PARTICIPANTS}
        )
    existing = {(c.target_group_id, c.role): c for c in event.participant_counts.all()}
    for key, cell in existing.items():
        if key not in wanted:
            cell.delete()
        elif cell.count != wanted[key]:
            cell.count = wanted[key]
            cell.save(update_fields=["count"])
    groups = TargetGroup.objects.in_bulk({group_id for group_id, _role in wanted})
    for (group_id, role), value in wanted.items():
        if (group_id, role) not in existing:
            ParticipantCount.objects.create(
                event=event, target_group=groups[group_id], role=role, count=value
            )


@transaction.atomic
def duplicate_event(event: InvolvementEvent, *, actor: User | None) -> InvolvementEvent:
    """A new event in the same initiative as a starting point: the same method, channel, themes
    and texts, dated today, titled "… (copy)". Counts, input, the feedback due date and the
    feedback given belong to what happened at the original and are not copied."""
    with acting_as(actor):
        copy = InvolvementEvent(
            initiative=event.initiative,
            title=_("%(title)s (copy)") % {"title": event.title},
            date=timezone.localdate(),
            created_by=actor,
            updated_by=actor,
        )
        for name in DUPLICATED_FIELDS:
            setattr(copy, name, getattr(event, name))
        copy.title = copy.title[: InvolvementEvent._meta.get_field("title").max_length]
        copy.save()
        copy.themes.set(event.themes.all())
    return copy


@transaction.atomic
def mark_feedback_given(
    event: InvolvementEvent, *, actor: User | None, given_on: datetime.date, how: str
) -> InvolvementEvent:
    """Record that participants were told what came of their input: when and how."""
    if given_on < event.date:
        raise InvolvementError(_("Feedback cannot have been given before the event."))
    with acting_as(actor):
        event.feedback_given = given_on
        event.feedback_how = how
        event.updated_by = actor
        event.save(update_fields=["feedback_given", "feedback_how", "updated_by", "updated_at"])
    return event


@transaction.atomic
def add_inputs(
    event: InvolvementEvent, *, actor: User | None, items: Iterable[tuple[Theme, str]]
) -> list[Input]:
    """Record input items from the event, each a theme and a summary."""
    created = []
    with acting_as(actor):
        for theme, summary in items:
            created.append(
                Input.objects.create(
                    event=event,
                    theme=theme,
                    summary=summary,
                    created_by=actor,
                    updated_by=actor,
                )
            )
    return created


INPUT_FIELDS = ("theme", "summary", "follow_up_status", "follow_up_date", "answer", "answered_on")


@transaction.atomic
def update_input(item: Input, *, actor: User | None, **fields: Any) -> Input:
    """Change an input item: its theme and summary, its follow-up and the answer given back."""
    _checked(fields, INPUT_FIELDS)
    answer = fields.get("answer", item.answer)
    answered_on = fields.get("answered_on", item.answered_on)
    if answered_on is not None and not answer:
        raise InvolvementError(_("An answer date needs the answer that was given."))
    with acting_as(actor):
        changed = [name for name in INPUT_FIELDS if name in fields]
        for name in changed:
            setattr(item, name, fields[name])
        item.updated_by = actor
        item.save(update_fields=[*changed, "updated_by", "updated_at"])
    return item
