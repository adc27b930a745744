"""The loop-closure figures: what was done with residents' input, and whether they heard back.

Closing the loop is the product's core promise, so every page and report counts it the same way.
Each figure is defined here once, as a filter (for annotations and lists) and in `LoopClosure`
(for a set of events and their input). The definitions:

- **Input items**: the input (innspill) recorded from the events in scope.
- **Open input**: input whose follow-up status is still "not assessed": nobody has yet decided
  what to do with it.
- **Assessed input**: input with any other follow-up status (taken forward, incorporated, partly
  met, declined with reasons, parked). Share assessed = assessed / input items.
- **Answered input**: input with an answer given back to the participants (the answer text is
  filled in). Share answered = answered / input items.
- **Feedback overdue**: an event whose feedback due date has passed (before today) and whose
  feedback has not been given.
- **Feedback on time**: an event whose feedback was given on or before its due date. The share is
  taken over the events where it can be judged: those with a due date that either have passed it
  or have had their feedback. Events without a due date, and events still before their due date
  without feedback, are left out of the share.

A share is None when there is nothing to divide by, so pages can show "no data" rather than 0 %.

The texts of these definitions, word for word, are in `LOOP_CLOSURE_DEFINITIONS` (a test holds
them to this docstring); a report's appendix (`participation.reports.definitions`) shows them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from participation.involvement.models import Initiative, Input, InvolvementEvent

# Filters on Input.
OPEN_INPUT = Q(follow_up_status=Input.FollowUp.NOT_ASSESSED)
ASSESSED_INPUT = ~OPEN_INPUT
ANSWERED_INPUT = ~Q(answer="")


def feedback_overdue(today: datetime.date) -> Q:
    """Events whose feedback is overdue on `today`."""
    return Q(feedback_due__lt=today, feedback_given__isnull=True)


def feedback_overdue_flag(today: datetime.date) -> ExpressionWrapper:
    """An annotation for InvolvementEvent querysets: True when its feedback is overdue."""
    return ExpressionWrapper(feedback_overdue(today), output_field=BooleanField())


# Events whose feedback was given on or before their due date.
FEEDBACK_ON_TIME = Q(feedback_given__isnull=False, feedback_given__lte=F("feedback_due"))


def feedback_judgeable(today: datetime.date) -> Q:
    """Events whose timeliness can be judged: a due date that has passed, or feedback given."""
    return Q(feedback_due__isnull=False) & (
        Q(feedback_due__lt=today) | Q(feedback_given__isnull=False)
    )


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"))


@dataclass(frozen=True)
class LoopClosure:
    """The loop-closure figures for a set of events and their input (see the module docstring)."""

    input_total: int
    input_open: int
    input_assessed: int
    input_answered: int
    events_total: int
    events_overdue: int
    events_judgeable: int
    events_on_time: int

    @property
    def share_assessed(self) -> Decimal | None:
        """Percent of input items with a follow-up status other than "not assessed"."""
        return _share(self.input_assessed, self.input_total)

    @property
    def share_answered(self) -> Decimal | None:
        """Percent of input items with an answer given back."""
        return _share(self.input_answered, self.input_total)

    @property
    def share_on_time(self) -> Decimal | None:
        """Percent of judgeable events whose feedback was given on or before the due date."""
        return _share(self.events_on_time, self.events_judgeable)

    @classmethod
    def for_events(cls, events: QuerySet[InvolvementEvent], today: datetime.date) -> LoopClosure:
        """The figures for `events` (already scoped) and all their input: two queries."""
        event_figures = events.order_by().aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=feedback_overdue(today)),
            judgeable=Count("pk", filter=feedback_judgeable(today)),
            on_time=Count("pk", filter=feedback_judgeable(today) & FEEDBACK_ON_TIME),
        )
        input_figures = (
            Input.objects.filter(event__in=events.order_by().values("pk"))
            .order_by()
            .aggregate(
                total=Count("pk"),
                open=Count("pk", filter=OPEN_INPUT),
                assessed=Count("pk", filter=ASSESSED_INPUT),
                answered=Count("pk", filter=ANSWERED_INPUT),
            )
        )
        return cls(
            input_total=input_figures["total"],
            input_open=input_figures["open"],
            input_assessed=input_figures["assessed"],
            input_answered=input_figures["answered"],
            events_total=event_figures["total"],
            events_overdue=event_figures["overdue"],
            events_judgeable=event_figures["judgeable"],
            events_on_time=event_figures["on_time"],
        )


@dataclass(frozen=True)
class LoopClosureYear:
    """The input figures of one year (by the date of the event the input came from)."""

    year: int
    input_total: int
    input_assessed: int
    input_answered: int

    @property
    def share_assessed(self) -> Decimal | None:
        return _share(self.input_assessed, self.input_total)

    @property
    def share_answered(self) -> Decimal | None:
        return _share(self.input_answered, self.input_total)


def loop_closure_by_year(events: QuerySet[InvolvementEvent]) -> list[LoopClosureYear]:
    """Input assessed and answered per year of the events in `events` (already scoped), oldest
    first; years without input are left out. One query."""
    rows = (
        Input.objects.filter(event__in=events.order_by().values("pk"))
        .order_by()
        .annotate(year=ExtractYear("event__date"))
        .values("year")
        .annotate(
            total=Count("pk"),
            assessed=Count("pk", filter=ASSESSED_INPUT),
            answered=Count("pk", filter=ANSWERED_INPUT),
        )
        .order_by("year")
    )
    return [
        LoopClosureYear(row["year"], row["total"], row["assessed"], row["answered"]) for row in rows
    ]


# Per-row counts, as correlated subqueries: one query for a whole list, whatever its length, and
# no row multiplication from joining initiatives, events and input together.


def _count(queryset: QuerySet, outer: str) -> Coalesce:
    """The number of rows of `queryset` whose `outer` relation is the outer row."""
    counted = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def municipality_figures(today: datetime.date) -> dict[str, Coalesce]:
    """Annotations for a Municipality queryset: initiatives, events, open input (not assessed)
    and events with feedback overdue."""
    return {
        "initiative_count": _count(Initiative.objects.all(), "municipality"),
        "event_count": _count(InvolvementEvent.objects.all(), "initiative__municipality"),
        "open_input_count": _count(
            Input.objects.filter(OPEN_INPUT), "event__initiative__municipality"
        ),
        "overdue_event_count": _count(
            InvolvementEvent.objects.filter(feedback_overdue(today)), "initiative__municipality"
        ),
    }


def initiative_figures(today: datetime.date) -> dict[str, Coalesce]:
    """Annotations for an Initiative queryset: events, open input and events with feedback
    overdue."""
    return {
        "event_count": _count(InvolvementEvent.objects.all(), "initiative"),
        "open_input_count": _count(Input.objects.filter(OPEN_INPUT), "event__initiative"),
        "overdue_event_count": _count(
            InvolvementEvent.objects.filter(feedback_overdue(today)), "initiative"
        ),
    }


# The texts of the definitions, for a report's appendix. They repeat the module docstring word for
# word (a test holds them to it); pages and reports use the same filters above.

INPUT_ITEMS = (_("Input items"), _("the input (innspill) recorded from the events in scope."))
OPEN_INPUT_TEXT = (
    _("Open input"),
    _(
        'input whose follow-up status is still "not assessed": nobody has yet decided what to '
        "do with it."
    ),
)
ASSESSED_INPUT_TEXT = (
    _("Assessed input"),
    _(
        "input with any other follow-up status (taken forward, incorporated, partly met, "
        "declined with reasons, parked). Share assessed = assessed / input items."
    ),
)
ANSWERED_INPUT_TEXT = (
    _("Answered input"),
    _(
        "input with an answer given back to the participants (the answer text is filled in). "
        "Share answered = answered / input items."
    ),
)
FEEDBACK_OVERDUE_TEXT = (
    _("Feedback overdue"),
    _(
        "an event whose feedback due date has passed (before today) and whose feedback has not "
        "been given."
    ),
)
FEEDBACK_ON_TIME_TEXT = (
    _("Feedback on time"),
    _(
        "an event whose feedback was given on or before its due date. The share is taken over "
        "the events where it can be judged: those with a due date that either have passed it or "
        "have had their feedback. Events without a due date, and events still before their due "
        "date without feedback, are left out of the share."
    ),
)
LOOP_CLOSURE_DEFINITIONS = [
    INPUT_ITEMS,
    OPEN_INPUT_TEXT,
    ASSESSED_INPUT_TEXT,
    ANSWERED_INPUT_TEXT,
    FEEDBACK_OVERDUE_TEXT,
    FEEDBACK_ON_TIME_TEXT,
]
