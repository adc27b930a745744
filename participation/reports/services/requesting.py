"""Asking for a report, by a user or a schedule: the snapshot for a scope, period, strategy and
language, created and sent to the workers if needed (see the package docstring).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q

from participation.involvement.models import Initiative
from participation.places.models import Municipality, Region, Strategy
from participation.programme.models import IndicatorValue
from participation.reports.models import ReportSnapshot
from participation.reports.params import Period, ReportScope

from .dispatch import dispatch
from .locks import REQUEST_LOCK_NAMESPACE, on_postgresql

logger = logging.getLogger(__name__)

Status = ReportSnapshot.Status


def request_report(
    *,
    actor: User | None,
    scope: ReportScope,
    period: Period,
    strategy: Strategy,
    language: str,
    new_version: bool = False,
    schedule_name: str = "",
) -> ReportSnapshot:
    """The snapshot for these parameters, created and queued if needed (see the module
    docstring). The task is sent after the transaction commits; when the broker is down the
    snapshot waits with `dispatched_at` None (see `is_waiting_for_broker`)."""
    with transaction.atomic():
        # Two requests for the same report at once must not both make version 1. (The
        # embedded SQLite default has one writer at a time and needs no lock.)
        if on_postgresql():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                    [REQUEST_LOCK_NAMESPACE, _identity(scope, period, strategy, language)],
                )
        same = ReportSnapshot.objects.filter(
            scope=scope.kind,
            municipality=scope.municipality,
            region=scope.region,
            strategy=strategy,
            period_start=period.start,
            period_end=period.end,
            language=language,
        )
        latest = same.order_by("-version").select_for_update().first()
        if latest is not None and not (new_version and latest.status == Status.DONE):
            if latest.status == Status.FAILED:
                _requeue(latest, actor=actor, schedule_name=schedule_name)
            # Waiting for the broker, or put back in the queue after its worker died (the note
            # in `error`, services/dispatch.py): asking again sends it now.
            if latest.status == Status.QUEUED and (latest.dispatched_at is None or latest.error):
                transaction.on_commit(lambda: dispatch(latest))
            return latest
        snapshot = ReportSnapshot.objects.create(
            scope=scope.kind,
            municipality=scope.municipality,
            region=scope.region,
            strategy=strategy,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            language=language,
            version=latest.version + 1 if latest else 1,
            requested_by=actor,
            schedule_name=schedule_name,
            parameters=_parameters(scope, period, strategy, language),
        )
        transaction.on_commit(lambda: dispatch(snapshot))
    return snapshot


def _identity(scope: ReportScope, period: Period, strategy: Strategy, language: str) -> str:
    place = scope.municipality.pk if scope.municipality else scope.region.pk if scope.region else ""
    return f"{scope.kind}:{place}:{strategy.pk}:{period.start}:{period.end}:{language}"


def _parameters(
    scope: ReportScope, period: Period, strategy: Strategy, language: str
) -> dict[str, Any]:
    """What the report was asked for, readable without the database."""
    return {
        "scope": scope.kind,
        "municipality": scope.municipality.number if scope.municipality else None,
        "region": scope.region.code if scope.region else None,
        "place": scope.name,
        "strategy": strategy.code,
        "period_kind": period.kind,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "language": language,
    }


def _requeue(snapshot: ReportSnapshot, *, actor: User | None, schedule_name: str) -> None:
    """A failed snapshot, queued again for whoever asked this time."""
    snapshot.status = Status.QUEUED
    snapshot.error = ""
    snapshot.progress = 0
    snapshot.progress_step = ""
    snapshot.attempts = 0
    snapshot.dispatched_at = None
    snapshot.task_id = ""
    snapshot.started_at = None
    snapshot.finished_at = None
    snapshot.notified_at = None
    snapshot.requested_by = actor
    snapshot.schedule_name = schedule_name
    snapshot.save(
        update_fields=[
            "status",
            "error",
            "progress",
            "progress_step",
            "attempts",
            "dispatched_at",
            "task_id",
            "started_at",
            "finished_at",
            "notified_at",
            "requested_by",
            "schedule_name",
            "updated_at",
        ]
    )


def is_waiting_for_broker(snapshot: ReportSnapshot) -> bool:
    """Queued, but the broker could not be reached when it was sent."""
    return snapshot.status == Status.QUEUED and snapshot.dispatched_at is None


def scope_of(snapshot: ReportSnapshot) -> ReportScope:
    return ReportScope.of(snapshot)


def period_of(snapshot: ReportSnapshot) -> Period:
    return Period(snapshot.period_kind, snapshot.period_start, snapshot.period_end)


# Scheduled reports ----------------------------------------------------------------------------


def request_scheduled_reports(
    *,
    scope_kind: str,
    period_kind: str,
    schedule_name: str,
    today: datetime.date,
    strategy_code: str | None = None,
) -> list[ReportSnapshot]:
    """The reports of the last ended period for every place of `scope_kind`: each current
    municipality with records in the strategy, each region, or the country. Asking again
    returns the existing snapshots, so a repeated run makes nothing new."""
    period = Period.last_ended(period_kind, today)
    strategy = strategy_for(period, strategy_code)
    if strategy is None:
        logger.warning("Scheduled reports %s: no strategy to report on.", schedule_name)
        return []
    scopes: Iterable[ReportScope]
    if scope_kind == ReportSnapshot.Scope.MUNICIPALITY:
        scopes = (ReportScope.for_municipality(m) for m in municipalities_with_records(strategy))
    elif scope_kind == ReportSnapshot.Scope.REGION:
        scopes = (ReportScope.for_region(r) for r in Region.objects.order_by("name"))
    elif scope_kind == ReportSnapshot.Scope.NATIONAL:
        scopes = [ReportScope.national()]
    else:
        raise ValueError(f"Unknown report scope {scope_kind!r}")
    return [
        request_report(
            actor=None,
            scope=scope,
            period=period,
            strategy=strategy,
            language=settings.LANGUAGE_CODE,
            schedule_name=schedule_name,
        )
        for scope in scopes
    ]


def strategy_for(period: Period, code: str | None = None) -> Strategy | None:
    """The strategy named by `code`; by default the one in force in the period's last year, or,
    when none is (a gap before the next strategy), the latest that began before it."""
    if code:
        return Strategy.objects.filter(code=code).first()
    year = period.end.year
    begun = Strategy.objects.filter(start_year__lte=year).order_by("-start_year")
    return begun.filter(end_year__gte=year).first() or begun.first()


def municipalities_with_records(strategy: Strategy) -> Iterable[Municipality]:
    """Current municipalities with an initiative serving the strategy's goals or priority areas,
    or an indicator value of its indicators."""
    serving = Initiative.objects.filter(
        Q(goals__strategy=strategy) | Q(priority_areas__strategy=strategy),
        municipality=OuterRef("pk"),
    )
    valued = IndicatorValue.objects.filter(
        indicator__strategy=strategy, municipality=OuterRef("pk")
    )
    return (
        Municipality.objects.current()
        .filter(Exists(serving) | Exists(valued))
        .select_related("region")
        .order_by("number")
    )
