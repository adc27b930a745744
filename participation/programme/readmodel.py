"""The indicator values' counts by status, read from the read model instead of counted.

`ValueStatusCount` (in `models.py`) holds, per reporting period and municipality, how many of
the municipality's values of the period are draft, submitted, approved and returned. The
database keeps it in the same transaction as every write to indicator values (triggers,
migration `0003_value_status_count_triggers`), so it is never stale. The review queue reads its
rows (one per period and municipality, about 17 000 at scale 1, instead of grouping about
500 000 values) and the reporting-period list its municipality's rows.

`IndicatorYearFigures` holds, per municipality and year (of the start of the values' reporting
period), the approved values of indicators with a target and how many of them reach it: the
dashboard's trend (`values_on_target_by_year_in`), kept by triggers on the values, the
indicators' targets and the periods' start dates (migration `0005_indicator_year_figures`).

The live queries (`live_review_rows`, `live_period_counts`, `live_values_on_target_by_year`)
are the definitions: `tests/values/test_read_model.py` and `tests/front/test_read_model.py`
hold the two to the same numbers. The triggers need
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
    Sum,
)
from django.db.models.functions import Coalesce, ExtractYear

from participation.accounts.access import AnyUser
from participation.places.models import Municipality
from participation.programme.models import (
    Indicator,
    IndicatorValue,
    IndicatorYearFigures,
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


# An approved value at target: at or above it where higher is better, at or below where lower is.
ON_TARGET = Q(
    indicator__direction=Indicator.Direction.HIGHER, value__gte=F("indicator__target")
) | Q(indicator__direction=Indicator.Direction.LOWER, value__lte=F("indicator__target"))


def values_on_target_by_year_in(
    municipalities: QuerySet[Municipality], first_year: int, last_year: int
) -> dict[int, tuple[int, int]]:
    """The approved values of indicators with a target, of each year from `first_year` to
    `last_year` (by the start of their reporting period), and how many are at target (`ON_TARGET`),
    summed over `municipalities` (already scoped): {year: (values, at target)}, years without
    values left out. One grouped query over a row per municipality and year."""
    scope = municipalities.order_by().values("pk")
    if not is_kept():
        return live_values_on_target_by_year(
            IndicatorValue.objects.filter(municipality__in=scope), first_year, last_year
        )
    rows = (
        IndicatorYearFigures.objects.filter(
            municipality__in=scope, year__gte=first_year, year__lte=last_year
        )
        .order_by()
        .values("year")
        .annotate(total=Sum("value_count"), on_target=Sum("on_target_count"))
        .values_list("year", "total", "on_target")
    )
    return {year: (int(total), int(on_target)) for year, total, on_target in rows if total}


def live_values_on_target_by_year(
    values: QuerySet[IndicatorValue], first_year: int, last_year: int
) -> dict[int, tuple[int, int]]:
    """`values_on_target_by_year_in` counted over `values` (already scoped): the definition."""
    rows = (
        values.filter(
            status=Status.APPROVED,
            indicator__target__isnull=False,
            period__start_date__year__gte=first_year,
            period__start_date__year__lte=last_year,
        )
        .order_by()
        .annotate(year=ExtractYear("period__start_date"))
        .values("year")
        .annotate(total=Count("pk"), on_target=Count("pk", filter=ON_TARGET))
        .values_list("year", "total", "on_target")
    )
    return {year: (total, on_target) for year, total, on_target in rows}


def rebuild() -> None:
    """Recompute the read models from the indicator values (one statement each)."""
    if not is_kept():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT programme_rebuild_value_status_counts()")
        cursor.execute("SELECT programme_rebuild_indicator_year_figures()")


def snapshot() -> set[tuple[str, int, int, int]]:
    """Every non-zero stored count as (status, municipality id, period id, count), and every
    non-zero figure of a year as (figure, municipality id, year, value)."""
    counts: set[tuple[str, int, int, int]] = set()
    names = [f"{s}_count" for s in STATUSES]
    for municipality, period, *values in ValueStatusCount.objects.values_list(
        "municipality", "period", *names
    ):
        counts |= {(s, municipality, period, v) for s, v in zip(STATUSES, values, strict=True) if v}
    for municipality, year, total, on_target in IndicatorYearFigures.objects.values_list(
        "municipality", "year", "value_count", "on_target_count"
    ):
        if total:
            counts.add(("values_of_year", municipality, year, total))
        if on_target:
            counts.add(("at_target_of_year", municipality, year, on_target))
    return counts
