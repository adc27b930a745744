"""The background worker of `make run`: `python -m housingapp.background`.

scripts/run.sh starts it beside the development server (and tests/test_embedded_default.py
starts it the same way): a real Celery worker with its beat embedded (`--beat`), on the broker
of the settings, which `make run` makes `filesystem://` (kombu's file-system transport, messages
as files under var/celery/). So a report asked for in the browser is sent and made as in
production, by another process, while the page follows its progress; the notifications, the
import and the schedules (django-celery-beat's database scheduler) take the same path.

One process at a time: the worker keeps its pid file in the broker's folder and refuses to start
while another lives. It is not reloaded when the code changes (the development server is):
restart `make run` after changing a task. SIGTERM or SIGINT stops it warmly (it finishes the task
it is on); SIGQUIT at once.
"""

from __future__ import annotations

import os
import sys


def command(python: str = sys.executable) -> list[str]:
    """The worker's command line: one task at a time in a child process (as production's
    `celery -A housingapp worker`, whose time limits need one), with beat in the same worker."""
    from django.conf import settings

    if not getattr(settings, "CELERY_FILESYSTEM_BROKER", False):
        raise SystemExit(
            "The background worker of `make run` wants CELERY_BROKER_URL=filesystem:// "
            "(production runs `celery -A housingapp worker` and `celery -A housingapp beat`)."
        )
    folder = settings.CELERY_FILESYSTEM_FOLDER
    return [
        python,
        "-m",
        "celery",
        "--quiet",  # no banner
        "-A",
        "housingapp",
        "worker",
        "--beat",
        "--pool=prefork",
        "--concurrency=1",
        "-n",
        "make-run@%h",
        f"--pidfile={folder / 'worker.pid'}",
        f"--schedule={folder / 'beat-schedule'}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "warning",
    ]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "housingapp.settings")
    argv = command()
    os.execv(argv[0], argv)  # the worker takes this process's place: signals reach it directly


if __name__ == "__main__":
    main()
