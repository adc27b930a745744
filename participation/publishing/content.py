"""What the public sees of a publication: built in one place for the public pages, the staff's
preview and the open data, so the three never differ.

Shown: the initiative's name, aim, target groups (as groups), status and dates; each chosen
event's title, date, method, themes and how many took part; each chosen input's theme, summary,
decision (follow-up status and date) and the answer given back with its date. Never shown: who
created or changed anything, the internal fields (participation description, strengths,
challenges, success factors, staffing, factor assessments), events' descriptions, promises,
consent and feedback notes, and an answer not yet given back (no "answered on" date: a draft).

How many took part is a count of people leaving the municipality, so it is shown as any such
figure is, through `participation.reports.disclosure` (its public functions: `keyed_sum` for
the count with its cell key, `count` to publish it): "<5" below 5, otherwise perturbed.

The personal-data guard (`participation.core.privacy`) runs again on every text shown: the
publishing service refuses a selection holding personal data, and a text that fails the guard
here (written by a path that skipped it) is replaced by a notice, never shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from participation.core.privacy import personal_data_problems, shown_text
from participation.involvement.models import (
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from participation.reports import disclosure
from participation.reports.document import Cell

from .models import Publication


@dataclass
class PublicInput:
    pk: int
    theme: str
    summary: str
    decision: str  # empty while not assessed
    decided_on: datetime.date | None
    answer: str  # empty until an answer has been given back
    answered_on: datetime.date | None


@dataclass
class PublicEvent:
    pk: int
    title: str
    date: datetime.date
    method: str
    themes: list[str]
    participants: Cell
    inputs: list[PublicInput] = field(default_factory=list)


@dataclass
class PublicInitiative:
    pk: int
    name: str
    aim: str
    municipality: str
    municipality_number: str
    target_groups: list[str]
    status: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    published_at: datetime.datetime | None
    changed_at: datetime.datetime | None
    events: list[PublicEvent]

    @property
    def input_count(self) -> int:
        return sum(len(event.inputs) for event in self.events)


def shown(text: str) -> str:
    """`text` as the public may read it: itself, or a notice if it holds personal data (the
    product's one rule for free text shown away from its record, `core.privacy.shown_text`)."""
    return shown_text(text)


def guard_problems(
    initiative: Initiative, events: Collection[InvolvementEvent], inputs: Collection[Input]
) -> list[str]:
    """Why the selection may not be published: each text that would be shown and holds what
    looks like personal data, named (empty if none)."""
    problems = []
    texts = [(_("Initiative name"), initiative.name), (_("Aim"), initiative.aim)]
    texts += [(_("Event title “%s”") % e.title[:40], e.title) for e in events]
    for item in inputs:
        texts.append((_("Input “%s”: summary") % item.summary[:40], item.summary))
        if item.answered_on:
            texts.append((_("Input “%s”: answer") % item.summary[:40], item.answer))
    for label, text in texts:
        for problem in personal_data_problems(text):
            problems.append(f"{label}: {problem}")
    return problems


def participants(event_ids: Collection[int]) -> dict[int, Cell]:
    """How many took part in each event, as published (disclosure control), by event id."""
    sums = {
        row["event"]: row["n"]
        for row in ParticipantCount.objects.filter(event__in=event_ids)
        .values("event")
        .annotate(n=disclosure.keyed_sum("people", "count"))
    }
    return {
        pk: disclosure.count(sums.get(pk, disclosure.Keyed(0, "people", 0)), True)
        for pk in event_ids
    }


def build(
    publication: Publication,
    *,
    event_ids: Collection[int] | None = None,
    input_ids: Collection[int] | None = None,
) -> PublicInitiative:
    """The public view of `publication` (with initiative and municipality selected), or of the
    selection `event_ids`/`input_ids` staff are about to publish (the preview). Only events of
    the initiative and input of the chosen events are shown, whatever the ids say."""
    initiative = publication.initiative
    if event_ids is None:
        event_ids = list(publication.events.values_list("pk", flat=True))
    if input_ids is None:
        input_ids = list(publication.inputs.values_list("pk", flat=True))
    events = list(
        InvolvementEvent.objects.filter(pk__in=event_ids, initiative=initiative)
        .select_related("method")
        .prefetch_related("themes")
        .order_by("date", "start_time", "pk")
    )
    counts = participants([e.pk for e in events])
    inputs = (
        Input.objects.filter(pk__in=input_ids, event__in=[e.pk for e in events])
        .select_related("theme")
        .order_by("theme__order", "pk")
    )
    by_event: dict[int, list[PublicInput]] = {e.pk: [] for e in events}
    for item in inputs:
        assessed = item.follow_up_status != Input.FollowUp.NOT_ASSESSED
        answered = bool(item.answered_on and item.answer)
        by_event[item.event_id].append(
            PublicInput(
                pk=item.pk,
                theme=item.theme.label,
                summary=shown(item.summary),
                decision=item.get_follow_up_status_display() if assessed else "",
                decided_on=item.follow_up_date if assessed else None,
                answer=shown(item.answer) if answered else "",
                answered_on=item.answered_on if answered else None,
            )
        )
    return PublicInitiative(
        pk=initiative.pk,
        name=shown(initiative.name),
        aim=shown(initiative.aim),
        municipality=initiative.municipality.name,
        municipality_number=initiative.municipality.number,
        target_groups=[group.label for group in initiative.target_groups.all()],
        status=initiative.get_status_display(),
        start_date=initiative.start_date,
        end_date=initiative.end_date,
        published_at=publication.published_at,
        changed_at=publication.updated_at,
        events=[
            PublicEvent(
                pk=e.pk,
                title=shown(e.title),
                date=e.date,
                method=e.method.label,
                themes=[theme.label for theme in e.themes.all()],
                participants=counts[e.pk],
                inputs=by_event[e.pk],
            )
            for e in events
        ],
    )
