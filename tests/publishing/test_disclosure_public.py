"""The disclosure attack (tests/reports/test_disclosure_attack.py) with the public pages added:
every initiative of the demo data published with every event (the worst case), so that anyone
can read each event's "how many took part" from the open data, beside the reports a region
viewer or a municipal user sees. The attacker relates each municipality's people in the period
to the sum of its events' figures and tries every subtraction, as there; no true count from 1 to
4 of a municipality the user may not see in full may come out certain.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Q, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.publishing.services import publish_initiative
from tests.reports.test_disclosure_attack import (
    Attacker,
    World,
    build_world,
    busiest_periods,
    check,
    see_own,
    see_protected,
    strategy_in_use,
)

pytestmark = pytest.mark.django_db


def public_people() -> dict[int, object]:
    """Each published event's "took part", as the open data (the same as the pages) shows it."""
    data = json.loads(Client().get(reverse("participation:public-open-data-json")).content)
    return {
        event["id"]: event["participants"]
        for initiative in data["initiatives"]
        for event in initiative["events"]
    }


def see_public(
    attacker: Attacker, world: World, shown: dict[int, object], skip: int | None
) -> None:
    """The public figures, and each municipality's people in the period as the sum of its
    events' (the events of initiatives serving the strategy, in the period: the reports' rule)."""
    start, end = world.period.start, world.period.end
    serving = Q(initiative__goals__strategy=world.strategy) | Q(
        initiative__priority_areas__strategy=world.strategy
    )
    in_reports = set(
        InvolvementEvent.objects.filter(serving, date__gte=start, date__lte=end).values_list(
            "pk", flat=True
        )
    )
    by_municipality: dict[int, list[int]] = defaultdict(list)
    for pk, m in InvolvementEvent.objects.values_list("pk", "initiative__municipality"):
        if m == skip:
            continue  # the user's own events: theirs to see in full
        attacker.see(("event", pk, "people"), shown[pk])  # type: ignore[arg-type]
        if pk in in_reports:
            by_municipality[m].append(pk)
    for m, events in by_municipality.items():
        attacker.relate(("m", m, "people"), [("event", pk, "people") for pk in events])


def test_the_public_pages_give_no_small_count_away_beside_the_reports() -> None:
    call_command("load_demo", "--force", verbosity=0)
    for initiative in Initiative.objects.all():
        publish_initiative(
            initiative,
            actor=None,
            events=list(initiative.events.all()),
            inputs=list(Input.objects.filter(event__initiative=initiative)),
        )
    shown = public_people()
    assert len(shown) == InvolvementEvent.objects.count()

    today = timezone.localdate()
    strategy = strategy_in_use()
    (year,) = busiest_periods(["year"])
    world = build_world(strategy, year, today)
    for pk, total in InvolvementEvent.objects.annotate(
        n=Sum("participant_counts__count")
    ).values_list("pk", "n"):
        world.truth[("event", pk, "people")] = float(total or 0)
    worlds = {year.label: world}

    aimed = 0
    published: dict = {}  # every protected figure seen, with its true value (unused here)
    for region in world.regions:
        viewer = Attacker(period=year.label)
        see_protected(viewer, world, world.regions[region], ("R", region))
        see_protected(viewer, world, world.national, ("N",))
        see_public(viewer, world, shown, None)
        aimed += check(viewer, worlds, None, f"viewer of region {region}", published)
    for m in world.own:
        user = Attacker(period=year.label)
        see_own(user, world, m)
        see_protected(user, world, world.national, ("N",))
        see_public(user, world, shown, m)
        aimed += check(user, worlds, m, f"municipal user of {m}", published)
    assert aimed > 0  # small counts were aimed at, among them the public ones
    assert any(0 < v < 5 for k, v in world.truth.items() if k[0] == "event")
