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
