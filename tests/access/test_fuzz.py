"""Hostile input on every route (issue 13, point 6): every form field and query parameter of every
route of the permission matrix gets huge numbers, far dates, long unbroken text, control
characters (NUL included), and formula and markup text, as a role that may use the route.

A route fails on any 500 (an exception in the view), and on any partial write: a request that
does not succeed (anything but a redirect away from the form) must leave every table's row count
and the target row as they were.

How fields are found: the route's own POST data in the matrix (`Route.data`) and the fields of
the form its URL shows (for a POST route), every field of every GET `<form>` on the page (query
parameters of its action), and the query and posted parameters views read outside forms
(`QUERY_PARAMETERS`, `POST_PARAMETERS`). Each route is tried once with every field hostile at once (one request per
hostile value), then one field at a time with the values that fit its kind, the others valid,
so that a form which refuses one field still reaches the next. Roles are sampled: each route is
tried as one role allowed on it, taking turns through the allowed roles from route to route so
that every role is used; the Django admin's pages only with all fields at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .scene import (  # noqa: F401  # scene_fixture, scene_sessions_fixture: module-scoped fixtures
    Scene,
    client_as,
    row_fields,
    scene_fixture,
    scene_sessions_fixture,
    table_counts,
)
from .spec import ROLES, Route
from .test_matrix import ALL_ROUTES, PATTERNS_BY_NAME, fill, is_login_redirect, url_kwargs

HUGE = "99999999999999999999"
LONG = "x" * 10_000
CONTROL = "a\x00b\x01c\x1b[2J\x7f\u202e"
FORMULA = '=HYPERLINK("http://example.test","klikk")'
MARKUP = "<script>alert(1)</script>{{ 7|add:7 }}{% now 'Y' %}"

# Formula and markup at the start of a long unbroken text: one value tries all three.
HOSTILE_TEXT = FORMULA + MARKUP + LONG

# One request each, with every field set to the value at once.
# (A huge negative number adds nothing to a huge one: every bound seen refuses both, and the
# time goes to more routes instead.)
EVERY_FIELD_AT_ONCE = [HUGE, "0001-01-01", "9999-12-31", HOSTILE_TEXT, CONTROL]
EVERY_PARAMETER_AT_ONCE = EVERY_FIELD_AT_ONCE
# One field at a time (the others valid), the value that fits the kind of field: a field
# without its own bound lets the form through only when it is the one hostile field.
BY_KIND = {
    "number": [HUGE],
    "date": ["9999-12-31"],
    "text": [CONTROL],
    "choice": [HUGE],
    "flag": [],
}
# Query parameters the views read beside their forms' fields (request.GET.get(...)).
QUERY_PARAMETERS = ("page", "q", "year", "role", "next", "sort", "order", "period", "status")
# Posted fields some views read beside their forms (request.POST.get(...)).
POST_PARAMETERS = ("action", "value", "side", "next", "confirmed")

# Fields a form shows but the fuzz leaves as they are: the CSRF token (the test client does not
# check it), and language switches and log-outs that would end the session being tested.
UNTOUCHED = frozenset({"csrfmiddlewaretoken"})
SKIP_FORM_ACTIONS = ("/i18n/", "/logg-ut/", "/logout/", "/admin/logout/")

DJANGO_ADMIN = "admin:"
# Pages whose success is not a redirect: a new API token's key is shown once, on the form's own
# answer (participation/api/pages.py), so a 200 that shows a key is the token made.
KEY_SHOWN_ON_SUCCESS = frozenset({"/konto/api-nokler/", "/api-nokler/"})
# A failed login is recorded, as it must be: the attempt (django-axes) and the security event
# with its link in the audit chain. Those tables may grow when the login is refused.
RECORDED_ON_REFUSAL = {
    "login": frozenset(
        {
            "axes_accessattempt",
            "axes_accessattemptexpiration",
            "axes_accessfailurelog",
            "accounts_securityevent",
            "accounts_auditchainlink",
        }
    ),
}


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name → kind
    values: dict[str, Any] = field(default_factory=dict)  # name → value as shown


class FormParser(HTMLParser):
    """The forms of a page: their action, method, and each named field with its kind."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page_url
            self.current = Form(action=action, method=(a.get("method") or "get").lower())
            self.forms.append(self.current)
            return
        if self.current is None or not a.get("name") or a.get("disabled") is not None:
            if tag == "option" and self.current is not None and self.select:
                self._option(a)
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and a.get("value"):
                    self.current.values.setdefault(name, a["value"])
                    self.current.fields.setdefault(name, "choice")
                return
            if kind in ("checkbox", "radio"):
                self.current.fields[name] = "choice" if kind == "radio" else "flag"
                if a.get("checked") is not None:
                    self.current.values[name] = a.get("value", "on")
                return
            self.current.fields[name] = {
                "number": "number",
                "date": "date",
                "datetime-local": "date",
                "month": "date",
                "time": "date",
                "hidden": "choice",
            }.get(kind, "text")
            self.current.values[name] = a.get("value", "")
        elif tag == "select":
            self.current.fields[name] = "choice"
            self.select = name
        elif tag == "textarea":
            self.current.fields[name] = "text"
            self.textarea = name
            self.current.values[name] = ""

    def _option(self, a: dict[str, str]) -> None:
        assert self.current is not None
        assert self.select is not None
        value = a.get("value", "")
        if a.get("selected") is not None or (value and self.select not in self.current.values):
            self.current.values[self.select] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.textarea:
            self.current.values[self.textarea] += data


def forms_of(html: str, page_url: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return [
        form
        for form in parser.forms
        if form.fields and not any(skip in form.action for skip in SKIP_FORM_ACTIONS)
    ]


def role_for(route: Route, index: int) -> str:
    """One role allowed on the route, taking turns from route to route; the first scoped role
    if nobody may use it (the refusal must hold up to hostile input too)."""
    if route.public:
        return "anonymous"
    allowed = [role for role in ROLES if role in route.allowed]
    if not allowed:
        return "municipal"
    return allowed[index % len(allowed)]


FUZZ_ROUTES = list(ALL_ROUTES)
ROUTE_ROLES = [(route, role_for(route, i)) for i, route in enumerate(FUZZ_ROUTES)]


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    requests: int = 0


def _send(
    client: Client,
    method: str,
    url: str,
    data: dict[str, Any],
    target: Any,
    findings: Findings,
    label: str,
) -> Any:
    """One request in a savepoint (a database error must not spoil the next); a 500 or an
    exception, and a refused POST that changed data, are findings."""
    findings.requests += 1
    recorded = RECORDED_ON_REFUSAL.get(urlsplit(url).path.strip("/").split("/")[0], frozenset())

    def state() -> tuple[dict[str, int], Any]:
        counts = {t: n for t, n in table_counts().items() if t not in recorded}
        return counts, row_fields(target)

    before = state() if method == "post" else None
    try:
        with transaction.atomic():
            response = (client.post if method == "post" else client.get)(url, data)
    except Exception as error:  # noqa: BLE001  # every exception is a finding: a 500 in production
        findings.problems.append(f"{label}: {type(error).__name__}: {str(error)[:200]}")
        return None
    if response.status_code >= 500:
        findings.problems.append(f"{label}: status {response.status_code}")
        return response
    if before is not None:
        succeeded = 300 <= response.status_code < 400 and not is_login_redirect(response)
        if urlsplit(url).path in KEY_SHOWN_ON_SUCCESS and response.status_code == 200:
            succeeded = 'value="hbs_' in response.content.decode()
        if not succeeded and state() != before:
            findings.problems.append(f"{label}: refused ({response.status_code}) but data changed")
    return response


def _short(value: str) -> str:
    return repr(value if len(value) < 40 else value[:20] + f"…({len(value)})")


def fuzz_form(
    client: Client,
    method: str,
    url: str,
    valid: dict[str, Any],
    kinds: dict[str, str],
    target: Any,
    findings: Findings,
    label: str,
    one_at_a_time: bool = True,
    values: list[str] = EVERY_FIELD_AT_ONCE,
) -> None:
    names = [name for name in kinds if name not in UNTOUCHED]
    if not names:
        return
    # Fields made in a loop (a grid's cells, count-<group id>-<role>) are tried one at a time
    # through one representative each: the first of each name with its digits left out.
    representatives: dict[str, str] = {}
    for name in names:
        representatives.setdefault(re.sub(r"\d+", "#", name), name)
    for value in values:
        data = {**valid, **dict.fromkeys(names, value)}
        _send(client, method, url, data, target, findings, f"{label} every field={_short(value)}")
    if not one_at_a_time:
        return
    for name in representatives.values():
        for value in BY_KIND.get(kinds[name], BY_KIND["text"]):
            data = {**valid, name: value}
            _send(client, method, url, data, target, findings, f"{label} {name}={_short(value)}")


def fuzz_route(route: Route, role: str, scene: Scene, sessions: dict[str, str]) -> Findings:
    findings = Findings()
    client = client_as(role, sessions, raise_request_exception=True)
    target = scene.target("home", route.target) if route.target else None
    pattern = PATTERNS_BY_NAME[route.name]
    url = reverse(route.name, kwargs=url_kwargs(pattern, target, scene) if target else None)
    label = f"{route.name} {route.method} as {role}"
    in_admin = route.name.startswith(DJANGO_ADMIN)

    if route.method == "POST":
        valid = fill(route.data, scene)
        kinds = {**dict.fromkeys(POST_PARAMETERS, "choice"), **dict.fromkeys(valid, "text")}
        # The page's own form tells each field's kind and adds those the matrix leaves out.
        page = client.get(url)
        if page.status_code == 200 and not in_admin:
            for form in forms_of(page.content.decode(), url):
                if form.method == "post" and urlsplit(form.action).path == url:
                    kinds = {**kinds, **form.fields}
                    valid = {**form.values, **valid}
        fuzz_form(client, "post", url, valid, kinds, target, findings, label, not in_admin)
        return findings

    # GET: the query parameters every view reads, then every form on the page.
    query = dict.fromkeys(QUERY_PARAMETERS, "text")
    fuzz_form(
        client,
        "get",
        url,
        {},
        query,
        target,
        findings,
        f"{label} query",
        False,
        EVERY_PARAMETER_AT_ONCE,
    )
    page = _send(client, "get", url, {}, target, findings, label)
    if page is None or page.status_code != 200 or in_admin:
        return findings
    if "html" not in page.get("Content-Type", ""):
        return findings
    for form in forms_of(page.content.decode(), url):
        action = urlsplit(form.action)
        path = action.path or url
        valid = {**dict(parse_qsl(action.query)), **form.values}
        if form.method == "get":
            fuzz_form(client, "get", path, valid, form.fields, target, findings, f"{label} form")
        # A POST form is fuzzed by the POST route of the URL it posts to: the matrix has one
        # for every URL that accepts POST, and it reads the fields from the same form.
    return findings


@pytest.mark.parametrize(
    ("route", "role"),
    ROUTE_ROLES,
    ids=[f"{route.name}-{route.method}-{role}" for route, role in ROUTE_ROLES],
)
def test_hostile_input(route: Route, role: str, scene: Scene, scene_sessions, db) -> None:  # type: ignore[no-untyped-def]
    findings = fuzz_route(route, role, scene, scene_sessions)
    assert findings.requests > 0
    assert not findings.problems, "\n".join(findings.problems[:40])


def test_every_role_is_used() -> None:
    used = {role for _, role in ROUTE_ROLES}
    assert used >= set(ROLES) - {"no_role"}, sorted(set(ROLES) - used)
