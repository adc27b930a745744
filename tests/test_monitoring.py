"""The health endpoint and the Prometheus metrics (participation/front/monitoring.py): closed to
everyone unless MONITORING_ALLOWED_NETWORKS names the client's network; then the real checks of
the database, the storage, Redis and a Celery worker, and metrics an operator's Prometheus reads.
"""

from __future__ import annotations

import ipaddress

import pytest
from django.test import Client
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from participation.reports.models import ReportSnapshot
from tests.reports.generation_support import make_done_snapshot, municipal_scope
from tests.test_celery_roundtrip import Worker, through_broker, worker_process  # noqa: F401

HEALTH = reverse("participation:health")
METRICS = reverse("participation:metrics")


@pytest.fixture
def monitoring_open_to_localhost(settings):  # type: ignore[no-untyped-def]
    settings.MONITORING_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]


@pytest.mark.django_db
def test_both_are_closed_by_default_even_to_an_admin(admin_user, log_in) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert client.get(HEALTH).status_code == 404
    assert client.get(METRICS).status_code == 404
    log_in(client, admin_user)
    assert client.get(HEALTH).status_code == 404
    assert client.get(METRICS).status_code == 404


@pytest.mark.django_db
def test_both_are_closed_to_other_networks(monitoring_open_to_localhost) -> None:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="10.20.30.40")
    assert client.get(HEALTH).status_code == 404
    # a forged forwarding header changes nothing: the TCP peer's address counts
    assert client.get(METRICS, HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404


@pytest.mark.celery_worker
@pytest.mark.django_db
def test_health_checks_database_storage_broker_and_a_worker(
    monitoring_open_to_localhost,
    worker_process: Worker,  # noqa: F811
) -> None:  # type: ignore[no-untyped-def]
    # when the load balancer asks (over plain http: no redirect to https)
    response = Client().get(HEALTH, {"format": "json"}, secure=False)
    # then every check passed
    assert response.status_code == 200, response.content
    results = response.json()
    names = " ".join(results)
    for check in ("Database", "Storage", "Redis", "WorkerAnswers"):
        assert check in names, results
    assert all(value == "OK" for value in results.values()), results
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_metrics_give_request_latency_reports_and_queue_lengths(
    monitoring_open_to_localhost,
) -> None:  # type: ignore[no-untyped-def]
    # given a done report and some requests
    make_done_snapshot(municipal_scope())
    client = Client()
    client.get(reverse("login"))
    # when Prometheus scrapes
    response = client.get(METRICS)
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    families = {family.name: family for family in text_string_to_metric_families(response.text)}
    assert "django_http_requests_latency_seconds_by_view_method" in families
    reports = {
        sample.labels["status"]: sample.value for sample in families["housingapp_reports"].samples
    }
    assert reports["done"] == ReportSnapshot.objects.filter(status="done").count() >= 1
    assert "housingapp_report_making_seconds" in families
    assert "celery" in {
        sample.labels["queue"] for sample in families["housingapp_queue_length"].samples
    }


def _task_figures(client: Client, task: str) -> dict[str, float]:
    """The scraped counts by state and the histogram's count and sum of one task."""
    families = {
        family.name: family for family in text_string_to_metric_families(client.get(METRICS).text)
    }
    figures: dict[str, float] = {}
    for sample in families["housingapp_celery_tasks"].samples:
        if sample.labels["task"] == task and sample.name.endswith("_total"):
            figures[sample.labels["state"]] = sample.value
    for sample in families["housingapp_celery_task_seconds"].samples:
        if sample.labels["task"] != task:
            continue
        if sample.name.endswith("_bucket"):
            figures[f"le {sample.labels['le']}"] = sample.value
        else:
            figures[sample.name.rpartition("_")[2]] = sample.value
    return figures


@pytest.mark.celery_worker
@pytest.mark.django_db
def test_metrics_count_and_time_every_task_a_real_worker_runs(
    monitoring_open_to_localhost,
    worker_process: Worker,  # noqa: F811
    through_broker,  # noqa: F811
) -> None:  # type: ignore[no-untyped-def]
    from housingapp.celery import app

    client = Client()
    task = "participation.health_check"
    client.get(METRICS)  # the families exist once any task has ended
    app.send_task(task, queue=worker_process.queue).get(timeout=60)
    before = _task_figures(client, task)
    # when the worker runs the task twice, and once with an argument it does not take
    for args in ([], [], ["unexpected"]):
        app.send_task(task, args=args, queue=worker_process.queue).get(timeout=60, propagate=False)
    # then /metrics/ counts them by state, and their times, as any web process reads them
    after = _task_figures(client, task)
    assert after["success"] - before["success"] == 2
    assert after["failure"] - before.get("failure", 0) == 1
    assert after["count"] - before["count"] == 3
    assert after["le +Inf"] - before["le +Inf"] == 3
    assert after["sum"] > before["sum"]
    # the buckets are cumulative: none holds more than the next bound up
    bounds = sorted(
        (float(key.split()[1]), value) for key, value in after.items() if key.startswith("le ")
    )
    assert [value for _, value in bounds] == sorted(value for _, value in bounds)
