"""The README's production install, followed literally from a built wheel (issue 13, point 1).

Builds the wheel from a copy of the source tree, installs it with `pip install -c constraints.txt`
(no dev extras) into a fresh virtualenv, and then, in a working folder that holds no source code,
with only the production settings in the environment (DEBUG off, HTTPS behind a proxy):
`housingapp migrate`, `load_reference_data`, `collectstatic`, `createadmin`; starts gunicorn, a
Celery worker and beat from that virtualenv; logs in as the new admin (setting up the second
factor, as at a first login), asks for a report, waits for the worker to make it and downloads
its PDF, whose checksum matches the one on record.

It talks HTTP itself (no test client): the requests carry `X-Forwarded-Proto: https` as the
TLS-terminating proxy would, and the cookies are kept by hand because they are `Secure`.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.utils import timezone
from django_otp.oath import totp

ROOT = Path(__file__).resolve().parent.parent
# Everything a checkout holds that the wheel is built from (not the virtualenv, not var/).
SKIP = shutil.ignore_patterns(
    ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", "*.mo", "node_modules"
)

pytestmark = pytest.mark.celery_worker


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 180) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, (
        f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


@dataclass
class Site:
    """An HTTP client of the running gunicorn, as a browser behind the TLS proxy."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": self.origin + path,
            "Accept-Language": "en",
        }
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name] = rest.split(";", 1)[0]
        result_headers = {name.lower(): value for name, value in response.getheaders()}
        connection.close()
        return response.status, result_headers, content

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        status, headers, content = self.request("POST", path, form)
        assert status != 403, content.decode(errors="replace")[:2000]
        return status, headers, content

    def path_of(self, location: str) -> str:
        parsed = urllib.parse.urlsplit(location)
        return parsed.path + (f"?{parsed.query}" if parsed.query else "")


@dataclass
class Installation:
    venv: Path
    workdir: Path
    env: dict[str, str]
    database: dict[str, str]

    def housingapp(self, *args: str, timeout: float = 300) -> str:
        return _run(
            [str(self.venv / "bin" / "housingapp"), *args],
            cwd=self.workdir,
            env=self.env,
            timeout=timeout,
        )

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with psycopg2.connect(**self.database) as connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        connection.close()
        return rows


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    base = tmp_path_factory.mktemp("wheel")
    # Build from a copy, so the checkout gets no build/ folder.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"), "."],
        cwd=source,
        env=dict(os.environ),
    )
    (wheel,) = (base / "dist").glob("housingapp-*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=base, env=dict(os.environ))
    clean_env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", str(base)),
        "LANG": "C.UTF-8",
    }
    # The README's install: pinned, no extras.
    _run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "-q",
            "-c",
            str(ROOT / "constraints.txt"),
            str(wheel),
        ],
        cwd=base,
        env={**clean_env, **{k: v for k, v in os.environ.items() if k.startswith("PIP_")}},
        timeout=600,
    )

    default = settings.DATABASES["default"]
    # The owner makes the site's database and the site runs as it (the tests' default
    # connection is the application's role, which may not create a database).
    owner = settings.DATABASES["owner"]
    server = {
        "host": default["HOST"] or "127.0.0.1",
        "port": str(default["PORT"] or 5432),
        "user": owner["USER"],
        "password": owner["PASSWORD"] or "",
    }
    name = f"{default['NAME']}_wheel"
    _create_database(server, name)
    workdir = base / "site"
    workdir.mkdir()
    credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
    env = {
        **clean_env,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{credentials}@{server['host']}:{server['port']}/{name}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "SITE_URL": "https://127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "MONITORING_ALLOWED_NETWORKS": "127.0.0.1/32",
    }
    try:
        yield Installation(venv, workdir, env, {**server, "dbname": name})
    finally:
        _drop_database(server, name)


def _create_database(server: dict[str, str], name: str) -> None:
    connection = psycopg2.connect(dbname="postgres", **server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _drop_database(server: dict[str, str], name: str) -> None:
    connection = psycopg2.connect(dbname="postgres", **server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


@pytest.fixture(scope="module")
def running(installation: Installation) -> Iterator[Site]:
    """The release steps, then gunicorn, a worker and beat, as README "How production runs"."""
    installation.housingapp("migrate", "--noinput")
    installation.housingapp("load_reference_data")
    installation.housingapp("collectstatic", "--noinput")
    port = _free_port()
    bin_dir = installation.venv / "bin"
    logs = installation.workdir / "logs"
    logs.mkdir()
    commands = {
        "gunicorn": [
            str(bin_dir / "gunicorn"),
            "housingapp.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        "worker": [
            str(bin_dir / "celery"),
            "-A",
            "housingapp",
            "worker",
            "-l",
            "info",
            "--concurrency",
            "1",
            "-n",
            f"wheel-{port}@%h",
        ],
        "beat": [str(bin_dir / "celery"), "-A", "housingapp", "beat", "-l", "info"],
    }
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, command in commands.items():
            with open(logs / f"{name}.log", "wb") as log:
                processes[name] = subprocess.Popen(
                    command,
                    cwd=installation.workdir,
                    env=installation.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        # README: "after starting, check that a worker answers through the broker".
        installation.housingapp("check_worker", "--timeout", "60")
        site = Site(port)
        deadline = time.monotonic() + 30
        while True:
            try:
                if site.get("/login/")[0] == 200:
                    break
            except OSError:
                pass
            assert processes["gunicorn"].poll() is None, (logs / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.3)
        yield site
        for name, process in processes.items():
            assert process.poll() is None, f"{name} stopped:\n" + (logs / f"{name}.log").read_text()
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_the_wheel_holds_no_dev_dependency_and_every_resource(installation: Installation) -> None:
    python = str(installation.venv / "bin" / "python")
    for module in ("pytest", "django_stubs_ext", "mypy"):
        found = subprocess.run(
            [python, "-c", f"import {module}"],
            cwd=installation.workdir,
            env=installation.env,
            capture_output=True,
            check=False,
        )
        assert found.returncode != 0, f"{module} is installed without the dev extras"
    listing = _run(
        [
            python,
            "-c",
            "import housingapp, participation.places.data as d, pathlib; "
            "r = pathlib.Path(housingapp.__file__).parent / 'resources'; "
            "print(sorted(str(p.relative_to(r)) for p in r.glob('locale/*/LC_MESSAGES/*.mo'))); "
            "print((r / 'templates/participation').is_dir(), (r / 'static/css/app.css').is_file()); "
            "print(sorted(p.name for p in d.DATA_DIR.glob('*.csv')))",
        ],
        cwd=installation.workdir,
        env=installation.env,
    )
    assert "locale/nb/LC_MESSAGES/django.mo" in listing
    assert "True True" in listing
    assert "kommuner-2026.csv" in listing


def test_readme_install_runs_a_site_that_makes_and_serves_a_report(
    installation: Installation, running: Site
) -> None:
    site = running
    password = secrets.token_urlsafe(18)
    _run(
        [
            str(installation.venv / "bin" / "housingapp"),
            "createadmin",
            "drift",
            "--email",
            "drift@example.org",
            "--noinput",
        ],
        cwd=installation.workdir,
        env={**installation.env, "ADMIN_PASSWORD": password},
    )
    # Beat wrote the periodic tasks of CELERY_BEAT_SCHEDULE into its tables at start-up.
    deadline = time.monotonic() + 30
    while not installation.query(
        "SELECT 1 FROM django_celery_beat_periodictask WHERE name = %s",
        ("dispatch-waiting-reports",),
    ):
        assert time.monotonic() < deadline, "beat did not start"
        time.sleep(0.5)

    # The static files come from collectstatic's manifest, through WhiteNoise.
    status, _, login_page = site.get("/login/")
    stylesheet = re.search(rb'href="(/static/css/app\.[0-9a-f]+\.css)"', login_page)
    assert stylesheet, login_page.decode()[:2000]
    assert site.get(stylesheet.group(1).decode())[0] == 200

    # Log in as the new admin: the first login sets up the second factor.
    status, headers, _ = site.post("/login/", {"username": "drift", "password": password})
    assert status == 302, headers
    status, headers, _ = site.get("/")
    assert status == 302
    enrol_path = site.path_of(headers["location"])
    status, _, page = site.get(enrol_path)
    assert status == 200
    secret = re.search(rb'id="totp-secret">([A-Z2-7 ]+)<', page)
    assert secret, page.decode()[:2000]
    key = secret.group(1).decode().replace(" ", "")
    code = f"{totp(base64.b32decode(key + '=' * (-len(key) % 8))):06d}"
    status, headers, page = site.post(enrol_path, {"code": code})
    assert status == 302, page.decode()[:3000]
    status, _, page = site.get("/")
    assert status == 200

    # Ask for a report on Bodø's last year; the worker makes it, and it downloads.
    ask_and_download(installation, site, timezone.localdate().year - 1)


def test_the_health_endpoint_answers_the_load_balancer_over_plain_http(running: Site) -> None:
    # when the load balancer asks gunicorn directly (no proxy, no X-Forwarded-Proto)
    connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=60)
    connection.request("GET", "/helse/?format=json", headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    # then every check passed: database, storage, Redis and the worker started above
    assert response.status == 200, body
    results = json.loads(body)
    assert len(results) == 4
    assert set(results.values()) == {"OK"}, results
    # and Prometheus gets its metrics the same way
    connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=60)
    connection.request("GET", "/metrics/", headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    metrics = response.read().decode()
    connection.close()
    assert response.status == 200
    assert 'housingapp_reports{status="done"}' in metrics
    assert "django_http_requests_latency_seconds_by_view_method" in metrics


def test_a_database_restart_costs_no_server_error(
    installation: Installation, running: Site
) -> None:
    # given the logged-in admin of the test above, whose gunicorn and worker hold connections
    site = running
    assert site.get("/")[0] == 200
    # when every connection to the database ends, as in a PostgreSQL restart
    server = {k: v for k, v in installation.database.items() if k != "dbname"}
    connection = psycopg2.connect(dbname="postgres", **server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (installation.database["dbname"],),
        )
        (terminated,) = cursor.fetchone()  # type: ignore[misc]
    connection.close()
    assert terminated >= 1
    # then the next requests are answered (each process reconnects), and the worker makes reports
    for path in ("/", "/rapporter/", "/kommuner/1804/"):
        status, _, page = site.get(path)
        assert status == 200, page.decode(errors="replace")[:2000]
    ask_and_download(installation, site, timezone.localdate().year - 2)


def ask_and_download(installation: Installation, site: Site, year: int) -> None:
    """Ask for Bodø's report on `year` through the form, wait for the worker to make it and
    download its PDF: the bytes the database's checksum names, and the download logged."""
    status, _, page = site.get("/rapporter/ny/")
    assert status == 200
    strategy = re.search(rb'<select name="strategy".*?<option value="(\d+)"', page, re.S)
    assert strategy, page.decode()[:3000]
    status, headers, page = site.post(
        "/rapporter/ny/",
        {
            "scope": "municipality",
            "municipality": "1804",
            "strategy": strategy.group(1).decode(),
            "period_kind": "year",
            "year": str(year),
            "number": "",
            "language": "nb",
        },
    )
    assert status == 302, page.decode()[:3000]
    report_path = site.path_of(headers["location"])
    report_id = int(re.fullmatch(r"/rapporter/(\d+)/", report_path).group(1))  # type: ignore[union-attr]

    # The worker makes it; the page's progress says so.
    deadline = time.monotonic() + 120
    while True:
        status, _, body = site.get(f"/rapporter/{report_id}/framdrift/")
        assert status == 200
        progress = json.loads(body)
        if progress["finished"]:
            break
        assert time.monotonic() < deadline, progress
        time.sleep(1)
    assert progress["status"] == "done", progress

    status, headers, pdf = site.get(f"/rapporter/{report_id}/last-ned/pdf/")
    assert status == 200
    assert headers["content-type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")
    ((recorded,),) = installation.query(
        "SELECT sha256 FROM reports_reportfile WHERE snapshot_id = %s AND format = 'pdf'",
        (report_id,),
    )
    assert hashlib.sha256(pdf).hexdigest() == recorded
    assert installation.query(
        "SELECT 1 FROM accounts_securityevent WHERE kind = 'export' AND (data->>'report')::int = %s",
        (report_id,),
    )
