"""The value-status read model (`participation.programme.readmodel`) gives the live numbers.

The review queue and the reporting-period list read the indicator values' counts by status from
it, and the dashboard's trend the approved values at target per year; the live queries
(`live_review_rows`, `live_period_counts`, `live_values_on_target_by_year`) are the definitions. Held on the
demo data, and on a generated dataset after a random sequence of writes through the services
(save, submit, approve, return, approve all) and the admin's plain saves, moves and deletes.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from participation.accounts.access import visible_municipalities
from participation.accounts.models import RoleAssignment
from participation.front import todo
from participation.places.models import Indicator, Municipality, Region
from participation.programme import readmodel
from participation.programme.models import IndicatorValue, ReportingPeriod, ValueStatusCount
from participation.programme.services import values as service
from participation.programme.services.values import Entry, ValuesError

pytestmark = pytest.mark.django_db

Role = RoleAssignment.Role
Status = IndicatorValue.Status
COUNTS = ("pk", "indicator_count", "draft_count", "submitted_count", "approved_count")


def _periods(queryset: Any) -> list[tuple[Any, ...]]:
    return [(*(getattr(p, name) for name in COUNTS), p.returned_count) for p in queryset]


def assert_read_model_matches_live(users: list[Any]) -> None:
    for user in users:
        assert list(readmodel.review_rows(user)) == list(readmodel.live_review_rows(user)), user
        # and the menu's task count, whose values come from the read model, counts live
        live = (
            todo.open_commitments(user).count()
            + todo.returned_values(user).count()
            + todo.feedback_owed(user).count()
            + todo.values_to_review(user).count()
        )
        assert todo.task_count(user) == live, user

        # and "My tasks"' values to review (ties on names broken the same way: by the ids)
        def rows(queryset: Any) -> list[Any]:
            return list(
                queryset.order_by(
                    "period__name", "municipality__name", "period_id", "municipality_id"
                )
            )

        assert rows(todo.review_counts(user)) == rows(todo.live_review_counts(user)), user
    with_values = Municipality.objects.filter(indicator_values__isnull=False).distinct()
    without = Municipality.objects.exclude(indicator_values__isnull=False)[:1]
    for municipality in [*with_values, *without]:
        assert _periods(readmodel.periods_with_counts(municipality)) == _periods(
            readmodel.live_period_counts(municipality)
        ), municipality
    # the dashboard's trend of values at target per year, for every role's scope
    for user in users:
        scope = visible_municipalities(user)
        for first_year, last_year in ((2000, 2100), (2024, 2026)):
            assert readmodel.values_on_target_by_year_in(
                scope, first_year, last_year
            ) == readmodel.live_values_on_target_by_year(
                IndicatorValue.objects.visible_to(user), first_year, last_year
            ), user
    # and what the database kept is what a rebuild from the values gives
    kept = readmodel.snapshot()
    readmodel.rebuild()
    assert readmodel.snapshot() == kept


def _users(admin_user: Any, user_factory: Any) -> list[Any]:
    """An admin, an adviser of a region and municipal staff of a municipality with values."""
    users = [admin_user]
    region = Region.objects.filter(municipalities__indicator_values__isnull=False).first()
    municipality = Municipality.objects.filter(indicator_values__isnull=False).first()
    assert region is not None
    assert municipality is not None
    adviser = user_factory(username="adviser-of-region", role=Role.ADVISER, role__region=region)
    staff = user_factory(
        username="staff-of-municipality", role=Role.MUNICIPAL, role__municipality=municipality
    )
    return [*users, adviser, staff]


def test_the_read_model_gives_the_live_numbers_on_the_demo_data(
    demo_data, admin_user, user_factory
):
    # given the demo data, with values in every status the review queue shows
    assert IndicatorValue.objects.filter(status=Status.APPROVED).exists()
    # then the review queue and the period list, for every role's scope, are the live queries'
    assert_read_model_matches_live(_users(admin_user, user_factory))


def _random_writes(rng: random.Random, steps: int) -> list[str]:
    """`steps` writes of every kind, on values picked at random; returns what was done."""
    done: list[str] = []
    municipalities = list(Municipality.objects.current().order_by("pk")[:30])

    def some_value(**filters: Any) -> IndicatorValue | None:
        ids = list(
            IndicatorValue.objects.filter(**filters)
            .order_by("pk")
            .values_list("pk", flat=True)[:300]
        )
        return IndicatorValue.objects.get(pk=rng.choice(ids)) if ids else None

    for _step in range(steps):
        kind = rng.choice(
            ["save", "submit", "approve", "return", "approve all", "edit", "move", "delete"]
        )
        period = rng.choice(list(ReportingPeriod.objects.all()))
        if kind in ("save", "submit") and period.status == ReportingPeriod.Status.OPEN:
            indicators = list(Indicator.objects.filter(strategy=period.strategy_id)[:8])
            entries = [
                Entry(indicator=i, value=Decimal(rng.randrange(100)))
                for i in rng.sample(indicators, min(3, len(indicators)))
            ]
            save = service.submit if kind == "submit" else service.save_draft
            try:
                save(rng.choice(municipalities), actor=None, period=period, entries=entries)
            except ValuesError:
                continue  # e.g. an approved value cannot be changed
        elif kind in ("approve", "return") and (value := some_value(status=Status.SUBMITTED)):
            if kind == "approve":
                service.approve(value, actor=None)
            else:
                service.return_value(value, actor=None, comment="Sjekk tallet.")
        elif kind == "approve all" and (value := some_value(status=Status.SUBMITTED)):
            service.approve_all(value.municipality, actor=None, period=value.period)
        elif kind == "edit" and (value := some_value()):
            # the admin may change a value's status or period (a plain save)
            value.status = rng.choice(Status.values)
            value.save()
        elif kind == "move" and (value := some_value()):
            target = rng.choice(municipalities)
            if not IndicatorValue.objects.filter(
                municipality=target, indicator=value.indicator_id, period=value.period_id
            ).exists():
                value.municipality = target
                value.save()
            else:
                continue
        elif kind == "delete" and (value := some_value()):
            value.delete()
        else:
            continue
        done.append(kind)
    # and a multi-row update and delete, as the admin's bulk actions write
    IndicatorValue.objects.filter(
        pk__in=IndicatorValue.objects.filter(status=Status.SUBMITTED).values("pk")[:20]
    ).update(status=Status.APPROVED)
    IndicatorValue.objects.filter(
        pk__in=IndicatorValue.objects.filter(status=Status.DRAFT).values("pk")[:10]
    ).delete()
    return done


def test_the_read_model_gives_the_live_numbers_after_random_writes(db, admin_user, user_factory):
    # given a generated dataset (the bulk COPY loader)
    call_command("generate_scale", scale=0.002, yes=True, verbosity=0)
    assert IndicatorValue.objects.count() > 500
    ReportingPeriod.objects.filter(
        pk__in=ReportingPeriod.objects.order_by("-start_date").values("pk")[:4]
    ).update(status=ReportingPeriod.Status.OPEN)
    users = _users(admin_user, user_factory)
    assert_read_model_matches_live(users)
    # when a random sequence of writes goes through the services and the admin's saves
    done = _random_writes(random.Random(11), 200)
    # then every kind of write was made
    assert len(set(done)) == 8, sorted(set(done))
    # and the read model still gives the live numbers
    assert_read_model_matches_live(users)


def test_a_rebuild_repairs_counts_changed_behind_their_back(demo_data):
    # given the counts of a municipality tampered with
    row = ValueStatusCount.objects.exclude(approved_count=0).first()
    assert row is not None
    ValueStatusCount.objects.filter(pk=row.pk).update(approved_count=999)
    with pytest.raises(Exception, match="differs"):
        call_command("rebuild_read_models", "--check", verbosity=0)
    # when rebuilt
    call_command("rebuild_read_models", verbosity=0)
    # then
    call_command("rebuild_read_models", "--check", verbosity=0)
    row = ValueStatusCount.objects.get(municipality=row.municipality_id, period=row.period_id)
    assert (
        row.approved_count
        == IndicatorValue.objects.filter(
            municipality=row.municipality_id, period=row.period_id, status=Status.APPROVED
        ).count()
    )
