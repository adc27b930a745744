"""The read model (`participation.involvement.readmodel`) gives the numbers the live queries give.

The dashboard and the municipality page read their figures from it; the definitions stay the live
queries of `participation.involvement.definitions`. Held on the demo data, and on a generated
dataset after a random sequence of writes through the services (and the admin's plain saves and
deletes, and the event import), for several days as "today".

The dashboard's trends (`participation.front.trends`) read it and the indicator values' read
model (`participation.programme.readmodel`): for each role's scope and several days as "today",
they are the numbers the trends counted live before (`_live_trend`, the former queries over the
rows, word for word), also after writes of participant counts and of indicator values, targets
and periods. (A TRUNCATE, which only the tables' owner may do: `test_read_model_truncate.py`.)
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from participation.accounts.access import AnyUser, visible_municipalities
from participation.accounts.models import RoleAssignment
from participation.front.trends import YEARS, TrendYear, trend_years
from participation.involvement import readmodel
from participation.involvement.definitions import (
    OPEN_INPUT,
    feedback_overdue,
    loop_closure_by_year,
    municipality_figures,
)
from participation.involvement.models import (
    Initiative,
    Input,
    InvolvementEvent,
    MunicipalityFigures,
    ParticipantCount,
)
from participation.involvement.services.imports import import_events
from participation.involvement.services.initiatives import create_initiative, update_initiative
from participation.involvement.services.involvement import (
    add_inputs,
    create_event,
    duplicate_event,
    mark_feedback_given,
    update_event,
    update_input,
)
from participation.places.models import (
    Indicator,
    Method,
    Municipality,
    Region,
    TargetGroup,
    Theme,
)
from participation.programme import readmodel as programme_readmodel
from participation.programme.models import IndicatorValue, ReportingPeriod

pytestmark = pytest.mark.django_db

FIGURES = ("initiative_count", "event_count", "open_input_count", "overdue_event_count")


def _days() -> list[datetime.date]:
    """Days to ask about: the figures that depend on the day (feedback overdue) must follow it."""
    years = [
        due
        for due in InvolvementEvent.objects.values_list("feedback_due", flat=True)
        if due is not None
    ]
    today = timezone.localdate()
    days = [today, datetime.date(2000, 1, 1), today + datetime.timedelta(days=3650)]
    if years:
        days += [min(years), max(years), sorted(years)[len(years) // 2]]
    return days


def _per_municipality(
    municipalities: QuerySet[Municipality], annotations: dict[str, Any]
) -> dict[int, tuple[int, ...]]:
    return {
        m["pk"]: tuple(m[name] for name in FIGURES)
        for m in municipalities.annotate(**annotations).values("pk", *FIGURES)
    }


def _live_totals(municipalities: QuerySet[Municipality], today: datetime.date) -> dict[str, int]:
    scope = municipalities.values("pk")
    events = InvolvementEvent.objects.filter(initiative__municipality__in=scope)
    return {
        "municipalities": municipalities.count(),
        "initiatives": Initiative.objects.filter(municipality__in=scope).count(),
        "events": events.count(),
        "open_input": Input.objects.filter(
            OPEN_INPUT, event__initiative__municipality__in=scope
        ).count(),
        "overdue_events": events.filter(feedback_overdue(today)).count(),
    }


def assert_read_model_matches_live() -> None:
    every = Municipality.objects.all()
    scopes = [every, Municipality.objects.current()]
    with_data = list(every.filter(initiatives__isnull=False).distinct())
    if with_data:
        scopes.append(every.filter(pk__in=[m.pk for m in with_data[::2]]))
    for today in _days():
        assert _per_municipality(every, readmodel.municipality_figures(today)) == (
            _per_municipality(every, municipality_figures(today))
        ), today
        for scope in scopes:
            assert readmodel.scope_totals(scope, today) == _live_totals(scope, today), today
    # the lists' totals and their filters' municipalities
    for scope in scopes:
        assert readmodel.figure_total(scope, "initiative_count") == (
            Initiative.objects.filter(municipality__in=scope).count()
        )
        assert readmodel.figure_total(scope, "input_count") == (
            Input.objects.filter(event__initiative__municipality__in=scope).count()
        )
        assert set(readmodel.having(scope, "initiative_count")) == set(
            scope.filter(initiatives__isnull=False)
        )
        assert set(readmodel.having(scope, "input_count")) == set(
            scope.filter(initiatives__events__inputs__isnull=False)
        )
    # the dashboard's trend of input answered per year, summed over a scope
    for scope in scopes:
        for first_year in (2000, 2023):
            assert readmodel.loop_closure_by_year_in(scope, first_year) == loop_closure_by_year(
                InvolvementEvent.objects.filter(
                    initiative__municipality__in=scope, date__year__gte=first_year
                )
            ), first_year
    for municipality in with_data:
        assert readmodel.loop_closure_by_year(municipality) == loop_closure_by_year(
            InvolvementEvent.objects.filter(initiative__municipality=municipality)
        ), municipality
    # the dashboard's trends of events and participants, and of indicator values at target
    for scope in scopes:
        for first_year, last_year in ((2000, 2100), (2021, 2026), (2024, 2024)):
            assert readmodel.events_by_year_in(
                scope, first_year, last_year
            ) == readmodel.live_events_by_year(
                InvolvementEvent.objects.filter(initiative__municipality__in=scope),
                first_year,
                last_year,
            ), (first_year, last_year)
            assert programme_readmodel.values_on_target_by_year_in(
                scope, first_year, last_year
            ) == programme_readmodel.live_values_on_target_by_year(
                IndicatorValue.objects.filter(municipality__in=scope), first_year, last_year
            ), (first_year, last_year)
    # every event holds its initiative's municipality (the denormalised column the input's
    # scope and list read)
    assert not InvolvementEvent.objects.exclude(municipality=F("initiative__municipality")).exists()
    # and what the database kept is what a rebuild from the rows gives
    kept = readmodel.snapshot()
    readmodel.rebuild()
    assert readmodel.snapshot() == kept
    kept_values = programme_readmodel.snapshot()
    programme_readmodel.rebuild()
    assert programme_readmodel.snapshot() == kept_values


# The trends as the dashboard counted them live over the rows before the read models (the former
# `trend_years`, word for word but for the names): the numbers the page must keep showing.
_ON_TARGET = Q(
    indicator__direction=Indicator.Direction.HIGHER, value__gte=F("indicator__target")
) | Q(indicator__direction=Indicator.Direction.LOWER, value__lte=F("indicator__target"))


def _live_trend(user: AnyUser, today: datetime.date) -> list[TrendYear]:
    first = today.year - YEARS + 1
    in_years = {"date__year__gte": first, "date__year__lte": today.year}
    events = dict(
        InvolvementEvent.objects.visible_to(user)
        .filter(**in_years)
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    participants = dict(
        ParticipantCount.objects.visible_to(user)
        .filter(**{f"event__{key}": value for key, value in in_years.items()})
        .order_by()
        .annotate(year=ExtractYear("event__date"))
        .values("year")
        .annotate(n=Sum("count"))
        .values_list("year", "n")
    )
    loop = {
        row.year: row
        for row in loop_closure_by_year(
            InvolvementEvent.objects.filter(
                initiative__municipality__in=visible_municipalities(user).values("pk"),
                date__year__gte=first,
            )
        )
    }
    values = {
        row["year"]: row
        for row in IndicatorValue.objects.visible_to(user)
        .approved()
        .filter(
            indicator__target__isnull=False,
            period__start_date__year__gte=first,
            period__start_date__year__lte=today.year,
        )
        .order_by()
        .annotate(year=ExtractYear("period__start_date"))
        .values("year")
        .annotate(total=Count("pk"), on_target=Count("pk", filter=_ON_TARGET))
    }
    years = []
    for year in range(first, today.year + 1):
        of_year = values.get(year, {})
        closure = loop.get(year)
        years.append(
            TrendYear(
                year=year,
                events=events.get(year, 0),
                participants=int(participants.get(year) or 0),
                input_total=closure.input_total if closure else 0,
                input_answered=closure.input_answered if closure else 0,
                values_total=of_year.get("total", 0),
                values_on_target=of_year.get("on_target", 0),
            )
        )
    return years


def _trend_users(user_factory: Any) -> list[Any]:
    """An admin, an adviser and a viewer of the region with the most events, and staff of the
    municipality with the most events and of one with few."""
    Role = RoleAssignment.Role
    region = (
        Region.objects.annotate(n=Count("municipalities__initiatives__events"))
        .order_by("-n", "pk")
        .first()
    )
    by_events = Municipality.objects.annotate(n=Count("initiatives__events")).filter(n__gt=0)
    largest = by_events.order_by("-n", "pk").first()
    small = by_events.order_by("n", "pk").first()
    assert region is not None
    assert largest is not None
    assert small is not None
    return [
        user_factory(username="trend-admin", role=Role.ADMIN),
        user_factory(username="trend-adviser", role=Role.ADVISER, role__region=region),
        user_factory(username="trend-viewer", role=Role.VIEWER, role__region=region),
        user_factory(username="trend-large", role=Role.MUNICIPAL, role__municipality=largest),
        user_factory(username="trend-small", role=Role.MUNICIPAL, role__municipality=small),
    ]


def assert_trends_match_live(users: list[Any]) -> None:
    """Each user's trends, for several days as "today", are the live counts over the rows."""
    today = timezone.localdate()
    days = [today, datetime.date(2000, 1, 1), datetime.date(2022, 6, 30), today.replace(day=1)]
    days += [datetime.date(today.year + 1, 1, 1), datetime.date(2019, 12, 31)]
    for user in users:
        for day in days:
            assert trend_years(user, day) == _live_trend(user, day), (user.username, day)
    # and the years hold data (the comparison is not of zeros only)
    assert any(y.events and y.participants for y in trend_years(users[0], today))


def test_the_read_model_gives_the_live_numbers_on_the_demo_data(demo_data, user_factory):
    # given the demo data, loaded through the services
    assert Input.objects.exists()
    assert InvolvementEvent.objects.filter(feedback_given=None).exclude(feedback_due=None).exists()
    assert ParticipantCount.objects.exists()
    # then every figure, for every municipality and scope and day, is the live query's
    assert_read_model_matches_live()
    # and every role's trends on the dashboard are the live counts
    assert_trends_match_live(_trend_users(user_factory))


def _random_writes(rng: random.Random, steps: int) -> list[str]:
    """`steps` writes of every kind, on rows picked at random; returns what was done."""
    done: list[str] = []
    municipalities = list(Municipality.objects.current().order_by("pk")[:40])
    themes = list(Theme.objects.order_by("pk")[:5])
    groups = list(TargetGroup.objects.order_by("pk")[:3])
    roles = list(ParticipantCount.Role.values)
    method = Method.objects.order_by("pk").first()
    assert method is not None

    def some(queryset: QuerySet[Any]) -> Any:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:300])
        return queryset.model.objects.get(pk=rng.choice(ids)) if ids else None

    def a_day() -> datetime.date:
        return datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(3000))

    for _step in range(steps):
        kind = rng.choice(
            [
                "create initiative",
                "update initiative",
                "move initiative",
                "delete initiative",
                "create event",
                "update event",
                "move event",
                "duplicate event",
                "feedback given",
                "delete event",
                "add input",
                "update input",
                "move input",
                "delete input",
                "import",
                "counts",
                "bulk counts",
                "update counts",
                "delete counts",
            ]
        )
        initiative = some(Initiative.objects.all())
        event = some(InvolvementEvent.objects.all())
        item = some(Input.objects.all())
        if kind == "create initiative":
            create_initiative(
                rng.choice(municipalities), actor=None, name="Nytt tiltak", aim="Mål."
            )
        elif kind == "update initiative" and initiative:
            update_initiative(initiative, actor=None, name=initiative.name + " (endret)")
        elif kind == "move initiative" and initiative:
            # the admin may change an initiative's municipality (a plain save)
            initiative.municipality = rng.choice(municipalities)
            initiative.save()
        elif kind == "delete initiative" and initiative:
            initiative.delete()
        elif kind == "create event" and initiative:
            day = a_day()
            create_event(
                initiative,
                actor=None,
                title="Møte",
                date=day,
                method=method,
                feedback_due=rng.choice([None, day + datetime.timedelta(days=rng.randrange(90))]),
            )
        elif kind == "update event" and event:
            day = a_day()  # not after the feedback given, if it was
            if event.feedback_given is not None:
                day = min(day, event.feedback_given)
            update_event(
                event,
                actor=None,
                date=day,
                feedback_due=rng.choice([None, day + datetime.timedelta(days=30)]),
            )
        elif kind == "move event" and event and initiative:
            event.initiative = initiative
            event.save()
        elif kind == "duplicate event" and event:
            duplicate_event(event, actor=None)
        elif kind == "feedback given" and event:
            mark_feedback_given(
                event,
                actor=None,
                given_on=event.date + datetime.timedelta(days=rng.randrange(100)),
                how="Brev",
            )
        elif kind == "delete event" and event:
            event.delete()
        elif kind == "add input" and event:
            add_inputs(
                event,
                actor=None,
                items=[(rng.choice(themes), "Et innspill") for _ in range(rng.randrange(1, 4))],
            )
        elif kind == "update input" and item:
            status = rng.choice(Input.FollowUp.values)
            answer = rng.choice(["", "Svar gitt i møte."])
            update_input(item, actor=None, follow_up_status=status, answer=answer, answered_on=None)
        elif kind == "move input" and item and event:
            item.event = event
            item.save()
        elif kind == "delete input" and item:
            item.delete()
        elif kind == "import" and initiative:
            header = ["title", "date", "method", "feedback_due"]
            rows = [
                [f"Importert {n}", f"0{n + 1}.02.2024", method.code, "2024-03-15"]
                for n in range(rng.randrange(1, 4))
            ]
            import_events(initiative, actor=None, header=header, rows=rows)
        elif kind == "counts" and event:
            # the event form's count grid, through the service (cells created, changed, deleted)
            cells = {(g.pk, r) for g in groups for r in roles[:3]}
            counts = {cell: rng.choice([0, 0, 1, 7, 250]) for cell in cells}
            update_event(event, actor=None, counts=counts)
        elif kind == "bulk counts" and event:
            # a multi-row insert, as the event import writes the counts
            taken = set(event.participant_counts.values_list("target_group", "role"))
            ParticipantCount.objects.bulk_create(
                [
                    ParticipantCount(event=event, target_group=g, role=r, count=rng.randrange(50))
                    for g in groups
                    for r in roles[3:5]
                    if (g.pk, r) not in taken
                ]
            )
        elif kind == "update counts" and event:
            # a queryset update of many cells (and moved to another event)
            ParticipantCount.objects.filter(
                pk__in=ParticipantCount.objects.order_by("?").values("pk")[:5]
            ).update(count=F("count") + 3)
            cell = ParticipantCount.objects.order_by("?").first()
            if (
                cell is not None
                and not ParticipantCount.objects.filter(
                    event=event, target_group=cell.target_group_id, role=cell.role
                ).exists()
            ):
                cell.event = event
                cell.save()
        elif kind == "delete counts":
            ParticipantCount.objects.filter(
                pk__in=ParticipantCount.objects.order_by("?").values("pk")[:4]
            ).delete()
        else:
            continue
        done.append(kind)
    return done


def test_the_read_model_gives_the_live_numbers_after_random_writes(db, user_factory):
    # given a generated dataset (the bulk COPY loader)
    # (on top of the demo data when the module has loaded it: more to compare)
    call_command("generate_scale", scale=0.002, yes=True, verbosity=0)
    assert Input.objects.count() > 1000
    assert_read_model_matches_live()
    users = _trend_users(user_factory)
    assert_trends_match_live(users)
    # when a random sequence of writes goes through the services, the admin's saves and the
    # import
    rng = random.Random(11)
    done = _random_writes(rng, 200)
    # then every kind of write was made
    assert len(set(done)) == 19, sorted(set(done))
    # and the read model still gives the live numbers, and the trends the live counts
    assert_read_model_matches_live()
    assert_trends_match_live(users)
    # and so after indicator targets, directions and periods' start dates change (every value
    # of the indicator or period moves), and a value's figure, municipality and status
    today = timezone.localdate()
    indicators = list(
        Indicator.objects.filter(values__status="approved").distinct().order_by("pk")[:6]
    )
    assert len(indicators) == 6
    Indicator.objects.filter(pk=indicators[0].pk).update(target=None)
    Indicator.objects.filter(pk__in=[i.pk for i in indicators[1:3]]).update(target=7)
    Indicator.objects.filter(pk=indicators[3].pk).update(target=50, direction="lower")
    no_target = Indicator.objects.filter(target=None).first()
    if no_target is not None:
        Indicator.objects.filter(pk=no_target.pk).update(target=1, direction="higher")
    periods = list(ReportingPeriod.objects.filter(values__isnull=False).distinct()[:2])
    ReportingPeriod.objects.filter(pk=periods[0].pk).update(
        start_date=datetime.date(2001, periods[0].start_date.month, 2),
        end_date=datetime.date(2001, 12, 31),
    )
    ReportingPeriod.objects.filter(pk=periods[1].pk).update(
        start_date=datetime.date(today.year, 1, 2), end_date=datetime.date(today.year, 12, 31)
    )
    value = IndicatorValue.objects.filter(status="approved").order_by("pk").first()
    assert value is not None
    value.value = value.value + 1000
    value.save()
    IndicatorValue.objects.filter(
        pk__in=IndicatorValue.objects.filter(status="submitted").values("pk")[:20]
    ).update(status="approved")
    IndicatorValue.objects.filter(
        pk__in=IndicatorValue.objects.filter(status="approved").values("pk")[:5]
    ).delete()
    assert_read_model_matches_live()
    assert_trends_match_live(users)


def test_a_rebuild_repairs_figures_changed_behind_its_back(db, bodo, initiative_factory):
    # given an initiative, and its municipality's figures tampered with
    initiative_factory(municipality=bodo)
    MunicipalityFigures.objects.filter(municipality=bodo).update(initiative_count=99)
    with pytest.raises(Exception, match="differs"):
        call_command("rebuild_read_models", "--check", verbosity=0)
    # when rebuilt
    call_command("rebuild_read_models", verbosity=0)
    # then
    call_command("rebuild_read_models", "--check", verbosity=0)
    totals = readmodel.scope_totals(Municipality.objects.filter(pk=bodo.pk), timezone.localdate())
    assert totals["initiatives"] == Initiative.objects.filter(municipality=bodo).count() >= 1


def test_an_event_follows_its_initiative_to_another_municipality(
    db, bodo, asker, initiative_factory, event_factory
):
    # given an initiative of Bodø with an event, and another initiative of Asker
    initiative = initiative_factory(municipality=bodo)
    event = event_factory(initiative=initiative)
    other = initiative_factory(municipality=asker)
    assert InvolvementEvent.objects.get(pk=event.pk).municipality_id == bodo.pk
    # when the initiative moves by a queryset update (no save() of either row)
    Initiative.objects.filter(pk=initiative.pk).update(municipality=asker)
    # then its event follows, and its input is in Asker's scope
    assert InvolvementEvent.objects.get(pk=event.pk).municipality_id == asker.pk
    # when the event moves to another initiative by a queryset update
    Initiative.objects.filter(pk=initiative.pk).update(municipality=bodo)
    InvolvementEvent.objects.filter(pk=event.pk).update(initiative=other)
    # then it takes that initiative's municipality
    assert InvolvementEvent.objects.get(pk=event.pk).municipality_id == asker.pk
