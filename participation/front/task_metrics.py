"""Counts and durations of every Celery task, by task name, for `/metrics/` (see `monitoring`).

Tasks run in worker processes, often on other hosts than the web processes that answer
Prometheus, so the figures are kept where every process of the installation meets: the Redis
broker. Each process that runs a task (a worker; the caller itself where tasks run in-process)
adds to hashes there when the task ends (Celery's `task_prerun` and `task_postrun` signals,
connected in every process by the front app's `ready`); any web process reads them at each
scrape (`TaskCollector`). Like any Prometheus counter they start again from zero if Redis loses
its data; `rate()` and `increase()` take that in their stride.

- `housingapp_celery_tasks_total{task, state}`: tasks ended, by name and Celery state
  (`success`, `failure`, `retry`, ...).
- `housingapp_celery_task_seconds{task}`: a histogram of the time each took, from start to end.

Without a Redis broker (no broker, or the file system of `make run`) nothing is kept and the
two families are left out. A Redis error while recording is logged, never the task's failure.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import redis
from celery.signals import task_postrun, task_prerun
from django.conf import settings
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

# The hashes in Redis: count by "task\tstate", seconds by task, and histogram buckets by
# "task\tupper bound" (cumulative: a task is counted in every bucket at or above its time).
COUNTS = "housingapp:tasks:count"
SECONDS = "housingapp:tasks:seconds"
BUCKETS = "housingapp:tasks:buckets"
# Upper bounds in seconds: a notification takes well under a second, a report up to the
# report time limit (30 minutes).
BOUNDS = (0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 1800.0)

_started: dict[str, float] = {}  # task id → monotonic start, in the process running it
_clients: dict[str, redis.Redis] = {}


def redis_broker() -> str:
    """The broker's URL when it is Redis (production); empty otherwise (no broker, or the file
    system of `make run`)."""
    broker: str = settings.CELERY_BROKER_URL
    return broker if broker.startswith(("redis://", "rediss://", "unix://")) else ""


def _client(url: str) -> redis.Redis:
    # One pool per process; redis-py starts a new one in a forked child (the prefork pool).
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url, socket_timeout=2, socket_connect_timeout=2, decode_responses=True
        )
    return _clients[url]


def record(task: str, state: str, seconds: float) -> None:
    """Add one ended task to the shared figures."""
    url = redis_broker()
    if not url:
        return
    pipe = _client(url).pipeline(transaction=False)
    pipe.hincrby(COUNTS, f"{task}\t{state.lower()}", 1)
    pipe.hincrbyfloat(SECONDS, task, seconds)
    for bound in BOUNDS:
        if seconds <= bound:
            pipe.hincrby(BUCKETS, f"{task}\t{bound}", 1)
    pipe.hincrby(BUCKETS, f"{task}\t+Inf", 1)
    try:
        pipe.execute()
    except redis.RedisError as exc:
        logger.warning("Task metrics of %s not recorded: %s", task, type(exc).__name__)


def _on_prerun(task_id: str | None = None, **kwargs: Any) -> None:
    if task_id:
        _started[task_id] = time.monotonic()


def _on_postrun(
    task_id: str | None = None, task: Any = None, state: str | None = None, **kwargs: Any
) -> None:
    started = _started.pop(task_id or "", None)
    if started is None or task is None:
        return
    record(task.name, state or "unknown", time.monotonic() - started)


def connect() -> None:
    """Record every task this process runs (idempotent: the receivers are connected once)."""
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="housingapp-task-metrics-prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="housingapp-task-metrics-postrun")


class TaskCollector(Collector):
    """The shared figures, read from Redis at each scrape."""

    def collect(self) -> Iterator[Metric]:
        url = redis_broker()
        if not url:
            return
        client = _client(url)
        counts, seconds, buckets = (client.hgetall(key) for key in (COUNTS, SECONDS, BUCKETS))
        ended = CounterMetricFamily(
            "housingapp_celery_tasks",
            "Celery tasks ended, by task and state.",
            labels=["task", "state"],
        )
        for field, value in sorted(counts.items()):
            task, _, state = str(field).partition("\t")
            ended.add_metric([task, state], int(value))
        yield ended

        took = HistogramMetricFamily(
            "housingapp_celery_task_seconds",
            "Time Celery tasks took, from start to end, by task.",
            labels=["task"],
        )
        by_task: dict[str, dict[str, int]] = {}
        for field, value in buckets.items():
            task, _, bound = str(field).partition("\t")
            by_task.setdefault(task, {})[bound] = int(value)
        for task, counted in sorted(by_task.items()):
            bounds = [str(bound) for bound in BOUNDS] + ["+Inf"]
            took.add_metric(
                [task],
                [(bound, counted.get(bound, 0)) for bound in bounds],
                float(seconds.get(task, 0.0)),
            )
        yield took
