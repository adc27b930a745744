"""`manage.py check --deploy` is clean with production environment values."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What a production host sets (see .env.example); nothing else from the test run leaks in.
LEAKY_VARIABLES = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_AGE",
    "SESSION_IDLE_TIMEOUT",
    "CSRF_TRUSTED_ORIGINS",
)


def test_check_deploy_is_clean_with_production_values() -> None:
    # given
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in LEAKY_VARIABLES and not key.startswith("DJANGO_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="housingapp.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="boligsosialt.example.no",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:55432/housing"),
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:56379/0"),
    )

    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
