"""Every figure of a report, defined once: the appendix each report ends with.

The loop-closure figures (open input, feedback overdue, ...) are defined, as filters and in
words, in `participation.involvement.definitions`, which pages use too; this module adds the
definitions of the report's other figures. `participation.reports.figures` computes exactly these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from participation.involvement.definitions import (
    ANSWERED_INPUT,
    ASSESSED_INPUT,
    FEEDBACK_ON_TIME,
    LOOP_CLOSURE_DEFINITIONS,
    LoopClosure,
    feedback_judgeable,
    feedback_overdue,
)

from .document import SUPPRESSED, WITHHELD, Definition

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.utils.functional import _StrPromise as StrPromise

# The loop-closure filters `participation.reports.figures` counts with.
__all__ = [
    "ANSWERED_INPUT",
    "ASSESSED_INPUT",
    "FEEDBACK_ON_TIME",
    "LoopClosure",
    "feedback_judgeable",
    "feedback_overdue",
    "report_definitions",
]

# The report's other figures, in the order the report shows them. Period rules and the
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
    (
        _("Method and form of an event"),
        _(
            "the method recorded on each involvement event (a dialogue café, a workshop, a "
            "residents' meeting …) and its form: in person, digital, hybrid or outreach. Each "
            "event counts once under its method and once under its form; the people reached "
            "count with it. A municipality's own report also lists its events, with their input "
            "and the answers given back; region and national reports show only the counts, "
            "protected, and list no events."
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
            "comparison figures in a municipality's own report, is shown with noise added, by "
            "the cell-key method statistics offices use: 0 (in 45 % of figures), 1 more or 1 "
            "less (17 % each), 2 more or 2 less (6.4 % each), 3 more or 3 less (2.4 % each), "
            "and so on, each size 3/8 as likely as the one before, with no largest size (a "
            "two-sided geometric distribution). The noise is chosen by a secret key from the "
            "records the figure counts, so the same records give the same number in every "
            "table and every report, and each total gets its own: figures need not add up, "
            "and subtracting them gives noise, never a hidden count. As the noise has no "
            "largest size, no combination of figures tells a hidden count for certain. Shares "
            "are worked out from the protected counts. Sums in NOK and averages of percentages "
            "and rates over other municipalities are withheld when fewer than 5 municipalities "
            "report (as published), and otherwise changed by 1 % for each unit of noise. "
            "Region and national reports list municipalities, not initiatives. A "
            "municipality's own report shows its own figures exactly."
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
            "<5, a mean rating over a number of assessments shown as <5, or a sum in NOK or an "
            "average of percentages or rates over a number of municipalities shown as <5."
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
