"""Load the reference data: regions, counties, municipalities, strategies and vocabularies.

Idempotent: every row is keyed on its natural key (a number or a code), so a second run adds
none. Places and strategies are brought back in line with the data files; vocabularies, which
admins edit, only get entries that are missing. The places (about 400 rows) are written in bulk; the strategies
(a few dozen rows) row by row with `update_or_create`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from participation.places.data import MUNICIPALITIES_CSV
from participation.places.data import reference as data
from participation.places.models import (
    County,
    Factor,
    Goal,
    Indicator,
    Instrument,
    Method,
    Municipality,
    ParticipationForm,
    PriorityArea,
    Region,
    ResultTarget,
    Strategy,
    SubGoal,
    SuccessCriterion,
    TargetGroup,
    Theme,
)

M = TypeVar("M", bound=models.Model)


class ReferenceDataError(Exception):
    """The reference data files contradict themselves (e.g. a county with two names)."""


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update all reference data; return the number of rows of each kind."""
    regions = _sync(Region, "code", data.REGIONS)
    csv_rows = _read_municipality_csv()
    counties = _load_counties(csv_rows, regions)
    _load_municipalities(csv_rows, counties, regions)
    _load_strategies()
    _load_vocabularies()
    return reference_counts()


def reference_counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "counties": County.objects.count(),
        "current_counties": County.objects.filter(valid_to__isnull=True).count(),
        "municipalities": Municipality.objects.count(),
        "current_municipalities": Municipality.objects.current().count(),
        "strategies": Strategy.objects.count(),
        "goals": Goal.objects.count(),
        "priority_areas": PriorityArea.objects.count(),
        "sub_goals": SubGoal.objects.count(),
        "result_targets": ResultTarget.objects.count(),
        "success_criteria": SuccessCriterion.objects.count(),
        "indicators": Indicator.objects.count(),
        "target_groups": TargetGroup.objects.count(),
        "methods": Method.objects.count(),
        "participation_forms": ParticipationForm.objects.count(),
        "themes": Theme.objects.count(),
        "factors": Factor.objects.count(),
        "instruments": Instrument.objects.count(),
    }


# --- places ----------------------------------------------------------------------------------------


def _read_municipality_csv() -> list[dict[str, str]]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    expected = {"kommunenummer", "navn", "fylkesnummer", "fylke"}
    if not rows or set(rows[0]) != expected:
        raise ReferenceDataError(f"{MUNICIPALITIES_CSV.name} must have the columns {expected}.")
    return rows


def _load_counties(csv_rows: list[dict[str, str]], regions: dict[str, Region]) -> dict[str, County]:
    current: dict[str, str] = {}
    for row in csv_rows:
        number, name = row["fylkesnummer"], row["fylke"]
        if current.setdefault(number, name) != name:
            raise ReferenceDataError(
                f"County {number} has two names: {current[number]!r}, {name!r}."
            )
    rows: list[dict[str, Any]] = [
        {
            "number": number,
            "name": name,
            "region_id": regions[data.COUNTY_REGION[number]].pk,
            "valid_from": data.CURRENT_COUNTY_VALID_FROM.get(number),
            "valid_to": None,
        }
        for number, name in sorted(current.items())
    ]
    for county in data.HISTORICAL_COUNTIES:
        if county["number"] in current:
            raise ReferenceDataError(f"County {county['number']} is both current and historical.")
        rows.append({**county, "region_id": regions[data.COUNTY_REGION[county["number"]]].pk})
    return _sync(County, "number", rows)


def _load_municipalities(
    csv_rows: list[dict[str, str]], counties: dict[str, County], regions: dict[str, Region]
) -> None:
    rows: list[dict[str, Any]] = []
    for row in csv_rows:
        county = counties[row["fylkesnummer"]]
        valid_from: date | None = data.CURRENT_MUNICIPALITY_VALID_FROM.get(row["kommunenummer"])
        if valid_from is None and county.number in data.RENUMBERED_WITH_COUNTY:
            valid_from = county.valid_from
        rows.append(
            {
                "number": row["kommunenummer"],
                "name": row["navn"],
                "county_id": county.pk,
                "region_id": county.region_id,
                "valid_from": valid_from,
                "valid_to": None,
            }
        )
    for old in data.HISTORICAL_MUNICIPALITIES:
        county = counties[old["county"]]
        rows.append(
            {
                "number": old["number"],
                "name": old["name"],
                "county_id": county.pk,
                "region_id": county.region_id,
                "valid_from": old.get("valid_from"),
                "valid_to": old["valid_to"],
            }
        )
    municipalities = _sync(Municipality, "number", rows)

    # Successors need the rows above to exist first.
    changed = []
    for old in data.HISTORICAL_MUNICIPALITIES:
        municipality = municipalities[old["number"]]
        successor_id = municipalities[old["successor"]].pk
        if municipality.successor_id != successor_id:
            municipality.successor_id = successor_id
            municipality.updated_at = timezone.now()
            changed.append(municipality)
    Municipality.objects.bulk_update(changed, ["successor", "updated_at"])


# --- strategies ------------------------------------------------------------------------------------


def _load_strategies() -> None:
    priority_areas: dict[tuple[str, str], PriorityArea] = {}
    goals: dict[tuple[str, str], Goal] = {}
    for s in data.STRATEGIES:
        strategy, _ = Strategy.objects.update_or_create(
            code=s["code"],
            defaults={
                "name": s["name"],
                "subtitle": s["subtitle"],
                "start_year": s["start_year"],
                "end_year": s["end_year"],
            },
        )
        area_order = 0
        for goal_order, g in enumerate(s["goals"], start=1):
            goal, _ = Goal.objects.update_or_create(
                strategy=strategy,
                code=g["code"],
                defaults={
                    "kind": g.get("kind", Goal.Kind.MAIN),
                    "name": g["name"],
                    "order": goal_order,
                },
            )
            goals[s["code"], g["code"]] = goal
            for a in g.get("priority_areas", []):
                area_order += 1
                priority_areas[s["code"], a["code"]], _ = PriorityArea.objects.update_or_create(
                    strategy=strategy,
                    code=a["code"],
                    defaults={"goal": goal, "name": a["name"], "order": area_order},
                )
            for target_order, text in enumerate(g.get("result_targets", []), start=1):
                ResultTarget.objects.update_or_create(
                    strategy=strategy,
                    text=text,
                    defaults={"goal": goal, "order": target_order},
                )
        for a in s["priority_areas"]:
            area_order += 1
            priority_areas[s["code"], a["code"]], _ = PriorityArea.objects.update_or_create(
                strategy=strategy,
                code=a["code"],
                defaults={"goal": None, "name": a["name"], "order": area_order},
            )
        for order, c in enumerate(s["success_criteria"], start=1):
            SuccessCriterion.objects.update_or_create(
                strategy=strategy, code=c["code"], defaults={"name": c["name"], "order": order}
            )

    sub_goals: dict[str, SubGoal] = {}
    for order, sg in enumerate(data.EXAMPLE_SUB_GOALS, start=1):
        sub_goals[sg["code"]], _ = SubGoal.objects.update_or_create(
            priority_area=priority_areas[sg["strategy"], sg["priority_area"]],
            code=sg["code"],
            defaults={"name": sg["name"], "order": order},
        )

    strategies = {s.code: s for s in Strategy.objects.all()}
    for i in data.EXAMPLE_INDICATORS:
        key = i["strategy"]
        Indicator.objects.update_or_create(
            strategy=strategies[key],
            code=i["code"],
            defaults={
                "goal": goals[key, i["goal"]] if "goal" in i else None,
                "priority_area": (
                    priority_areas[key, i["priority_area"]] if "priority_area" in i else None
                ),
                "sub_goal": sub_goals[i["sub_goal"]] if "sub_goal" in i else None,
                "name": i["name"],
                "description": i["description"],
                "unit": i["unit"],
                "direction": i["direction"],
                "is_example": True,
            },
        )


# --- vocabularies ----------------------------------------------------------------------------------


def _load_vocabularies() -> None:
    """Add missing vocabulary entries; never overwrite one, since admins edit them."""

    def named(entries: Iterable[tuple[str, str, str]]) -> list[dict[str, Any]]:
        return [
            {"code": code, "name": name, "name_en": name_en, "order": order}
            for order, (code, name, name_en) in enumerate(entries, start=1)
        ]

    _sync(TargetGroup, "code", named(data.TARGET_GROUPS), update=False)
    _sync(Method, "code", named(data.METHODS), update=False)
    _sync(Theme, "code", named(data.THEMES), update=False)
    _sync(Instrument, "code", named(data.INSTRUMENTS), update=False)
    _sync(
        ParticipationForm,
        "code",
        [
            {
                "code": code,
                "name": name,
                "name_en": name_en,
                "description": description,
                "order": order,
            }
            for order, (code, name, name_en, description) in enumerate(
                data.PARTICIPATION_FORMS, start=1
            )
        ],
        update=False,
    )
    _sync(
        Factor,
        "code",
        [
            {
                "code": code,
                "kind": kind,
                "group": group,
                "name": name,
                "name_en": name_en,
                "order": order,
            }
            for order, (code, kind, group, name, name_en) in enumerate(data.FACTORS, start=1)
        ],
        update=False,
    )


# --- bulk upsert -----------------------------------------------------------------------------------


def _sync(
    model: type[M], key: str, rows: Iterable[dict[str, Any]], *, update: bool = True
) -> dict[str, M]:
    """Create missing rows and (with `update`) update changed ones, keyed on `key`.

    Two to four queries. Only the fields given in the rows are written; others (an admin's
    `is_active`, a municipality's population) are left alone.
    """
    rows = list(rows)
    keys = [row[key] for row in rows]
    if len(set(keys)) != len(keys):
        raise ReferenceDataError(f"Duplicate {model.__name__} {key} in the reference data.")
    existing = {
        getattr(obj, key): obj for obj in model._default_manager.filter(**{f"{key}__in": keys})
    }
    to_create: list[M] = []
    to_update: list[M] = []
    fields: set[str] = set()
    timestamped = any(f.name == "updated_at" for f in model._meta.concrete_fields)
    if timestamped:
        fields.add("updated_at")
    now = timezone.now()
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            to_create.append(model(**row))
            continue
        if not update:
            continue
        changed = [field for field, value in row.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, row[field])
            if timestamped:
                obj.updated_at = now  # type: ignore[attr-defined]
            to_update.append(obj)
            fields.update(changed)
    if to_create:
        model._default_manager.bulk_create(to_create)
    if to_update:
        # bulk_update wants field names, not attnames (county, not county_id).
        names = {model._meta.get_field(field).name for field in fields}
        model._default_manager.bulk_update(to_update, sorted(names))
    if to_create:
        existing = {
            getattr(obj, key): obj for obj in model._default_manager.filter(**{f"{key}__in": keys})
        }
    return existing
