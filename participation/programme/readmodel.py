"""The indicator values' counts by status, read from the read model instead of counted.

`ValueStatusCount` (in `models.py`) holds, per reporting period and municipality, how many of
the municipality's values of the period are draft, submitted, approved and returned. The
database keeps it in the same transaction as every write to indicator values (triggers,
migration `0003_value_status_count_triggers`), so it is never stale. The review queue reads its
rows (one per period and municipality, about 17 000 at scale 1, instead of grouping about
500 000 values) and the reporting-period list its municipality's rows.

The live queries (`live_review_rows`, `live_period_counts`) are the definitions:
`tests/values/test_read_model.py` holds the two to the same numbers. The triggers need
PostgreSQL: on SQLite (`make run`'s embedded default, a small database) these functions count
live instead.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from participation.accounts.access import AnyUser
from participation.places.models import Municipality
from participation.programme.models import (
    Indicator,
    IndicatorValue,
    ReportingPeriod,
    ValueStatusCount,
)

Status = IndicatorValue.Status
STATUSES = ("draft", "submitted", "approved", "returned")
REVIEWED = (Status.SUBMITTED, Status.APPROVED, Status.RETURNED)

# The review queue's rows, newest period first (then by name), most submitted first, then by
# municipality name.
REVIEW_FIELDS = (
    "period_id",
    "period__name",
    "period__start_date",
    "municipality_id",
    "municipality__number",
    "municipality__name",
)
REVIEW_ORDER = (
    "-period__start_date",
    "period__name",
    "period_id",
    "-submitted",
    "municipality__name",
    "municipality_id",
)


def is_kept() -> bool:
    """Whether the database keeps the read model (PostgreSQL; see the module docstring)."""
    return connection.vendor == "postgresql"


def review_rows(user: AnyUser) -> QuerySet[Any]:
    """The review queue: per (period, municipality) in the user's scope with any value
    submitted, approved or returned, a dict of `REVIEW_FIELDS` and the three counts, in the
    queue's order. From the read model: a row per pair, not a group of values."""
    if not is_kept():
        return live_review_rows(user)
    return (
        ValueStatusCount.objects.visible_to(user)
        .filter(Q(submitted_count__gt=0) | Q(approved_count__gt=0) | Q(returned_count__gt=0))
        .annotate(
            submitted=F("submitted_count"),
            approved=F("approved_count"),
            returned=F("returned_count"),
        )
        .values(*REVIEW_FIELDS, "submitted", "approved", "returned")
        .order_by(*REVIEW_ORDER)
    )


def live_review_rows(user: AnyUser) -> QuerySet[Any]:
    """`review_rows` counted over the values (the definition)."""
    return (
        IndicatorValue.objects.visible_to(user)
        .filter(status__in=REVIEWED)
        .values(*REVIEW_FIELDS)
        .annotate(
            submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            returned=Count("pk", filter=Q(status=Status.RETURNED)),
        )
        .order_by(*REVIEW_ORDER)
    )


def _indicator_count() -> Coalesce:
    counted = (
        Indicator.objects.filter(strategy=OuterRef("strategy"))
        .order_by()
        .values("strategy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def periods_with_counts(municipality: Municipality) -> QuerySet[ReportingPeriod]:
    """The reporting periods that are or were open (not planned), newest first, each annotated
    with its strategy's `indicator_count` and the municipality's values in it by status
    (`draft_count`, `submitted_count`, `approved_count`, `returned_count`). One query: a join
    to the municipality's read-model row of each period."""
    if not is_kept():
        return live_period_counts(municipality)
    return (
        ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.PLANNED)
        .select_related("strategy")
        .alias(
            mine=FilteredRelation(
                "status_counts", condition=Q(status_counts__municipality=municipality)
            )
        )
        .annotate(
            indicator_count=_indicator_count(),
            **{f"{s}_count": Coalesce(F(f"mine__{s}_count"), 0) for s in STATUSES},
        )
        .order_by("-start_date", "name")
    )


def live_period_counts(municipality: Municipality) -> QuerySet[ReportingPeriod]:
    """`periods_with_counts` counted over the values (the definition)."""

    def count(status: str) -> Coalesce:
        counted = (
            IndicatorValue.objects.filter(
                municipality=municipality, status=status, period=OuterRef("pk")
            )
            .order_by()
            .values("period")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return (
        ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.PLANNED)
        .select_related("strategy")
        .annotate(
            indicator_count=_indicator_count(),
            **{f"{s}_count": count(s) for s in STATUSES},
        )
        .order_by("-start_date", "name")
    )


def rebuild() -> None:
    """Recompute the read model from the indicator values (one statement)."""
    if not is_kept():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT programme_rebuild_value_status_counts()")


def snapshot() -> set[tuple[str, int, int, int]]:
    """Every non-zero stored count as (status, municipality id, period id, count)."""
    counts: set[tuple[str, int, int, int]] = set()
    names = [f"{s}_count" for s in STATUSES]
    for municipality, period, *values in ValueStatusCount.objects.values_list(
        "municipality", "period", *names
    ):
        counts |= {(s, municipality, period, v) for s, v in zip(STATUSES, values, strict=True) if v}
    return counts
