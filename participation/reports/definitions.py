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

A report's appendix defines every figure of the report once, in `report_definitions()`; its
loop-closure entries are the definitions above, word for word.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

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

from .document import SUPPRESSED, WITHHELD, Definition

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.utils.functional import _StrPromise as StrPromise

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


# The report's appendix: every figure defined once. The loop-closure texts repeat the module
# docstring word for word (a test holds them to it); pages and reports use the same filters above.

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

# The rest of the report's figures, in the order the report shows them. Period rules and the
# aggregation of indicator values are decided here; reports.figures computes exactly this.
REPORT_SCOPE_DEFINITIONS = [
    (
        _("Scope"),
        _(
            "the municipalities whose records are counted: a municipality's report counts that "
            "municipality; a region's report every municipality, current or historical, placed "
            "in the Husbanken region; the national report every municipality."
        ),
    ),
    (_("Period"), _("a quarter, a half-year or a year, with both its first and last day.")),
    (
        _("Data cut-off"),
        _(
            "the moment the figures were read. Statuses (the follow-up status of input, open "
            'commitments and risk flags) are as they stood then, and "today" in these '
            "definitions is its date."
        ),
    ),
    (
        _("Active in the period"),
        _(
            "an initiative whose start and end overlap the period (a missing start or end counts "
            "as open), or that has an involvement event in the period."
        ),
    ),
    (
        _("Initiatives serving the strategy"),
        _(
            "the initiatives in scope that are active in the period and linked to at least one "
            "main goal or priority area of the strategy. Every other figure of participation "
            "counts only these initiatives and their events."
        ),
    ),
    (
        _("Serving a main goal or priority area"),
        _(
            "an initiative serves a main goal when it is linked to the goal or to one of the "
            "goal's priority areas, and serves a priority area when it is linked to it. An "
            "initiative that serves several goals counts under each, so the goals' figures do "
            "not add up to the total."
        ),
    ),
    (
        _("Initiatives not linked to the strategy"),
        _(
            "initiatives in scope, active in the period, that are linked to no main goal or "
            "priority area of the strategy. They are counted in the summary and left out of "
            "every other figure."
        ),
    ),
    (
        _("Involvement events"),
        _(
            "the events of the initiatives serving the strategy whose date falls within the "
            "period. These are the events in scope of the loop-closure figures."
        ),
    ),
    (
        _("People reached"),
        _(
            "the sum of the participant counts (every target group and role) of the involvement "
            "events. Someone who took part in two events counts twice."
        ),
    ),
    (
        _("Participation form"),
        _(
            "the forms of participation recorded on the initiative. An initiative with several "
            "forms counts under each; its events and the people reached count with it."
        ),
    ),
    (
        _("Participation level"),
        _(
            "individual, collective or system level, as recorded on the initiative. An "
            "initiative can work at several levels and counts under each."
        ),
    ),
    (
        _("Intended influence"),
        _(
            "the step of the five-step influence scale (inform, consult, involve, collaborate, "
            "empower) the initiative aims at. Its events and the people reached count under the "
            "same step."
        ),
    ),
]

REPORT_SHARE_DEFINITION = (
    _("Share"),
    _(
        "a percentage rounded to a whole number. When there is nothing to divide by, the share "
        'is shown as "–" (no data), not as 0 %.'
    ),
)

REPORT_PROGRAMME_DEFINITIONS = [
    (
        _("Approved indicator value"),
        _(
            "only values that an adviser has approved count. A municipality's value for the "
            "period is its approved value for the strategy's reporting period that ends within "
            "the report period; when several do, the one ending last. Of two ending the same "
            "day, one lying wholly within the report period comes first, then the longer one: a "
            "yearly report takes a year's value before a fourth quarter's, a quarterly report a "
            "quarter's before a half-year's."
        ),
    ),
    (
        _("Combined figure"),
        _(
            "the values of several municipalities are combined by the indicator's unit: counts "
            "and NOK are summed; percentages and rates per 1 000 inhabitants are averaged (a "
            "plain mean over the municipalities); yes/no becomes the share of municipalities "
            "answering yes."
        ),
    ),
    (
        _("Municipalities reporting"),
        _("the municipalities in scope with an approved value for the indicator in the period."),
    ),
    (
        _("Previous period"),
        _(
            "the same figure for the period just before (the previous quarter, half-year or "
            "year), by the same rule. It is empty when no reporting period ends within that "
            "period, for example with yearly values in a quarterly report."
        ),
    ),
    (
        _("Regional figure"),
        _(
            "the combined figure over every municipality of the scope's Husbanken region. A "
            "national report has no single region: its regional column is empty, and a table "
            "shows each region's figure."
        ),
    ),
    (_("National figure"), _("the combined figure over every municipality.")),
    (
        _("Baseline and target"),
        _("as set on the indicator for the whole strategy, not per municipality."),
    ),
    (
        _("Success-criteria profile"),
        _(
            "for each success criterion, the number of assessments and their mean rating "
            "(1 not started, 2 under development, 3 established, 4 anchored and lasting), for "
            "the municipalities' self-assessments and for Husbanken's assessments, of the "
            "calendar year in which the period ends."
        ),
    ),
    (
        _("Open commitments"),
        _(
            "commitments from meetings, for the municipalities in scope, that are still open. "
            "Overdue: open commitments whose due date is before today. Closed in the period: "
            "commitments marked done or dropped with a closing date within the period."
        ),
    ),
    (
        _("Risk flags"),
        _(
            "open: not closed at the data cut-off. Raised in the period: raised on a date "
            "within the period. Closed in the period: closed on a date within the period."
        ),
    ),
]

# The symbols are the same in every language (the renderers show them as they are).
NO_DATA = "–"
REPORT_SUPPRESSION_DEFINITIONS: list[tuple[str | StrPromise, StrPromise]] = [
    (
        _("Protected figures"),
        _(
            "every count in a region or national report (of people, events, input, "
            "initiatives, municipalities, assessments, commitments, risk flags and indicator "
            "values, and the sum of an indicator of unit count), and the regional and national "
            "comparison figures in a municipality's own report, is shown with a small noise "
            "added: 0 (in 40 % of figures), 1 more or 1 less (20 % each) or 2 more or 2 less "
            "(10 % each). The noise is chosen by a secret key from the records the figure "
            "counts, so the same records give the same number in every table and every report, "
            "and each total gets its own: figures need not add up, and subtracting them gives "
            "noise, never a hidden count. Shares are worked out from the protected counts. "
            "Region and national reports list municipalities, not initiatives. Averages of "
            "percentages and rates, and sums in NOK, are shown as reported. A municipality's "
            "own report shows its own figures exactly."
        ),
    ),
    (
        SUPPRESSED,
        _(
            "fewer than 5, zero included: a protected figure under 5, or one whose noise took "
            "it under 5. A protected figure is never shown as 1, 2, 3 or 4."
        ),
    ),
    (
        WITHHELD,
        _(
            "withheld for confidentiality: a share whose numerator or denominator is shown as "
            "<5, or a mean rating over a number of assessments shown as <5."
        ),
    ),
    (NO_DATA, _("no data: nothing to count or to divide by.")),
]


def report_definitions() -> list[Definition]:
    """The appendix of a report, in the active language: every figure's definition."""
    groups: list[Sequence[tuple[str | StrPromise, StrPromise]]] = [
        REPORT_SCOPE_DEFINITIONS,
        LOOP_CLOSURE_DEFINITIONS,
        [REPORT_SHARE_DEFINITION],
        REPORT_PROGRAMME_DEFINITIONS,
        REPORT_SUPPRESSION_DEFINITIONS,
    ]
    return [
        Definition(str(term), _capitalised(str(text))) for group in groups for term, text in group
    ]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
