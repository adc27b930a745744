"""`manage.py generate_scale`: a national-scale synthetic dataset for the report benchmark.

See participation/demo/synthetic/scale.py for what it holds. At `--scale 1` it takes a few minutes
on PostgreSQL (COPY); use a database of its own, never one with real work in it.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from participation.demo.synthetic.scale import Generator, analyze, non_example_counts, planned
from participation.places.models import Municipality, Strategy
from participation.places.services import load_reference_data

# Beyond this, SQLite's row-by-row inserts take too long; PostgreSQL's COPY is the way.
SQLITE_MAX_SCALE = 0.05


class Command(BaseCommand):
    help = (
        "Generate a national-scale synthetic dataset (all municipalities, 2017–2026; at scale 1 "
        "about 20 000 initiatives, 300 000 events, 1 000 000 input items and 500 000 indicator "
        "values), marked as example data. Deterministic for a given seed and scale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the full size (0.01 for a quick run).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Go ahead even though the database holds data that is not example data.",
        )

    def handle(self, *args: Any, scale: float, seed: int, yes: bool, **options: Any) -> None:
        if not 0 < scale <= 10:
            raise CommandError(_("--scale must be above 0 and at most 10."))
        if connection.vendor != "postgresql" and scale > SQLITE_MAX_SCALE:
            raise CommandError(
                _(
                    "Scales above %(max)s need PostgreSQL (the dataset is written with COPY); "
                    "this database is %(vendor)s."
                )
                % {"max": SQLITE_MAX_SCALE, "vendor": connection.vendor}
            )
        real = non_example_counts()
        if real and not yes:
            found = ", ".join(f"{count} {name}" for name, count in real.items())
            raise CommandError(
                _(
                    "This database holds data that is not example data (%(found)s). The synthetic "
                    "dataset must not be mixed with real work: use a database of its own, or "
                    "--yes if you are sure."
                )
                % {"found": found}
            )
        verbose = options["verbosity"] >= 1

        def progress(message: str) -> None:
            if verbose:
                self.stdout.write(f"  {time.monotonic() - started:7.1f} s  {message}")

        started = time.monotonic()
        if not Municipality.objects.current().exists() or Strategy.objects.count() < 2:
            load_reference_data()
            progress("reference data loaded")
        if verbose:
            targets = ", ".join(f"{name} {count}" for name, count in planned(scale).items())
            self.stdout.write(
                _("Generating at scale %(scale)s, seed %(seed)s: %(targets)s")
                % {"scale": scale, "seed": seed, "targets": targets}
            )
        counts = Generator(scale=scale, seed=seed, progress=progress).run()
        progress("written")
        analyze(progress)
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Done in %(seconds)s s. Rows written:")
                    % {"seconds": f"{time.monotonic() - started:.0f}"}
                )
            )
            width = max(len(table) for table in counts)
            for table, count in counts.items():
                self.stdout.write(f"  {table.ljust(width)}  {count:>10}")
