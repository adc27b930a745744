"""Settings for housingapp, all read from the environment.

Every variable is documented in `.env.example` and the README. A bad or missing required value
stops start-up with an ImproperlyConfigured error that names the variable.
"""

import hashlib
import ipaddress
import os
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# Templates, static files and translations: at the top of a source checkout; inside the package
# (housingapp/resources/, put there by setup.py with compiled translations) in an installed wheel.
_PACKAGED_RESOURCES = Path(__file__).resolve().parent / "resources"
INSTALLED_FROM_WHEEL = _PACKAGED_RESOURCES.is_dir()
RESOURCE_DIR = _PACKAGED_RESOURCES if INSTALLED_FROM_WHEEL else BASE_DIR
# Files the site writes (the embedded SQLite database, collected static files, generated reports)
# default to var/ in the source checkout, or var/ in the working directory for an installed
# wheel; production sets STATIC_ROOT and MEDIA_ROOT.
VAR_DIR = Path.cwd() / "var" if INSTALLED_FROM_WHEEL else BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() not in ("true", "false", "1", "0"):
        raise ImproperlyConfigured(f"{name} must be 'true' or 'false', got {raw!r}")
    return raw.lower() in ("true", "1")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG and (
    # Django's own deployment check (security.W009) asks the same: 50 characters, 5 different.
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure")
    or SECRET_KEY in {DEVELOPMENT_SECRET_KEY, "change-me"}
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DEBUG off: use at least 50 random characters, e.g. from "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"` (see .env.example).'
    )

# The secret of the reports' disclosure control (participation/reports/disclosure.py): it decides
# the small noise each published count gets. Keep it stable: a new key gives every count new noise,
# and two versions of the same figure under different keys could be averaged. Default: derived from
# SECRET_KEY (so set it explicitly before ever rotating SECRET_KEY).
DISCLOSURE_KEY = (
    os.environ.get("DISCLOSURE_KEY", "")
    or hashlib.sha256(("disclosure-control:" + SECRET_KEY).encode()).hexdigest()
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (see .env.example).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_prometheus",
    "health_check",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rules.apps.AutodiscoverRulesConfig",
    # The domain, by concept, lowest layer first (README, "Architecture").
    "participation.places",
    "participation.accounts",
    # After accounts, whose auditlogflush (a refusal) must take the place of auditlog's.
    "auditlog",
    "participation.involvement",
    "participation.programme",
    "participation.reports",
    "participation.redaction",
    "participation.front",
    "participation.publishing",
    "participation.api",
    "participation.demo",
    # The public pages' sitemap (/apen/sitemap.xml).
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Request counts and latency for /metrics/ (participation/front/monitoring.py): first and last.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "participation.accounts.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL character in a query parameter or posted field: 400, before any view or query.
    "participation.core.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store on logged-in pages and on downloads.
    "participation.accounts.middleware.NoStoreMiddleware",
    # Before the session timeout, which says why it logged the user out.
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and maximum login length (SESSION_IDLE_TIMEOUT, SESSION_COOKIE_AGE).
    "participation.accounts.middleware.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Admins pass their TOTP second factor before anything else; needs OTPMiddleware before it.
    "participation.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Who did it: auditlog records the request's user as the actor of every change.
    "auditlog.middleware.AuditlogMiddleware",
    # Lockout after repeated failed logins; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Object permissions from the predicates in each app's rules.py (participation/*/rules.py).
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "housingapp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [RESOURCE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "housingapp.wsgi.application"
ASGI_APPLICATION = "housingapp.asgi.application"

# DATABASE_URL unset: an SQLite file under var/, the embedded default for trying the app.
# Production and the test suite use PostgreSQL, e.g. postgres://user:pass@host:5432/housing
_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    try:
        # Connections live a minute across requests; each is checked before a request reuses
        # it, so a PostgreSQL restart (or a killed backend) costs a reconnect, not a 500.
        DATABASES = {
            "default": dj_database_url.parse(
                _database_url, conn_max_age=60, conn_health_checks=True
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles any query whose plan cost passes jit_above_cost (100 000):
        # the pages' scoped counts over the national tables pass it and spent seconds compiling
        # queries that run in milliseconds (issue 11). Off for every connection of this app.
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"]["options"] = (
            DATABASES["default"]["OPTIONS"].get("options", "") + " -c jit=off"
        ).strip()
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
        }
    }

# SQLite (the embedded default, `make run`): the web process and the background worker share the
# file. Write-ahead logging lets readers and one writer work at once; transactions take the write
# lock when they begin (IMMEDIATE), so two writers queue for it instead of one failing on the
# upgrade from reading to writing; a writer waits up to 20 seconds for the lock before "database
# is locked". (The reports' figures step reads in a transaction that takes no lock, see
# participation/reports/services/locks.py.)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SILENCED_SYSTEM_CHECKS = [
    # RoleAssignment's unique constraint treats NULL scopes as equal; PostgreSQL (production and
    # tests) enforces it, the embedded SQLite demo database cannot.
    "models.W047",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after repeated failed logins (django-axes), with two limits (participation/accounts/
# lockout.py): AXES_FAILURE_LIMIT wrong passwords for one username *from one client address* lock
# that username from that address only (nobody can lock someone else's account from elsewhere),
# and AXES_IP_FAILURE_LIMIT failures from one address, whatever the usernames, lock that address
# (higher: an office behind one address shares it). An admin unlocks in the product or Django admin.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "participation.accounts.lockout.TwoLimitLockoutHandler"
# Attempts made while locked out neither count nor restart the cool-off: the hour is an hour.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind a reverse proxy every request comes from the proxy's address, so one address's limit
# would lock everyone: AXES_PROXY_COUNT (the number of proxies in front, which set
# X-Forwarded-For) makes django-axes read the client's address from that header instead.
_axes_proxy_count = env_int("AXES_PROXY_COUNT", 0)
if _axes_proxy_count > 0:
    AXES_IPWARE_PROXY_COUNT = _axes_proxy_count
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# A page that says the login is blocked for a while and whom to ask; HTTP status 429.
AXES_LOCKOUT_CALLABLE = "participation.accounts.views.account.locked_out"

# The admins' second factor (django-otp TOTP): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = "Boligsosialt arbeid"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "participation:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Norwegian Bokmål by default, English available.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [RESOURCE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` puts the files WhiteNoise serves.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "staticfiles")
STATICFILES_DIRS = [RESOURCE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded and generated files (report PDFs, spreadsheets): a persistent folder in production,
# shared by the web and worker processes.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console output unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# EMAIL_BACKEND overrides the choice, e.g. the file backend with EMAIL_FILE_PATH (a folder) for
# a test's worker process.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "boligsosialt@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery. Production: a Redis broker (redis://...). `make run` (scripts/run.sh and
# housingapp/background.py): `filesystem://localhost/`, kombu's file-system transport with its
# messages in CELERY_FILESYSTEM_FOLDER (var/celery/), so a real worker and beat run beside the
# development server without Redis. Unset: tasks run in-process, in the caller (eager), for
# scripts and shells.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_FILESYSTEM_BROKER = CELERY_BROKER_URL.startswith("filesystem://")
_default_result_backend = CELERY_BROKER_URL
if CELERY_FILESYSTEM_BROKER:
    CELERY_FILESYSTEM_FOLDER = Path(
        os.environ.get("CELERY_FILESYSTEM_FOLDER") or VAR_DIR / "celery"
    ).resolve()
    for _folder in ("queue", "control", "results"):
        (CELERY_FILESYSTEM_FOLDER / _folder).mkdir(parents=True, exist_ok=True)
    # Results (only `check_worker` waits for one) as files beside the messages.
    _default_result_backend = f"file://{CELERY_FILESYSTEM_FOLDER / 'results'}"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", _default_result_backend) or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# Reports (participation/reports/services/): the generating task's hard time limit in seconds;
# its soft limit, a minute earlier, marks the report failed cleanly.
REPORT_TASK_TIME_LIMIT = env_int("REPORT_TASK_TIME_LIMIT", 30 * 60)
# The queue report tasks are sent to; empty: Celery's default queue.
REPORT_QUEUE = os.environ.get("REPORT_QUEUE", "")
# The queue event imports are committed on (task participation.import_events); empty: Celery's
# default queue. A queue of their own keeps an import from waiting behind long reports.
IMPORT_QUEUE = os.environ.get("IMPORT_QUEUE", "")
# Redis hands an unacknowledged message (its worker was killed) to another worker after the
# visibility timeout: longer than the longest task, or a slow report would run twice. Workers look
# for such messages every CELERY_UNACKED_RESTORE_INTERVAL seconds.
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", REPORT_TASK_TIME_LIMIT + 10 * 60),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 60),
    "unacked_restore_throttle": 1,
}
if CELERY_FILESYSTEM_BROKER:
    # One folder for sending and taking (web, worker and beat on one machine); the exchanges'
    # bindings (for broadcasts such as ping) in another. A message is a file until a worker takes
    # it; the worker puts back those it took but had not finished when it stops.
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        {
            "data_folder_in": str(CELERY_FILESYSTEM_FOLDER / "queue"),
            "data_folder_out": str(CELERY_FILESYSTEM_FOLDER / "queue"),
            "control_folder": str(CELERY_FILESYSTEM_FOLDER / "control"),
        }
    )
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic tasks. The database scheduler copies these entries into django-celery-beat's tables at
# start-up (admins may then see, pause or re-time them in the Django admin).
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Daily e-mail to whoever is responsible for an overdue meeting commitment; each item at
    # most once a week (participation/programme/services/meetings.py), never once it is done or dropped.
    "commitment-reminders": {
        "task": "participation.send_commitment_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Daily risk rules (participation/programme/services/risks.py); each flag is raised once while open,
    # so a repeated or late run does no harm.
    "raise-risk-flags": {
        "task": "participation.raise_risk_flags",
        "schedule": crontab(hour=6, minute=30),
    },
    # Notices (participation/accounts/services/notifications.py): feedback due within a week,
    # then each user's daily digest of the notices not yet e-mailed (each at most once).
    "notify-feedback-due": {
        "task": "participation.notify_feedback_due",
        "schedule": crontab(hour=6, minute=45),
    },
    "notification-digests": {
        "task": "participation.send_notification_digests",
        "schedule": crontab(hour=7, minute=15),
    },
    # Reports waiting for the broker (it was down when they were asked for), sent long ago and
    # never started, or whose worker died (participation/reports/services/dispatch.py): sent
    # again. Sending twice does no harm (the task is idempotent); the report schedules
    # themselves are rows in django-celery-beat (migration 0007).
    "dispatch-waiting-reports": {
        "task": "participation.dispatch_waiting_reports",
        "schedule": crontab(minute="*"),
    },
    # The API's stored answers to writes with an Idempotency-Key, once older than
    # API_IDEMPOTENCY_HOURS (participation/api/idempotency.py): deleted daily.
    "delete-old-idempotency-answers": {
        "task": "participation.delete_old_idempotency_answers",
        "schedule": crontab(hour=3, minute=15),
    },
    # Event imports that will not finish (their message lost): failed, and the rows they hold
    # deleted (participation/involvement/services/import_jobs.py).
    "expire-stale-imports": {
        "task": "participation.expire_stale_imports",
        "schedule": crontab(minute=17),
    },
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Monitoring (participation/front/monitoring.py): /helse/ and /metrics/ answer only requests from
# these networks (comma-separated, e.g. 10.0.0.0/8,127.0.0.1/32); empty: nobody, both are 404.
MONITORING_ALLOWED_NETWORKS = []
for _network in env_list("MONITORING_ALLOWED_NETWORKS", []):
    try:
        MONITORING_ALLOWED_NETWORKS.append(ipaddress.ip_network(_network, strict=False))
    except ValueError:
        raise ImproperlyConfigured(
            f"MONITORING_ALLOWED_NETWORKS: {_network!r} is not an IP network"
        ) from None
# Load balancers and Prometheus ask over plain HTTP, straight to the web processes.
SECURE_REDIRECT_EXEMPT = [r"^helse/$", r"^metrics/$"]

# The site's address, for links in e-mails sent by workers (they have no request to build one).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The cache: the public pages (participation/publishing/cache.py) and their rate limit. With
# several web processes set CACHE_URL to a shared Redis (e.g. redis://127.0.0.1:6379/2), so that
# a page withdrawn in one process is gone from all; unset, each process keeps its own in memory.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Public pages (/apen/): how long a page stays cached at most (publishing, changing or
# withdrawing, and any change to the records shown, clear it at once), and how many requests one
# address may make (django-ratelimit's syntax, e.g. "120/m"); above it, 429.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)
PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT", "120/m")
# The request header that holds the visitor's address behind the TLS proxy (e.g.
# "HTTP_X_REAL_IP"); empty: REMOTE_ADDR. Behind a proxy, REMOTE_ADDR is the proxy's own.
PUBLIC_CLIENT_IP_HEADER = os.environ.get("PUBLIC_CLIENT_IP_HEADER", "")

# Risk rules (participation/programme/services/risks.py, shown to advisers on /radgiver/risikoregler/).
RISK_NO_MEETING_MONTHS = env_int("RISK_NO_MEETING_MONTHS", 6)
RISK_UNSPENT_NOK = env_int("RISK_UNSPENT_NOK", 500_000)

# Content Security Policy (django-csp): everything from our own origin, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"

# Security: safe defaults whenever DEBUG is off.
# A login lasts at most SESSION_COOKIE_AGE (a working day), and ends after SESSION_IDLE_TIMEOUT
# without a request (an unattended screen in a shared office); participation.accounts.middleware checks
# both. The cookie itself goes when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie (forms carry the token in a hidden field).
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler would print its messages a second time through the root.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # WeasyPrint logs every layout step of every PDF at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# The API (participation/api, README "API"): Django REST framework and drf-spectacular.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/minute")
# How long a write's answer is kept for replay under its Idempotency-Key (participation/api/
# idempotency.py); a daily task deletes older ones, and the key may then be used afresh.
API_IDEMPOTENCY_HOURS = env_int("API_IDEMPOTENCY_HOURS", 24)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "participation.api.authentication.BearerTokenAuthentication",
        "participation.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["participation.api.base.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["participation.api.base.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "participation.api.base.ApiCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Boligsosialt arbeid API",
    "DESCRIPTION": (
        "Read the municipalities' initiatives, involvement and indicator values, Husbanken's "
        "programme and reports; push involvement events and indicator values. Every list is "
        "limited to what your roles may see, as in the web. Authenticate with "
        "`Authorization: Bearer <token>` (make a token on your account page)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SWAGGER_UI_DIST": "SIDECAR",
    # No deep links: Swagger UI puts a link inside each operation's button, which nests one
    # interactive control in another (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "GoalKindEnum": "participation.places.models.Goal.Kind",
        "PeriodKindEnum": "participation.programme.models.ReportingPeriod.Kind",
        "AgreementKindEnum": "participation.programme.models.ProgrammeAgreement.Kind",
        "MeetingKindEnum": "participation.programme.models.Meeting.Kind",
    },
}
