import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "housingapp.settings")

app = Celery("housingapp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def solo_worker_command(queue: str, nodename: str) -> list[str]:
    """The command line of a one-process worker that takes only `queue`'s tasks: what the tests
    and the benchmark start, each on a queue of its own."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "housingapp",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        nodename,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "warning",
    ]
