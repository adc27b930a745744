"""The load test: the roles' real journeys against gunicorn, with locust (issue 11).

Run it with bench/load.sh (README, "Load test"), which prepares the plan (bench/load_setup.py),
starts gunicorn and runs locust twice: this file's mixed journeys, and the login page alone
(`LOAD_ONLY_LOGIN=1`) as the machine's ceiling.

Each simulated user logs in once, through the login form, as one of the page benchmark's users
(bench/pages.py; adviser of the largest region, municipal staff of the largest and of a small
municipality, viewer of the largest region: the admin is left out, an admin must pass the second
factor), then loops over its role's journey: the dashboard, the initiative list (plain, searched,
page 2), the open input list, an initiative's and an event's detail, a report download (CSV,
XLSX) and, for municipal staff, the form that adds an input item to an event (read, then sent
with the page's CSRF token; each run adds input items marked "(lasttest)" to the dataset). By
default a user asks again as soon as it has its answer (`LOAD_WAIT="1,3"` waits 1–3 s between
steps, as a person reading the page would).

The measured window opens when every user has started (logged in, for the journeys): then the
statistics are reset and the run ends `LOAD_SECONDS` (default 60) later, so the figures are the
steady state of that many users, not the first seconds' queue of log-ins. Each log-in hashes the
password with Django's PBKDF2 (1 000 000 iterations, about 0.5–1.3 s of CPU here, by design), so
50 users logging in within five seconds keep both CPUs busy for 15–30 s; the log-ins' own figures
are written apart, to `<csv prefix>_login.json`, before the reset.

The server is asked as a TLS-terminating proxy would (`X-Forwarded-Proto: https`), so the
production settings apply unchanged; the session and CSRF cookies, marked Secure, are kept for
the plain-HTTP connection to gunicorn by the client here.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path
from typing import Any

import gevent
from gevent.event import Event
from locust import HttpUser, between, task
from locust.env import Environment

PLAN: dict[str, Any] = json.loads(
    Path(os.environ.get("LOAD_PLAN", "var/load/plan.json")).read_text()
)
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
THEME_OPTION = re.compile(r'<select[^>]*name="input-0-theme"[^>]*>.*?<option value="(\d+)"', re.S)
MEASURED_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
WINDOW_OPEN = Event()
_started: list[str] = []


def _started_one(environment: Environment, name: str) -> None:
    """Count a user as started; the last one opens the measured window and schedules its end."""
    _started.append(name)
    options = environment.parsed_options
    if WINDOW_OPEN.is_set() or options is None or len(_started) < options.num_users:
        return
    stats = environment.stats
    login = stats.entries.get(("log in", "POST"))
    if login is not None and options.csv_prefix:
        Path(f"{options.csv_prefix}_login.json").write_text(
            json.dumps(
                {
                    "requests": login.num_requests,
                    "failures": login.num_failures,
                    "p50": login.get_response_time_percentile(0.5),
                    "p95": login.get_response_time_percentile(0.95),
                }
            )
        )
    stats.reset_all()
    WINDOW_OPEN.set()
    runner = environment.runner
    if runner is not None:
        gevent.spawn_later(MEASURED_SECONDS, runner.quit)


class Visitor(HttpUser):
    """Common to all: a client that talks to gunicorn as the proxy in front of it would."""

    abstract = True
    # No pause between requests by default (each user asks again as soon as it has its answer:
    # the most a user count can ask of the server, as issue 11 measured); LOAD_WAIT="1,3" for a
    # person's pace.
    wait_time = between(*(float(x) for x in os.environ.get("LOAD_WAIT", "0,0").split(",")))

    def on_start(self) -> None:
        host = self.host or ""
        self.origin = "https://" + host.split("://", 1)[-1].rstrip("/")
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": self.origin})

    def start_measuring(self) -> None:
        """Wait, after this user's own start, until every user has started (see the docstring)."""
        _started_one(self.environment, type(self).__name__)
        WINDOW_OPEN.wait()

    def _keep_cookies(self) -> None:
        # The production cookies are Secure; the hop to gunicorn is plain HTTP.
        for cookie in self.client.cookies:
            cookie.secure = False

    def get(self, path: str, name: str) -> Any:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
        self._keep_cookies()
        return response

    def post_form(self, path: str, data: dict[str, str], name: str) -> Any:
        with self.client.post(
            path,
            data=data,
            name=name,
            headers={"Referer": self.origin + path},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code} for {path} (expected a redirect)")
        self._keep_cookies()
        return response


if os.environ.get("LOAD_ONLY_LOGIN"):

    class LoginPage(Visitor):
        """The anonymous login page alone: the ceiling of the machine and the stack."""

        def on_start(self) -> None:
            super().on_start()
            self.start_measuring()

        @task
        def login_page(self) -> None:
            self.get("/login/", "login page")

else:

    class RoleUser(Visitor):
        abstract = True
        role = ""

        def on_start(self) -> None:
            super().on_start()
            self.plan = PLAN[self.role]
            page = self.get("/login/", "login page")
            token = CSRF_INPUT.search(page.text)
            self.post_form(
                "/login/",
                {
                    "username": self.plan["username"],
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                },
                "log in",
            )
            self.start_measuring()

        @task(4)
        def dashboard(self) -> None:
            self.get("/", "dashboard")

        @task(2)
        def initiative_list(self) -> None:
            self.get("/tiltak/", "initiative list")

        @task(1)
        def initiative_list_searched(self) -> None:
            self.get("/tiltak/?q=bolig&page=2", "initiative list searched, page 2")

        @task(2)
        def input_list(self) -> None:
            self.get("/innspill/", "open input list")

        @task(2)
        def initiative_detail(self) -> None:
            if self.plan["initiatives"]:
                pk = random.choice(self.plan["initiatives"])
                self.get(f"/tiltak/{pk}/", "initiative detail")

        @task(2)
        def event_detail(self) -> None:
            if self.plan["events"]:
                pk = random.choice(self.plan["events"])
                self.get(f"/aktiviteter/{pk}/", "event detail")

        @task(1)
        def report_download(self) -> None:
            if self.plan["reports"]:
                self.get(random.choice(self.plan["reports"]), "report download")

        @task(1)
        def add_input(self) -> None:
            if not self.plan["input_events"]:
                return
            path = f"/aktiviteter/{random.choice(self.plan['input_events'])}/innspill/ny/"
            page = self.get(path, "add input (form)")
            token, theme = CSRF_INPUT.search(page.text), THEME_OPTION.search(page.text)
            if not token or not theme:
                return
            data = {
                "csrfmiddlewaretoken": token.group(1),
                "input-TOTAL_FORMS": "1",
                "input-INITIAL_FORMS": "0",
                "input-MIN_NUM_FORMS": "0",
                "input-MAX_NUM_FORMS": "50",
                "input-0-theme": theme.group(1),
                "input-0-summary": "Ønsker kortere ventetid på kommunal bolig (lasttest).",
            }
            self.post_form(path, data, "add input (send)")

    class Adviser(RoleUser):
        weight = 3
        role = "adviser"

    class StaffLarge(RoleUser):
        weight = 3
        role = "staff_large"

    class StaffSmall(RoleUser):
        weight = 2
        role = "staff_small"

    class Viewer(RoleUser):
        weight = 2
        role = "viewer"
