"""The Celery app of test workers that pause after a report's figures step.

`celery -A tests.reports.paused_worker worker` runs the project's app (housingapp.celery) with the
figures step of participation/reports/services/generation.py followed by a pause of as many
seconds as the environment variable TEST_PAUSE_AFTER_FIGURES says: long enough for a test to see
the progress bar of a report half made, to drop the worker's database connections, to reach a
time limit, or to kill the worker at a known point (rows written, nothing committed). Only tests
start it (`report_worker(..., pause_after_figures=...)` in generation_support.py); the product has
no such hook.
"""

from __future__ import annotations

import os
import time
from typing import Any

import django

from housingapp.celery import app

django.setup()

from participation.reports.services import generation  # noqa: E402  # needs the apps loaded

PAUSE_VARIABLE = "TEST_PAUSE_AFTER_FIGURES"  # as generation_support.PAUSE_VARIABLE

_figures_step = generation.figures_step


def _figures_step_then_pause(*args: Any, **kwargs: Any) -> Any:
    result = _figures_step(*args, **kwargs)
    time.sleep(float(os.environ.get(PAUSE_VARIABLE, "0")))
    return result


generation.figures_step = _figures_step_then_pause

__all__ = ["app"]
