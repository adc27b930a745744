"""Monitoring for operators: a health endpoint for load balancers and metrics for Prometheus.

Both are closed unless MONITORING_ALLOWED_NETWORKS names the networks they may be asked from
(the load balancer's, the Prometheus server's); anyone else, logged in or not, gets 404, as for
a page that does not exist. The client address is the TCP peer's (REMOTE_ADDR), never a header a
client could forge, so ask the web processes directly, not through the public proxy.

- `/helse/` (django-health-check): the database answers, the default storage (MEDIA_ROOT) takes
  a file and gives it back, and, with a broker configured, Redis answers (when it is the broker)
  and at least one Celery worker answers a ping. 200 when all pass, 500 otherwise;
  `?format=json` for a machine.
- `/metrics/` (django-prometheus and prometheus_client): request counts and latency by view,
  responses by status, and from the shared database and broker: reports by status, how long the
  reports made took (count and sum of seconds), the length of each task queue, and every Celery
  task's count by state and a histogram of its time, by task name (`task_metrics`).
"""

from __future__ import annotations

import dataclasses
import datetime
import ipaddress
import os
from collections.abc import Iterator
from typing import Any

import prometheus_client
from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum
from django.http import Http404, HttpRequest, HttpResponse
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric, SummaryMetricFamily
from prometheus_client.registry import Collector

from participation.front.task_metrics import TaskCollector, redis_broker
from participation.reports.models import ReportSnapshot


def monitoring_allowed(request: HttpRequest) -> bool:
    """Whether the request comes from one of MONITORING_ALLOWED_NETWORKS."""
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.MONITORING_ALLOWED_NETWORKS)


@dataclasses.dataclass
class WorkerAnswers(Ping):
    """At least one Celery worker answers a ping through the broker (whatever its queues:
    workers may serve only REPORT_QUEUE)."""

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=3), repr=False
    )
    limit: int | None = dataclasses.field(default=1, repr=False)

    def check_active_queues(self, *active_workers: str) -> None:
        if not active_workers:
            raise ServiceUnavailable("No Celery worker answered")


def _checks() -> list[Any]:
    checks: list[Any] = ["health_check.checks.Database", "health_check.checks.Storage"]
    if broker := redis_broker():
        import redis.asyncio

        checks.append(
            (
                "health_check.contrib.redis.Redis",
                {"client_factory": lambda: redis.asyncio.from_url(broker)},
            )
        )
    if settings.CELERY_BROKER_URL:
        checks.append(WorkerAnswers)
    return checks


class HealthView(HealthCheckView):
    """django-health-check's view with our checks, for allowed networks only."""

    async def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not monitoring_allowed(request):
            raise Http404
        self.checks = _checks()
        return await super().dispatch(request, *args, **kwargs)


health = HealthView.as_view()


class ReportCollector(Collector):
    """Figures read at each scrape from the database and the broker that every process shares,
    so they are right however many web processes and workers there are."""

    def collect(self) -> Iterator[Metric]:
        by_status = GaugeMetricFamily("housingapp_reports", "Reports by status.", labels=["status"])
        counts = dict(
            ReportSnapshot.objects.values_list("status").annotate(n=Count("pk")).order_by()
        )
        for status in ReportSnapshot.Status.values:
            by_status.add_metric([status], counts.get(status, 0))
        yield by_status

        took = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
        done = ReportSnapshot.objects.filter(
            status=ReportSnapshot.Status.DONE, started_at__isnull=False, finished_at__isnull=False
        ).aggregate(count=Count("pk"), total=Sum(took))
        total: datetime.timedelta | None = done["total"]
        yield SummaryMetricFamily(
            "housingapp_report_making_seconds",
            "Time from a worker starting a report to the report being done (the last attempt).",
            count_value=done["count"],
            sum_value=total.total_seconds() if total else 0.0,
        )

        if broker := redis_broker():
            import redis

            queues = sorted({"celery", settings.REPORT_QUEUE} - {""})
            length = GaugeMetricFamily(
                "housingapp_queue_length", "Tasks waiting in a broker queue.", labels=["queue"]
            )
            client = redis.from_url(broker)
            try:
                for queue in queues:
                    length.add_metric([queue], client.llen(queue))
            finally:
                client.close()
            yield length


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format: django-prometheus' request metrics (all web processes', through
    PROMETHEUS_MULTIPROC_DIR when gunicorn runs several), ReportCollector's and
    TaskCollector's."""
    if not monitoring_allowed(request):
        raise Http404
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        processes = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)  # type: ignore[no-untyped-call]
    else:
        processes = prometheus_client.REGISTRY
    ours = prometheus_client.CollectorRegistry()
    ours.register(ReportCollector())
    ours.register(TaskCollector())
    body = prometheus_client.generate_latest(processes) + prometheus_client.generate_latest(ours)
    response = HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
