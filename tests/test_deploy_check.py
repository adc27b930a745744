"""`manage.py check --deploy` is clean with production environment values, and warns when
production would run without a cache shared by its processes."""

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
    "CACHE_URL",
)


def check_deploy(**values: str) -> subprocess.CompletedProcess[str]:
    """`manage.py check --deploy --fail-level WARNING` with production values and `values`."""
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
        **values,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values() -> None:
    # given production values, a shared cache among them; when checked
    result = check_deploy(CACHE_URL="redis://127.0.0.1:56379/2")

    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_warns_without_a_shared_cache() -> None:
    # given production values without CACHE_URL (each process would keep its own cache)
    result = check_deploy()

    # then the check fails at warning level, saying what goes wrong and what to set
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "participation.W001" in output
    assert "The cache is each process's own memory (CACHE_URL is unset)" in output
    assert "counted per process" in output
    assert "HINT: Set CACHE_URL to a Redis every web process shares" in output
    assert "System check identified 1 issue" in output, output
