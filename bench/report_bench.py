"""The report benchmark: how long the national yearly report takes, and how much memory.

    DATABASE_URL=postgres://…/housing_scale CELERY_BROKER_URL=redis://…/4 \\
        .venv/bin/python bench/report_bench.py [--runs 3] [--year 2025] \\
        [--compare-with postgres://…/housing_scale_small] [--no-worker]

Build the dataset first (`manage.py generate_scale`, see README "Benchmarks"). For the national
report of the latest full year in the data, it prints:

- the figures step (`reports.figures.build_report`), median of `--runs`, twice: with a null
  sink that drains the long lists' rows and keeps none (the figures alone), and with a sink that
  stores them as `ReportRow`s as the task does (in a transaction rolled back afterwards); with
  the number of queries and the slowest of them;
- the SQL floor (`bench/sql_floor.py`: the same aggregates in plain SQL, run alone), median
  of `--runs`, and the ratio figures (null sink) / floor: the target is at most 2×;
- each format's rendering time (HTML, PDF, XLSX, CSV zip) on that document, the long lists'
  rows streamed from the stored `ReportRow`s; and each step's peak Python heap;
- a real Celery worker's peak memory (VmHWM from /proc) making the report with the real task
  `participation.generate_report` (requested through
  `reports.services.requesting.request_report`), and the same for the region with the fewest initiatives and, with `--compare-with`, for the
  national report of a smaller dataset; each in a fresh worker process. The memory should not
  grow with the number of rows exported.

Every figure is printed, nothing is asserted. Each in-process step runs once uncounted first
(warm caches). The reports it makes are deleted at the end, files and all.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_SCHEDULE = "benchmark (bench/report_bench.py)"


def _setup_django(queue: str, media_root: str) -> None:
    """Production settings, with DEBUG off (DEBUG would keep every query in memory)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "housingapp.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    # The report task goes to the benchmark worker's own queue; its files to a temporary folder.
    os.environ["REPORT_QUEUE"] = queue
    os.environ["MEDIA_ROOT"] = media_root
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Timed runs per step (default 3).")
    parser.add_argument(
        "--year", type=int, default=None, help="Report year (default: latest full year of data)."
    )
    parser.add_argument(
        "--no-worker", action="store_true", help="Skip the worker's memory measurement."
    )
    parser.add_argument(
        "--compare-with",
        metavar="DATABASE_URL",
        help="Also measure the worker on the national report of this (smaller) dataset.",
    )
    parser.add_argument(
        "--timeout", type=float, default=3600, help="Seconds to wait for a worker's report."
    )
    parser.add_argument(
        "--top-queries", type=int, default=5, help="Show the figures' N slowest queries."
    )
    # For --compare-with: this script runs itself on the other database with these two.
    parser.add_argument("--worker-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    media_root = tempfile.mkdtemp(prefix="report-bench-")
    _setup_django(queue, media_root)
    bench = Bench(args.runs, args.year, queue, media_root, args.timeout, args.top_queries)
    try:
        if args.worker_only:
            results = bench.worker_only()
            Path(args.json_out).write_text(json.dumps([asdict(r) for r in results]))
            return 0
        return bench.run(worker=not args.no_worker, compare_with=args.compare_with)
    finally:
        shutil.rmtree(media_root, ignore_errors=True)


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@dataclass
class Timing:
    label: str
    runs: list[float]
    heap_peak: int  # bytes, the most the step's Python objects took at once
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


@dataclass
class WorkerRun:
    label: str
    rows: int
    seconds: float
    idle_kib: int
    peak_kib: int
    files: dict[str, int]


class Bench:
    def __init__(
        self,
        runs: int,
        year: int | None,
        queue: str,
        media_root: str,
        timeout: float,
        top_queries: int = 5,
    ) -> None:
        self.top_queries = top_queries
        self.runs = max(1, runs)
        self.year = year
        self.queue = queue
        self.media_root = media_root
        self.timeout = timeout

    def _parameters(self) -> tuple[Any, Any] | None:
        """The latest full year in the data (or --year), and the strategy of that year."""
        from participation.involvement.models import InvolvementEvent
        from participation.reports.params import Period
        from participation.reports.services.requesting import strategy_for

        last_event = (
            InvolvementEvent.objects.order_by("-date").values_list("date", flat=True).first()
        )
        if last_event is None:
            out("No events in this database: build the dataset first (manage.py generate_scale).")
            return None
        if self.year is None:
            at_year_end = (last_event.month, last_event.day) == (12, 31)
            self.year = last_event.year if at_year_end else last_event.year - 1
        period = Period("year", datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31))
        strategy = strategy_for(period)
        assert strategy is not None
        return period, strategy

    def worker_only(self) -> list[WorkerRun]:
        from django.db import connection

        from participation.reports.params import ReportScope

        parameters = self._parameters()
        if parameters is None:
            return []
        period, strategy = parameters
        label = f"national, {connection.settings_dict['NAME']}"
        return [self._worker_run(label, ReportScope.national(), period, strategy)]

    def run(self, *, worker: bool, compare_with: str | None) -> int:
        from django.db import connection
        from django.utils import timezone

        from participation.involvement.models import Initiative, Input, InvolvementEvent
        from participation.programme.models import IndicatorValue
        from participation.reports.params import ReportScope

        parameters = self._parameters()
        if parameters is None:
            return 2
        period, strategy = parameters
        year = self.year
        scope = ReportScope.national()
        today = timezone.localdate()

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
        out(f"Report benchmark: national yearly report {year}, strategy {strategy.name}")
        out(
            f"Data: {Initiative.objects.count():,} initiatives, "
            f"{InvolvementEvent.objects.count():,} events, {Input.objects.count():,} input items, "
            f"{IndicatorValue.objects.count():,} indicator values; cut-off date {today}"
        )
        out(
            f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"PostgreSQL {server}; {self.runs} timed runs per step after one warm-up"
        )
        out()

        timings: list[Timing] = []
        queries = QueryLog([])

        def figures_drained() -> Any:
            with queries.recording(), _read_only_snapshot():
                return _build(scope, period, strategy, today, _drain)

        timings.append(self._time("figures step (rows drained, not stored)", figures_drained))
        timings[-1].note = f"{len(queries.timed)} queries"
        slowest = queries.slowest(self.top_queries)

        floor = _floor()
        if floor is None:
            out("bench/sql_floor.py has no run_floor yet: the SQL floor is left out.")
        else:

            def sql_floor() -> Any:
                with _read_only_snapshot():
                    return floor(connection, scope, period, strategy, today)

            timings.append(self._time("SQL floor (bench/sql_floor.py, alone)", sql_floor))
            ratio = timings[0].median / timings[-1].median
            timings[-1].note = f"figures / floor = {ratio:.2f}× (target ≤ 2×)"

        stored, renders, row_count = self._stored_and_rendered(scope, period, strategy, today)
        timings.append(stored)
        timings.extend(renders)
        self._print_timings(timings, row_count)
        if slowest:
            out(f"The figures step's {len(slowest)} slowest queries (last run; execution only):")
            for seconds, sql in slowest:
                out(f"  {seconds:7.2f} s  {' '.join(sql.split())[:150]}")
            out()

        if worker:
            self._worker_runs(period, strategy, compare_with)
        return 0

    # --- timing in-process ---------------------------------------------------------------------

    def _time(self, label: str, step: Callable[[], Any]) -> Timing:
        out(f"  {label}: warm-up …")
        # The warm-up also measures the step's peak Python heap (tracemalloc slows it down).
        tracemalloc.start()
        try:
            step()
            heap_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        runs = []
        for number in range(1, self.runs + 1):
            started = time.perf_counter()
            step()
            runs.append(time.perf_counter() - started)
            out(f"  {label}: run {number} {runs[-1]:.2f} s")
        return Timing(label, runs, heap_peak)

    def _stored_and_rendered(
        self, scope: Any, period: Any, strategy: Any, today: datetime.date
    ) -> tuple[Timing, list[Timing], int]:
        """The figures with their rows stored as the task stores them, then every format
        rendered from those rows; all in one transaction, rolled back."""
        from django.db import transaction

        from participation.reports.document import ReportDocument
        from participation.reports.models import ReportRow, ReportSnapshot
        from participation.reports.render import (
            render_csv_zip,
            render_html,
            render_pdf,
            render_xlsx,
        )
        from participation.reports.services.rows import rows_of

        document: ReportDocument | None = None
        snapshot: ReportSnapshot | None = None
        with transaction.atomic():

            def figures_stored() -> None:
                nonlocal document, snapshot
                snapshot = _scratch_snapshot(scope, period, strategy)
                document = _build(scope, period, strategy, today, _row_sink(snapshot))

            stored = self._time("figures step + rows stored (ReportRow)", figures_stored)
            assert document is not None
            assert snapshot is not None
            source = rows_of(snapshot.pk)
            row_count = ReportRow.objects.filter(snapshot=snapshot).count()
            sizes: dict[str, int] = {}

            def renderer(
                name: str, render: Callable[[ReportDocument, Any, io.BufferedRandom], None]
            ) -> Callable[[], None]:
                def step() -> None:
                    with tempfile.TemporaryFile() as file:
                        render(document, source, file)  # type: ignore[arg-type]
                        sizes[name] = file.tell()

                return step

            def html(document: ReportDocument, source: Any, file: io.BufferedRandom) -> None:
                file.write(str(render_html(document, source)).encode())

            renders = []
            for name, render in (
                ("html", html),
                ("pdf", render_pdf),
                ("xlsx", render_xlsx),
                ("csv zip", render_csv_zip),
            ):
                renders.append(self._time(f"render {name}", renderer(name, render)))
                renders[-1].note = f"{sizes[name] / 1e6:.1f} MB"
            transaction.set_rollback(True)
        return stored, renders, row_count

    def _print_timings(self, timings: list[Timing], row_count: int) -> None:
        out()
        out(f"In-process timings (national report, {row_count:,} rows in its long lists):")
        width = max(len(t.label) for t in timings)
        out(f"  {'step'.ljust(width)}  {'median':>8}  {'heap':>8}  runs (s)")
        for t in timings:
            runs = " ".join(f"{r:.2f}" for r in t.runs)
            out(
                f"  {t.label.ljust(width)}  {t.median:7.2f}s  {t.heap_peak / 1e6:6.1f}MB  "
                f"{runs}  {t.note}"
            )
        out("  (heap: the step's peak Python heap, by tracemalloc, in the warm-up run; memory")
        out("  that libraries allocate in C, e.g. libpq's query results, is not in it)")
        out()

    # --- the real worker -----------------------------------------------------------------------

    def _worker_runs(self, period: Any, strategy: Any, compare_with: str | None) -> None:
        from django.conf import settings
        from django.db import connection
        from django.db.models import Count

        from participation.places.models import Region
        from participation.reports.params import ReportScope

        if not settings.CELERY_BROKER_URL:
            out("CELERY_BROKER_URL is not set: no worker, no memory figures.")
            return
        smallest = (
            Region.objects.annotate(n=Count("municipalities__initiatives"))
            .order_by("n", "name")
            .first()
        )
        scopes = [(f"national, {connection.settings_dict['NAME']}", ReportScope.national())]
        if smallest is not None:
            scopes.append((f"region {smallest.name}", ReportScope.for_region(smallest)))
        results = [self._worker_run(label, scope, period, strategy) for label, scope in scopes]
        if compare_with:
            results += self._compare(compare_with)

        out()
        out("Real worker (celery --pool=solo), task participation.generate_report, a fresh")
        out("process for each report; rows = rows of its long lists, exported in XLSX and CSV:")
        width = max(len(r.label) for r in results)
        out(
            f"  {'report'.ljust(width)} {'rows':>8} {'task':>8} {'RSS idle':>9} {'peak RSS':>9}  files"
        )
        for r in results:
            files = ", ".join(
                f"{name} {size / 1e6:.1f} MB" for name, size in sorted(r.files.items())
            )
            out(
                f"  {r.label.ljust(width)} {r.rows:>8,} {r.seconds:>7.1f}s "
                f"{r.idle_kib / 1024:>7.0f}MB {r.peak_kib / 1024:>7.0f}MB  {files}"
            )
        big = results[0]
        for other in results[1:]:
            if other.rows == big.rows:
                continue
            extra_mib = (big.peak_kib - other.peak_kib) / 1024
            per_thousand = extra_mib / ((big.rows - other.rows) / 1000)
            out(
                f"  {big.label} against {other.label}: {big.rows - other.rows:+,} rows, "
                f"{extra_mib:+.0f} MB peak ({per_thousand:+.2f} MB per 1 000 rows)"
            )

    def _compare(self, database_url: str) -> list[WorkerRun]:
        """The national report of another database, measured by this script run there."""
        out(f"  the same on the smaller dataset ({_redacted(database_url)}) …")
        with tempfile.NamedTemporaryFile(suffix=".json") as result:
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker-only",
                    "--json-out",
                    result.name,
                    "--year",
                    str(self.year),
                    "--timeout",
                    str(self.timeout),
                ],
                env={**os.environ, "DATABASE_URL": database_url},
                check=True,
            )
            return [WorkerRun(**r) for r in json.loads(Path(result.name).read_text())]

    def _worker_run(self, label: str, scope: Any, period: Any, strategy: Any) -> WorkerRun:
        from django.conf import settings
        from django.db import transaction

        from participation.reports.models import ReportFile, ReportRow, ReportSnapshot
        from participation.reports.services.requesting import request_report

        _delete_bench_snapshots()
        with _worker(self.queue) as process:
            idle = _proc_status_kib(process.pid, "VmHWM")
            out(f"  worker {process.pid} ready ({idle / 1024:.0f} MB); {label}: requesting …")
            with transaction.atomic():
                snapshot = request_report(
                    actor=None,
                    scope=scope,
                    period=period,
                    strategy=strategy,
                    language=settings.LANGUAGE_CODE,
                    new_version=True,
                    schedule_name=BENCH_SCHEDULE,
                )
            deadline = time.monotonic() + self.timeout
            shown = -1
            while True:
                snapshot.refresh_from_db()
                if snapshot.status in (ReportSnapshot.Status.DONE, ReportSnapshot.Status.FAILED):
                    break
                if process.poll() is not None:
                    raise RuntimeError(f"The worker exited with {process.returncode}.")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"No report within {self.timeout:g} s.")
                if snapshot.progress // 10 != shown:
                    shown = snapshot.progress // 10
                    out(f"    {snapshot.progress:3d} %  {snapshot.progress_step}")
                time.sleep(0.5)
            peak = _proc_status_kib(process.pid, "VmHWM")
        if snapshot.status != ReportSnapshot.Status.DONE:
            raise RuntimeError(f"The report failed: {snapshot.error}")
        assert snapshot.started_at is not None
        assert snapshot.finished_at is not None
        result = WorkerRun(
            label=label,
            rows=ReportRow.objects.filter(snapshot=snapshot).count(),
            seconds=(snapshot.finished_at - snapshot.started_at).total_seconds(),
            idle_kib=idle,
            peak_kib=peak,
            files=dict(ReportFile.objects.filter(snapshot=snapshot).values_list("format", "size")),
        )
        _delete_bench_snapshots()
        return result


# --- helpers ---------------------------------------------------------------------------------


def _build(scope: Any, period: Any, strategy: Any, today: datetime.date, sink: Any) -> Any:
    from participation.reports.figures import build_report

    return build_report(scope, period, strategy, today=today, sink=sink)


def _drain(table: str, rows: Iterable[Any]) -> int:
    """A null sink: takes every row (so that its queries run) and keeps none."""
    count = 0
    for count, _row in enumerate(rows, start=1):  # noqa: B007  # count is the total
        pass
    return count


def _row_sink(snapshot: Any) -> Callable[[str, Iterable[Any]], int]:
    """Stores rows as the task does (reports.services.rows: bulk_create in chunks)."""
    from participation.reports.models import ReportRow
    from participation.reports.services.rows import ROW_CHUNK

    def sink(table: str, rows: Iterable[Any]) -> int:
        count = 0
        batch: list[ReportRow] = []
        for count, row in enumerate(rows, start=1):  # noqa: B007  # count is the total
            batch.append(ReportRow(snapshot=snapshot, table=table, ordinal=count, cells=list(row)))
            if len(batch) >= ROW_CHUNK:
                ReportRow.objects.bulk_create(batch)
                batch = []
        ReportRow.objects.bulk_create(batch)
        return count

    return sink


def _scratch_snapshot(scope: Any, period: Any, strategy: Any) -> Any:
    """A snapshot row for the stored rows to point at (rolled back with them)."""
    from django.db.models import Max

    from participation.reports.models import ReportSnapshot

    same = ReportSnapshot.objects.filter(
        scope=scope.kind, strategy=strategy, period_start=period.start, period_end=period.end
    )
    version = (same.aggregate(v=Max("version"))["v"] or 0) + 1
    return ReportSnapshot.objects.create(
        scope=scope.kind,
        strategy=strategy,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        version=version,
        status=ReportSnapshot.Status.RUNNING,
        schedule_name=BENCH_SCHEDULE,
    )


def _delete_bench_snapshots() -> None:
    from django.core.files.storage import default_storage

    from participation.reports.models import ReportFile, ReportSnapshot

    snapshots = ReportSnapshot.objects.filter(schedule_name=BENCH_SCHEDULE)
    for name in ReportFile.objects.filter(snapshot__in=snapshots).values_list("file", flat=True):
        default_storage.delete(name)
    snapshots.delete()


def _floor() -> Callable[..., Any] | None:
    try:
        from bench.sql_floor import run_floor
    except ImportError:
        return None
    return run_floor  # type: ignore[no-any-return]


@contextmanager
def _read_only_snapshot() -> Iterator[None]:
    """One REPEATABLE READ, READ ONLY transaction, as the task reads its figures in."""
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@dataclass
class QueryLog:
    """The queries of the last run: how many, and each one's execution time."""

    timed: list[tuple[float, str]]

    @contextmanager
    def recording(self) -> Iterator[None]:
        from django.db import connection

        self.timed = []

        def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                self.timed.append((time.perf_counter() - started, sql))

        with connection.execute_wrapper(record):
            yield

    def slowest(self, n: int) -> list[tuple[float, str]]:
        return sorted(self.timed, key=lambda t: -t[0])[:n]


@contextmanager
def _worker(queue: str) -> Iterator[subprocess.Popen[bytes]]:
    """A Celery worker process of its own (solo pool: the task runs in that very process)."""
    from django.conf import settings

    from housingapp.celery import app, worker_command

    nodename = f"{queue}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "housingapp.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            worker_command(queue, nodename),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while not app.control.ping(destination=[nodename], timeout=1.0):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        "The Celery worker did not start:\n"
                        + log.read().decode(errors="replace")[-3000:]
                    )
            yield process
        except BaseException:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-3000:])
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _redacted(url: str) -> str:
    """A database URL without its password."""
    return re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", url)


def _proc_status_kib(pid: int, field: str) -> int:
    """A memory figure of a live process from /proc/<pid>/status, in KiB (VmHWM: peak RSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/{pid}/status has no {field}.")


if __name__ == "__main__":
    sys.exit(main())
