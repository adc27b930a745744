"""The import benchmark: committing a 1 000-row event import, against a plain bulk insert.

    DATABASE_URL=postgres://…/housing_scale .venv/bin/python bench/import_bench.py [--rows 1000]

Needs a migrated database with the reference data (the scale dataset will do; see README
"Benchmarks"). In a new initiative of the municipality with the most initiatives, it builds a
clean file of `--rows` events (every column filled: method, channel, two themes, feedback due,
consent, the participant grid) and times, each `--runs` times (default 3) after one uncounted
run, every run in a transaction rolled back afterwards:

- the dry run (`check_rows`, the checks the import page shows before anything is saved);
- the commit (`services.imports.import_events`: the same checks again, then the rows and their
  audit entries written in bulk);
- the commit's writes alone (`services.imports.create_in_bulk` on rows checked beforehand);
- the floor: a plain bulk insert of the same rows (events, their themes, their participant
  counts) with no checks and no audit entries.

It prints the medians, the queries of each, and the ratio commit / floor (issue 11's target: at
most 3×), and asserts nothing. The initiative it makes is rolled back with the rest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "housingapp.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Rollback(Exception):
    pass


def timed(step: Callable[[], float], runs: int) -> tuple[list[float], int]:
    """`runs` timings of `step` (after one uncounted), each in a transaction rolled back. The
    step returns the seconds of its measured part (not the setting up of its initiative); the
    queries counted are all of the step's."""
    from django.db import connection, transaction

    times: list[float] = []
    queries = 0
    for run in range(runs + 1):
        counter = [0]

        def count(
            execute: Any, sql: str, params: Any, many: bool, context: Any, counter: Any = counter
        ) -> Any:
            counter[0] += 1
            return execute(sql, params, many, context)

        try:
            with transaction.atomic(), connection.execute_wrapper(count):
                elapsed = step()  # the seconds of the part measured
                raise Rollback
        except Rollback:
            pass
        if run:
            times.append(elapsed)
            queries = counter[0]
    return times, queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000, help="Rows in the file (default 1000).")
    parser.add_argument("--runs", type=int, default=3, help="Timed runs (default 3).")
    args = parser.parse_args(argv)
    _setup_django()

    from django.contrib.auth.models import User
    from django.db import transaction
    from django.db.models import Count

    from participation.accounts.models import RoleAssignment
    from participation.involvement.imports import (
        COUNT_PREFIX,
        TOTAL_COLUMN,
        check_rows,
        template_codes,
    )
    from participation.involvement.models import Initiative, InvolvementEvent, ParticipantCount
    from participation.involvement.services.imports import create_in_bulk, import_events
    from participation.places.models import Method, Municipality, TargetGroup, Theme

    municipality = (
        Municipality.objects.current().annotate(n=Count("initiatives")).order_by("-n").first()
    )
    assert municipality is not None, "no municipalities: load the reference data first"
    with transaction.atomic():
        user, _created = User.objects.get_or_create(username="bench-importer")
        RoleAssignment.objects.get_or_create(
            user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=municipality
        )
    method = Method.objects.filter(is_active=True).order_by("pk").first()
    themes = list(Theme.objects.filter(is_active=True).order_by("pk")[:2])
    assert method is not None
    assert len(themes) == 2

    def build(initiative: Initiative) -> tuple[list[str], list[list[str]]]:
        header = template_codes(initiative)
        count_columns = [c for c in header if c.startswith(COUNT_PREFIX)][:2]
        rows = []
        for i in range(args.rows):
            values = {
                "title": f"Dialogmøte {i}",
                "date": f"{1 + i % 28:02d}.{1 + i // 28 % 12:02d}.2025",
                "start_time": "18:00",
                "method": method.code,
                "channel": "physical",
                "themes": "|".join(t.code for t in themes),
                "description": "Samtale om trygghet i oppgangene.",
                "feedback_due": "2025-12-31",
                "consent_noted": "ja",
                "expectations_clarified": "nei",
                TOTAL_COLUMN: "9",
                count_columns[0]: "7",
                count_columns[1]: "2",
            }
            rows.append([values.get(name, "") for name in header])
        return header, rows

    def new_initiative() -> Initiative:
        initiative = Initiative.objects.create(
            municipality=municipality, name="Importbenk", aim="Benchmark.", is_example=True
        )
        initiative.target_groups.set(TargetGroup.objects.filter(is_active=True)[:2])
        return initiative

    def dry_run() -> float:
        initiative = new_initiative()
        header, rows = build(initiative)
        started = time.perf_counter()
        check = check_rows(initiative, header, rows)
        elapsed = time.perf_counter() - started
        assert check.is_clean, [*check.file_errors, *check.errors[:5]]
        return elapsed

    def commit() -> float:
        initiative = new_initiative()
        header, rows = build(initiative)
        started = time.perf_counter()
        created, _check = import_events(initiative, actor=user, header=header, rows=rows)
        elapsed = time.perf_counter() - started
        assert len(created) == args.rows
        return elapsed

    def writes() -> float:
        initiative = new_initiative()
        plans = check_rows(initiative, *build(initiative)).to_create  # not timed
        started = time.perf_counter()
        created = create_in_bulk(initiative, actor=user, plans=plans)
        elapsed = time.perf_counter() - started
        assert len(created) == args.rows
        return elapsed

    def floor() -> float:
        initiative = new_initiative()
        plans = check_rows(initiative, *build(initiative)).to_create  # not timed below
        started = time.perf_counter()
        events = InvolvementEvent.objects.bulk_create(
            [
                InvolvementEvent(
                    initiative=initiative, created_by=user, updated_by=user, **p.fields
                )
                for p in plans
            ]
        )
        through = InvolvementEvent.themes.through
        through.objects.bulk_create(
            [
                through(involvementevent_id=e.pk, theme_id=t.pk)
                for e, p in zip(events, plans, strict=True)
                for t in p.themes
            ]
        )
        ParticipantCount.objects.bulk_create(
            [
                ParticipantCount(event=e, target_group_id=g, role=r, count=v)
                for e, p in zip(events, plans, strict=True)
                for (g, r), v in (p.counts or {}).items()
                if v
            ]
        )
        return time.perf_counter() - started

    out(f"Import benchmark: {args.rows} rows into {municipality.name}, {args.runs} runs, medians")
    dry_times, dry_queries = timed(dry_run, args.runs)
    commit_times, commit_queries = timed(commit, args.runs)
    write_times, _queries = timed(writes, args.runs)
    floor_times, _queries = timed(floor, args.runs)
    dry, committed, written, bulk = (
        statistics.median(t) for t in (dry_times, commit_times, write_times, floor_times)
    )
    out(f"{'dry run (checks only)':44} {dry:8.2f} s  {dry_queries:6d} queries")
    out(
        f"{'commit (checks + bulk writes + audit)':44} {committed:8.2f} s  {commit_queries:6d} queries"
    )
    out(f"{'  its writes alone (rows + audit entries)':44} {written:8.2f} s")
    out(f"{'plain bulk insert (floor, no audit entries)':44} {bulk:8.2f} s")
    out(f"ratio commit / plain bulk insert: {committed / bulk:.1f}×  (target ≤ 3×)")
    out(f"ratio writes / plain bulk insert: {written / bulk:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
