import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "housingapp.settings")

app = Celery("housingapp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def worker_command(
    queue: str, nodename: str, pool: str = "solo", app: str = "housingapp"
) -> list[str]:
    """The command line of a worker with one task at a time that takes only `queue`'s tasks:
    what the tests and the benchmark start, each on a queue of its own. `pool="prefork"` runs
    the task in a child process, as production workers do (time limits need it). `app` is the
    module with the Celery app (`-A`): tests may give one of their own that wraps this one."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        app,
        "worker",
        f"--pool={pool}",
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
