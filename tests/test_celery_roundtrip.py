"""A task's round trip through Redis and a real Celery worker process.

The worker runs with the production settings against the test database, so it only sees
committed data: the tests use `transactional_db` (through the `reference_data` fixture).
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from housingapp.celery import app, worker_command
from participation.places.models import Municipality

pytestmark = pytest.mark.celery_worker

ROOT = Path(__file__).resolve().parent.parent


def _test_database_url() -> str:
    """A URL for the database pytest-django made (test_…), for the worker process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


@dataclass(frozen=True)
class Worker:
    queue: str  # a queue of its own, so no other worker (or test run) takes its tasks
    nodename: str
    log: Path


@pytest.fixture(scope="module")
def worker_process(django_db_setup, tmp_path_factory) -> Iterator[Worker]:  # type: ignore[no-untyped-def]
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.fail(
            "CELERY_BROKER_URL is not set: the round trip needs Redis. Run `make test`, which "
            "starts a throwaway Redis, or point CELERY_BROKER_URL at one."
        )
    suffix = uuid.uuid4().hex[:8]
    worker = Worker(
        queue=f"roundtrip-{suffix}",
        nodename=f"roundtrip-{suffix}@localhost",
        log=tmp_path_factory.mktemp("celery") / "worker.log",
    )
    database_url = _test_database_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "housingapp.settings",  # the real broker, not eager tasks
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "DEBUG": "false",
        "SECRET_KEY": "celery-roundtrip-test-key-only-for-this-test-0123456789abcdefghij",
        "ALLOWED_HOSTS": "localhost",
    }
    env.pop("CELERY_RESULT_BACKEND", None)  # the worker answers through the broker's Redis
    with worker.log.open("wb") as log:
        process = subprocess.Popen(
            worker_command(worker.queue, worker.nodename),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_answering(process, worker)
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def through_broker() -> Iterator[None]:
    """The test settings run tasks eagerly; these tests want results from the real worker."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def _wait_until_answering(process: subprocess.Popen[bytes], worker: Worker) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The Celery worker exited with {process.returncode}:\n{_tail(worker)}")
        if app.control.ping(destination=[worker.nodename], timeout=1.0):
            return
    pytest.fail(f"The Celery worker did not answer a ping within 60 seconds:\n{_tail(worker)}")


def _tail(worker: Worker) -> str:
    return worker.log.read_text(errors="replace")[-4000:]


def test_task_round_trip_through_a_real_worker(
    worker_process: Worker, through_broker, reference_data
) -> None:  # type: ignore[no-untyped-def]
    # given: reference data committed to the test database
    expected = Municipality.objects.current().count()
    assert expected == 357
    # when: the task goes through the broker to the worker's queue
    result = app.send_task("participation.health_check", queue=worker_process.queue)
    answer = result.get(timeout=60)
    # then: the worker counted the same rows, and it was the worker that answered, connected
    # as the application's database role (tests/conftest.py), as in production
    assert answer == {
        "hostname": worker_process.nodename,
        "municipalities": expected,
        "database_role": settings.TEST_APP_DATABASE_ROLE,
    }


def test_check_worker_command_reports_the_answer(
    worker_process: Worker, through_broker, reference_data, capsys
) -> None:  # type: ignore[no-untyped-def]
    # when
    call_command("check_worker", "--queue", worker_process.queue, "--timeout", "60")
    # then
    out = capsys.readouterr().out
    assert f"Worker {worker_process.nodename} answered" in out
    assert (
        f"357 current municipalities as the database role {settings.TEST_APP_DATABASE_ROLE}." in out
    )
