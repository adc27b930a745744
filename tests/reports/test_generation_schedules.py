"""Report schedules: the default django-celery-beat rows (migration 0007) and what a scheduled
run asks for."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django_celery_beat.models import PeriodicTask

from housingapp.celery import app
from participation.places.models import Region
from participation.reports.models import ReportSnapshot
from participation.reports.tasks import generate_scheduled_reports

from .generation_support import STRATEGY, add_records, data_of, municipality

migration = importlib.import_module(
    "participation.reports.migrations.0002_default_report_schedules"
)

Status = ReportSnapshot.Status


@pytest.mark.django_db
def test_the_default_schedules_are_there_for_admins_to_edit() -> None:
    # when
    tasks = {
        task.name: task
        for task in PeriodicTask.objects.filter(
            task="participation.generate_scheduled_reports"
        ).select_related("crontab")
    }
    # then: quarterly municipal and regional reports on the 5th after each quarter, 05:00 Oslo,
    # and the yearly national report on 15 January at 05:30
    assert set(tasks) == {
        "Kvartalsrapporter for kommunene",
        "Kvartalsrapporter for regionene",
        "Årsrapport for landet",
    }
    municipal = tasks["Kvartalsrapporter for kommunene"]
    assert json.loads(municipal.kwargs) == {"scope_kind": "municipality", "period_kind": "quarter"}
    cron = municipal.crontab
    assert cron is not None
    assert (cron.minute, cron.hour, cron.day_of_month, cron.month_of_year) == (
        "0",
        "5",
        "5",
        "1,4,7,10",
    )
    assert str(cron.timezone) == "Europe/Oslo"
    assert json.loads(tasks["Kvartalsrapporter for regionene"].kwargs)["scope_kind"] == "region"
    national = tasks["Årsrapport for landet"]
    assert json.loads(national.kwargs) == {"scope_kind": "national", "period_kind": "year"}
    assert national.crontab is not None
    assert (national.crontab.minute, national.crontab.hour) == ("30", "5")
    assert (national.crontab.day_of_month, national.crontab.month_of_year) == ("15", "1")
    assert all(task.enabled for task in tasks.values())
    # and the tasks they name exist, as does the resend of waiting reports every minute
    assert "participation.generate_scheduled_reports" in app.tasks
    waiting = settings.CELERY_BEAT_SCHEDULE["dispatch-waiting-reports"]
    assert waiting["task"] == "participation.dispatch_waiting_reports"
    assert waiting["task"] in app.tasks
    assert waiting["schedule"].minute == set(range(60))


@pytest.mark.django_db
def test_the_schedule_migration_can_be_reversed_and_applied_again() -> None:
    # when
    migration.remove_schedules(apps, None)
    # then
    assert not PeriodicTask.objects.filter(name__in=migration.SCHEDULES).exists()
    # when
    migration.create_schedules(apps, None)
    migration.create_schedules(apps, None)  # twice: no duplicates
    # then
    assert PeriodicTask.objects.filter(name__in=migration.SCHEDULES).count() == 3


def test_a_scheduled_run_asks_for_the_last_ended_period_once(reference_data) -> None:  # type: ignore[no-untyped-def]
    # given records in Bodø and Asker in the first quarter of 2025
    add_records(municipality("1804"))
    add_records(municipality("3203"), name="Bolighjelpen")
    run: dict[str, Any] = {
        "kwargs": {
            "scope_kind": "municipality",
            "period_kind": "quarter",
            "strategy_code": STRATEGY,
            "today": "2025-04-05",
        },
        "headers": {"periodic_task_name": "Kvartalsrapporter for kommunene"},
    }
    # when the schedule fires (the tasks run in-process here) and fires again
    first = generate_scheduled_reports.apply_async(**run).get()
    second = generate_scheduled_reports.apply_async(**run).get()
    # then: one report per municipality with records, for Q1 2025, made once, by the schedule
    assert first == second == 2
    snapshots = ReportSnapshot.objects.order_by("municipality__number")
    assert [s.municipality.number for s in snapshots if s.municipality] == ["1804", "3203"]
    for snapshot in snapshots:
        assert (snapshot.period_start.isoformat(), snapshot.period_end.isoformat()) == (
            "2025-01-01",
            "2025-03-31",
        )
        assert snapshot.status == Status.DONE
        assert snapshot.requested_by is None
        assert snapshot.schedule_name == "Kvartalsrapporter for kommunene"
        assert snapshot.version == 1
        assert data_of(snapshot)["meta"]["generated_by"].endswith("Kvartalsrapporter for kommunene")


def test_scheduled_regional_and_national_reports_cover_every_region_and_the_country(
    reference_data,
) -> None:  # type: ignore[no-untyped-def]
    # given
    add_records(municipality("1804"))
    # when
    regional = generate_scheduled_reports.delay(
        "region", "year", strategy_code=STRATEGY, today="2026-01-15"
    ).get()
    national = generate_scheduled_reports.delay("national", "year", today="2026-01-15").get()
    # then
    assert regional == Region.objects.count()
    assert national == 1
    regions = ReportSnapshot.objects.filter(scope=ReportSnapshot.Scope.REGION)
    assert set(regions.values_list("region", flat=True)) == set(
        Region.objects.values_list("pk", flat=True)
    )
    country = ReportSnapshot.objects.get(scope=ReportSnapshot.Scope.NATIONAL)
    assert (country.period_start.isoformat(), country.period_end.isoformat()) == (
        "2025-01-01",
        "2025-12-31",
    )
    # without a strategy code: the strategy in force that year, else the latest begun
    assert country.strategy.code == STRATEGY
    assert set(ReportSnapshot.objects.values_list("status", flat=True)) == {Status.DONE}
