"""The advisers' dashboards: each municipality's status, and the region's sub-goal overview;
and the municipality page's sections (`municipality_page`).

The status rule (shown on the dashboard, from `STATUS_RULE`):
- off track: two or more open risk flags, or an open commitment more than
  `LONG_OVERDUE_DAYS` days past its due date;
- at risk: one open risk flag, or any overdue open commitment;
- on track: otherwise.

Both pages are one query for the rows, however many municipalities: the figures are
subqueries on the municipality, not queries per row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from participation.accounts.access import visible_municipalities
from participation.involvement import readmodel
from participation.involvement.definitions import feedback_overdue_flag, initiative_figures
from participation.involvement.models import Initiative, InvolvementEvent, ParticipantCount
from participation.places.models import Municipality, Region, SubGoal
from participation.programme.models import (
    Commitment,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ReportingPeriod,
    RiskFlag,
)

LONG_OVERDUE_DAYS = 30


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    LABELS = {
        ON_TRACK: _("On track"),
        AT_RISK: _("At risk"),
        OFF_TRACK: _("Off track"),
    }


STATUS_RULE = [
    (
        Status.OFF_TRACK,
        _(
            "Two or more open risk flags, or an open commitment more than %(days)s days past "
            "its due date."
        ),
    ),
    (Status.AT_RISK, _("One open risk flag, or any open commitment past its due date.")),
    (Status.ON_TRACK, _("Neither of the above.")),
]


def status_for(*, open_flags: int, overdue: int, long_overdue: bool) -> str:
    if open_flags >= 2 or long_overdue:
        return Status.OFF_TRACK
    if open_flags == 1 or overdue > 0:
        return Status.AT_RISK
    return Status.ON_TRACK


def _count(queryset: QuerySet[Any]) -> Subquery:
    return Subquery(
        queryset.order_by().values("municipality").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def adviser_municipalities(user: User, today: datetime.date) -> QuerySet[Municipality]:
    """The user's municipalities in the programme (with an agreement), with the figures."""
    overdue = Commitment.objects.overdue(today).filter(municipality=OuterRef("pk"))
    open_commitments = Commitment.objects.open().filter(municipality=OuterRef("pk"))
    agreement_ends = ProgrammeAgreement.objects.filter(
        municipality=OuterRef("pk"), end_date__gte=today
    ).order_by("end_date")
    return (
        visible_municipalities(user)
        .filter(Exists(ProgrammeAgreement.objects.filter(municipality=OuterRef("pk"))))
        .select_related("region")
        .annotate(
            open_flag_count=Coalesce(
                _count(RiskFlag.objects.filter(municipality=OuterRef("pk"), closed_on=None)),
                Value(0),
            ),
            overdue_count=Coalesce(_count(overdue), Value(0)),
            long_overdue=Exists(
                overdue.filter(due_date__lt=today - datetime.timedelta(days=LONG_OVERDUE_DAYS))
            ),
            last_contact=Subquery(
                Meeting.objects.filter(municipalities=OuterRef("pk"), date__lte=today)
                .order_by("-date")
                .values("date")[:1]
            ),
            next_commitment_due=Subquery(
                open_commitments.order_by("due_date").values("due_date")[:1]
            ),
            next_commitment=Subquery(
                open_commitments.order_by("due_date").values("description")[:1]
            ),
            agreement_end=Subquery(agreement_ends.values("end_date")[:1]),
        )
        .order_by("name")
    )


@dataclass
class AdviserRow:
    municipality: Municipality
    status: str
    open_flags: int
    overdue: int
    last_contact: datetime.date | None
    next_due: datetime.date | None
    next_due_label: str

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])


def adviser_rows(user: User, today: datetime.date) -> list[AdviserRow]:
    rows = []
    for m in adviser_municipalities(user, today):
        row: Any = m  # annotated
        next_due, label = None, ""
        if row.next_commitment_due is not None:
            next_due, label = row.next_commitment_due, row.next_commitment[:80]
        if row.agreement_end is not None and (next_due is None or row.agreement_end < next_due):
            next_due, label = row.agreement_end, str(_("Agreement ends"))
        rows.append(
            AdviserRow(
                municipality=m,
                status=status_for(
                    open_flags=row.open_flag_count,
                    overdue=row.overdue_count,
                    long_overdue=row.long_overdue,
                ),
                open_flags=row.open_flag_count,
                overdue=row.overdue_count,
                last_contact=row.last_contact,
                next_due=next_due,
                next_due_label=label,
            )
        )
    return rows


# The region's overview ------------------------------------------------------------------------


@dataclass
class RegionCell:
    prioritised: bool
    approved_indicators: int  # indicators under the sub-goal with an approved value


@dataclass
class RegionTable:
    sub_goals: list[SubGoal]
    rows: list[tuple[Municipality, list[RegionCell]]]


def region_table(region: Region, user: User) -> RegionTable:
    """Municipalities of the region with an agreement × the sub-goals any of them prioritises.

    A cell says whether the municipality's current agreement (the latest by start date)
    prioritises the sub-goal, and for how many of the sub-goal's indicators it has an approved
    value. Five queries, whatever the size of the region.
    """
    municipalities = list(
        visible_municipalities(user)
        .filter(region=region, agreements__isnull=False)
        .distinct()
        .order_by("name")
    )
    latest: dict[int, int] = {}  # municipality → its latest agreement
    for agreement_id, municipality_id in (
        ProgrammeAgreement.objects.filter(municipality__in=[m.pk for m in municipalities])
        .order_by("municipality", "-start_date")
        .values_list("pk", "municipality")
    ):
        latest.setdefault(municipality_id, agreement_id)
    through = ProgrammeAgreement.priority_sub_goals.through
    pairs = set(
        through.objects.filter(programmeagreement__in=list(latest.values())).values_list(
            "programmeagreement__municipality", "subgoal"
        )
    )
    sub_goals = list(
        SubGoal.objects.filter(pk__in={s for _, s in pairs}).order_by(
            "priority_area__order", "order", "code"
        )
    )
    approved = {
        (row["municipality"], row["indicator__sub_goal"]): row["n"]
        for row in IndicatorValue.objects.filter(
            municipality__in=[m.pk for m in municipalities],
            status=IndicatorValue.Status.APPROVED,
            indicator__sub_goal__in=[s.pk for s in sub_goals],
        )
        .values("municipality", "indicator__sub_goal")
        .annotate(n=Count("indicator", distinct=True))
    }
    rows = [
        (
            m,
            [
                RegionCell(
                    prioritised=(m.pk, s.pk) in pairs,
                    approved_indicators=approved.get((m.pk, s.pk), 0),
                )
                for s in sub_goals
            ],
        )
        for m in municipalities
    ]
    return RegionTable(sub_goals=sub_goals, rows=rows)


# The municipality page ----------------------------------------------------------------------

RECENT_EVENTS = 10
INITIATIVES_PAGE_SIZE = 50
OPEN_RISKS_SHOWN = 10


@dataclass
class MunicipalityPage:
    """What the municipality page shows besides the municipality itself. Every list is bounded:
    the initiatives a page at a time, the first open risk flags, the latest events."""

    predecessors: list[Any]  # Municipality
    successor_visible: bool
    # The municipality's totals from the read model: initiative_count, event_count,
    # open_input_count, overdue_event_count; and its number of open risk flags.
    totals: dict[str, int]
    open_risk_count: int
    page: Page[Any]
    initiatives: list[Any]  # annotated with initiative_figures
    agreements: list[ProgrammeAgreement]
    open_risks: list[RiskFlag]
    recent_events: list[Any]  # annotated with participants and is_overdue
    indicator_values: list[Any]  # IndicatorValue, ranked latest per indicator
    open_periods: list[Any]  # annotated with draft_count and returned_count
    loop_closure_years: list[readmodel.LoopClosureYear]


def municipality_page(
    municipality: Municipality, user: User, today: datetime.date, page_number: Any
) -> MunicipalityPage:
    """The municipality page's sections for `municipality` (already in `user`'s scope), with
    its initiatives' page `page_number` (a `?page=` value, anything `Paginator.get_page` takes).
    """
    # One query for the municipality's totals and its renumbering links. The totals (open
    # input, events with feedback overdue, the number of initiatives) come from the read model:
    # the initiatives are paginated, so they no longer add up to them; the open risk flags are
    # counted alongside. Renumbered municipalities link to each other: only those in the user's
    # scope are read, so only they get a link.
    rows = list(
        visible_municipalities(user)
        .filter(Q(pk=municipality.pk) | Q(successor=municipality) | Q(pk=municipality.successor_id))
        .annotate(
            **readmodel.municipality_figures(today),
            open_risk_count=Coalesce(
                _count(
                    RiskFlag.objects.filter(municipality=OuterRef("pk"), closed_on__isnull=True)
                ),
                0,
            ),
        )
        .order_by("-valid_to", "name")
    )
    own: Any = next(m for m in rows if m.pk == municipality.pk)  # annotated as above
    totals = {
        "initiative_count": int(own.initiative_count),
        "event_count": int(own.event_count),
        "open_input_count": int(own.open_input_count),
        "overdue_event_count": int(own.overdue_event_count),
    }
    open_risk_count = int(own.open_risk_count)
    predecessors = [m for m in rows if m.successor_id == municipality.pk]
    successor_visible = municipality.successor_id is not None and any(
        m.pk == municipality.successor_id for m in rows
    )
    # A big municipality has well over a thousand initiatives: a page of them at a time, the
    # count known already from the totals.
    initiatives = (
        Initiative.objects.filter(municipality=municipality)
        .only("reference", "name", "status", "is_example")  # the columns the table shows
        .annotate(**initiative_figures(today))
        .prefetch_related("target_groups")
        .order_by("name", "pk")
    )
    paginator = Paginator(initiatives, INITIATIVES_PAGE_SIZE)
    paginator.count = totals["initiative_count"]  # type: ignore[misc]  # cached_property, preset
    page = paginator.get_page(page_number)
    mine = Q(values__municipality=municipality)
    open_periods = (
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN)
        .annotate(
            draft_count=Count(
                "values", filter=mine & Q(values__status=IndicatorValue.Status.DRAFT)
            ),
            returned_count=Count(
                "values", filter=mine & Q(values__status=IndicatorValue.Status.RETURNED)
            ),
        )
        .order_by("deadline", "name")
    )
    agreements = ProgrammeAgreement.objects.filter(municipality=municipality).select_related(
        "previous"
    )
    # Oslo has close to two hundred open flags: the latest few, the rest on the risk-flag list.
    open_risks = RiskFlag.objects.filter(
        municipality=municipality, closed_on__isnull=True
    ).order_by("-raised_on", "-pk")[:OPEN_RISKS_SHOWN]
    # The participants are a subquery per event, so they are summed for the ten events shown
    # only (PostgreSQL evaluates it after the LIMIT), not for all of a big municipality's events.
    participants = (
        ParticipantCount.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(total=Sum("count"))
        .values("total")
    )
    recent_events = (
        InvolvementEvent.objects.filter(initiative__municipality=municipality)
        .select_related("initiative", "method")
        .annotate(
            participants=Subquery(participants, output_field=IntegerField()),
            is_overdue=feedback_overdue_flag(today),
        )
        .order_by("-date", "-start_time", "-pk")[:RECENT_EVENTS]
    )
    # The latest approved value of each indicator, by reporting period: only approved values
    # count where figures are shown (the values pages show every status). Ranked in one pass
    # over the municipality's approved values, not a subquery per value.
    indicator_values = (
        IndicatorValue.objects.approved()
        .filter(municipality=municipality)
        .annotate(
            latest=Window(
                RowNumber(),
                partition_by=F("indicator"),
                order_by=[F("period__start_date").desc(), F("pk").desc()],
            )
        )
        .filter(latest=1)
        .select_related("indicator", "period")
        .only(  # the columns the table shows
            "value",
            "status",
            "is_example",
            "indicator__name",
            "indicator__is_example",
            "indicator__unit",
            "indicator__direction",
            "indicator__baseline",
            "indicator__target",
            "period__name",
        )
        .order_by("indicator__name", "indicator")
    )
    return MunicipalityPage(
        predecessors=predecessors,
        successor_visible=successor_visible,
        totals=totals,
        open_risk_count=open_risk_count,
        page=page,
        initiatives=list(page.object_list),
        agreements=list(agreements),
        open_risks=list(open_risks),
        recent_events=list(recent_events),
        indicator_values=list(indicator_values),
        open_periods=list(open_periods),
        loop_closure_years=readmodel.loop_closure_by_year(municipality),
    )
