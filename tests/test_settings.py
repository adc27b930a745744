"""A bad or missing required setting stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Variables the settings read; each case starts from none of them, then sets its own.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "SESSION_COOKIE_AGE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
)


def start_django(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="housingapp.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


VALID = {
    "DEBUG": "false",
    "SECRET_KEY": "a-key-for-this-test-only-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "example.org",
}


def test_valid_production_settings_start() -> None:
    # when
    result = start_django(**VALID)
    # then
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({**VALID, "SECRET_KEY": "short-but-not-empty"}, "SECRET_KEY is too weak"),
        ({**VALID, "SECRET_KEY": "change-me"}, "SECRET_KEY is too weak"),
        ({**VALID, "SECRET_KEY": "ab" * 40}, "SECRET_KEY is too weak"),
        ({**VALID, "SECRET_KEY": "django-insecure-" + "x1y2z3" * 10}, "SECRET_KEY is too weak"),
        ({**VALID, "DEBUG": "maybe"}, "DEBUG"),
        ({**VALID, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({**VALID, "DATABASE_URL": "nonsense://"}, "DATABASE_URL"),
        ({**VALID, "EMAIL_PORT": "abc"}, "EMAIL_PORT"),
        ({**VALID, "SESSION_COOKIE_AGE": "eight hours"}, "SESSION_COOKIE_AGE"),
    ],
    ids=[
        "no-secret-key",
        "short-secret-key",
        "placeholder-secret-key",
        "repetitive-secret-key",
        "django-insecure-secret-key",
        "bad-debug",
        "no-allowed-hosts",
        "bad-database-url",
        "bad-email-port",
        "bad-session-age",
    ],
)
def test_bad_or_missing_setting_stops_start_up_naming_it(
    variables: dict[str, str], named: str
) -> None:
    # when
    result = start_django(**variables)
    # then
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert named in last_line, result.stderr
