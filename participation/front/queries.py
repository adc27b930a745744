"""The advisers' dashboards: each municipality's status, and the region's sub-goal overview.

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
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from participation.accounts.access import visible_municipalities
from participation.places.models import Municipality, Region, SubGoal
from participation.programme.models import (
    Commitment,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
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
