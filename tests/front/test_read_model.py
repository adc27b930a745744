"""The read model (`participation.involvement.readmodel`) gives the numbers the live queries give.

The dashboard and the municipality page read their figures from it; the definitions stay the live
queries of `participation.involvement.definitions`. Held on the demo data, and on a generated
dataset after a random sequence of writes through the services (and the admin's plain saves and
deletes, and the event import), for several days as "today".
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F, QuerySet
from django.utils import timezone

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
from participation.places.models import Method, Municipality, Theme

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
    # every event holds its initiative's municipality (the denormalised column the input's
    # scope and list read)
    assert not InvolvementEvent.objects.exclude(municipality=F("initiative__municipality")).exists()
    # and what the database kept is what a rebuild from the rows gives
    kept = readmodel.snapshot()
    readmodel.rebuild()
    assert readmodel.snapshot() == kept


def test_the_read_model_gives_the_live_numbers_on_the_demo_data(demo_data):
    # given the demo data, loaded through the services
    assert Input.objects.exists()
    assert InvolvementEvent.objects.filter(feedback_given=None).exclude(feedback_due=None).exists()
    # then every figure, for every municipality and scope and day, is the live query's
    assert_read_model_matches_live()


def _random_writes(rng: random.Random, steps: int) -> list[str]:
    """`steps` writes of every kind, on rows picked at random; returns what was done."""
    done: list[str] = []
    municipalities = list(Municipality.objects.current().order_by("pk")[:40])
    themes = list(Theme.objects.order_by("pk")[:5])
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
        else:
            continue
        done.append(kind)
    return done


def test_the_read_model_gives_the_live_numbers_after_random_writes(db):
    # given a generated dataset (the bulk COPY loader)
    # (on top of the demo data when the module has loaded it: more to compare)
    call_command("generate_scale", scale=0.002, yes=True, verbosity=0)
    assert Input.objects.count() > 1000
    assert_read_model_matches_live()
    # when a random sequence of writes goes through the services, the admin's saves and the
    # import
    rng = random.Random(11)
    done = _random_writes(rng, 150)
    # then every kind of write was made
    assert len(set(done)) == 15, sorted(set(done))
    # and the read model still gives the live numbers
    assert_read_model_matches_live()


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
