"""Test settings: the production settings with only speed and safety overrides.

The test command provides DATABASE_URL (a throwaway PostgreSQL) and CELERY_BROKER_URL (a
throwaway Redis); tests that need a real worker start one against them.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789-abcdefghij"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from .settings import *  # noqa: E402,F403

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    raise ImproperlyConfigured(  # noqa: F405
        "The tests run on PostgreSQL: set DATABASE_URL, or run them with `make test`, which "
        "starts a throwaway PostgreSQL and Redis."
    )

# Two database roles, as in production (README, "How production runs"). DATABASE_URL names the
# OWNER: it creates and migrates the test database and empties it between transactional tests
# (tests/harness). Then everything the tests exercise (the test client, the live server, the
# Celery workers the tests start) connects as the application's role TEST_APP_DATABASE_ROLE,
# created if missing and granted by `grant_app_role` (tests/conftest.py, django_db_setup), so it
# may only insert into and read the audit tables. The alias "owner" stays the owner, for the
# harness and for tests that play a tampering owner; it is a mirror of "default": no database of
# its own, no transaction of its own in tests, and only tests that name it may use it.
DATABASES["owner"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
TEST_APP_DATABASE_ROLE = os.environ.get("TEST_APP_DATABASE_ROLE") or "housing_app_test"
TEST_APP_DATABASE_PASSWORD = os.environ.get("TEST_APP_DATABASE_PASSWORD") or "app-role-test-only"
# First, so that its `flush` (as the owner) takes the place of Django's.
INSTALLED_APPS = ["tests.harness", *INSTALLED_APPS]  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Serve static files straight from the source folders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Test requests go over plain http to the live server; secure cookies would never be sent back.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Tasks called with .delay() in ordinary tests run in-process; the Celery tests send to the
# real worker explicitly.
CELERY_TASK_ALWAYS_EAGER = True
# Generated files (reports) go to a throwaway folder, removed at exit, not to var/media; worker
# processes that tests start are given the same folder through MEDIA_ROOT.
if not os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="housingapp-test-media-"))
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# The public pages' rate limit (participation/publishing) counts per address in the in-memory
# cache, and every test client comes from 127.0.0.1: high enough that the suite never meets it;
# tests/publishing lowers it to test it.
PUBLIC_RATE_LIMIT = "100000/m"
