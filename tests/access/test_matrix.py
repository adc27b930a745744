"""The permission matrix, generated from the URLconf: every route × every role × an object in and
out of scope, each case its own test.

How a case is judged (the semantics of `spec.Route`):
- Public routes: roles in `allowed` get any status below 400, others `denied_status`.
- Anonymous users get a redirect to a login page (the product's, or the admin's for admin URLs).
- Out of scope (the foreign object, or for a role with no scope the home object of a municipal
  record), every role but admin gets `outsider_status` (404: they learn nothing).
- Otherwise roles in `allowed` succeed (2xx, or a redirect that is not to a login page), and the
  others get `denied_status` (403; for the Django admin a redirect to its login page).
- A POST that does not succeed changes nothing: every table's row count and the target row's
  fields are the same after it.

URL arguments are filled from the target object by name: `number` → the municipality number,
`code` → its region's code, `app_label` / `model` / `model_name` → the object's model, `period` → the scene's open reporting
period (periods belong to no municipality: such URLs name a municipality too, and are scoped by
it), anything else (pk, object_id …) → its primary key.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, reverse

from . import routes_core
from .api_routes import API_NAMES
from .scene import (  # noqa: F401  # scene_fixture, scene_sessions_fixture: module-scoped fixtures
    Scene,
    client_as,
    row_fields,
    scene_fixture,
    scene_sessions_fixture,
    table_counts,
)
from .spec import READERS, ROLES, TARGETS, Route

# Every tests/access/routes_*.py module contributes its ROUTES: a new area adds a module.
ROUTE_MODULES = sorted(
    info.name
    for info in pkgutil.iter_modules([str(Path(__file__).parent)])
    if info.name.startswith("routes_")
)
ALL_ROUTES: list[Route] = [
    route
    for name in ROUTE_MODULES
    for route in importlib.import_module(f"{__package__}.{name}").ROUTES
]

# Records that belong to a municipality: out of scope for a role that has none.
SCOPED_TARGETS = frozenset(
    {
        "municipality",
        "initiative",
        "event",
        "input",
        "meeting",
        "commitment",
        "grant",
        "risk_flag",
        "agreement",
        "contact",
        "report",
    }
)
SUCCESS = "success"
LOGIN_REDIRECT = "redirect to a login page"

# Fewer cases than this means routes or roles went missing from the matrix.
MINIMUM_CASES = 400


@dataclass(frozen=True)
class Pattern:
    name: str | None  # namespaced, e.g. "participation:initiative-detail"
    namespace: str | None
    route: str
    kwargs: tuple[str, ...]


def url_patterns(
    resolver: URLResolver | None = None, namespace: str | None = None, prefix: str = ""
) -> Iterator[Pattern]:
    """Every URL pattern of the project, walking included URLconfs recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(ns for ns in (namespace, entry.namespace) if ns) or None
            yield from url_patterns(entry, inner, prefix + str(entry.pattern))
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            kwargs = tuple(entry.pattern.regex.groupindex)
            yield Pattern(name, namespace, prefix + str(entry.pattern), kwargs)


PATTERNS = list(url_patterns())
PATTERNS_BY_NAME = {p.name: p for p in PATTERNS if p.name}


def classified_by_namespace(pattern: Pattern) -> bool:
    return (pattern.namespace or "").split(":")[0] == routes_core.ADMIN_NAMESPACE


def classified_as_api(pattern: Pattern) -> bool:
    """The API's routes are checked by test_api_matrix.py, classified in api_routes.py."""
    return pattern.name in API_NAMES


def _sides(route: Route) -> tuple[str | None, ...]:
    return ("home", "foreign") if route.target else (None,)


CASES = [(route, role, side) for route in ALL_ROUTES for role in ROLES for side in _sides(route)]
CASE_IDS = [
    f"{route.name}-{route.method}-{role}" + (f"-{side}" if side else "")
    for route, role, side in CASES
]


def expected_outcome(route: Route, role: str, side: str | None) -> str | int:
    if route.public:
        return SUCCESS if role in route.allowed else route.denied_status
    if role == "anonymous":
        return LOGIN_REDIRECT
    if role != "admin":
        if side == "foreign":
            return route.outsider_status
        if side == "home" and route.target in SCOPED_TARGETS and role not in READERS:
            return route.outsider_status
    return SUCCESS if role in route.allowed else route.denied_status


# The checks themselves -------------------------------------------------------------------------


def is_login_redirect(response: Any) -> bool:
    if response.status_code not in (301, 302, 303):
        return False
    login_pages = {resolve_url(settings.LOGIN_URL), reverse("admin:login")}
    return urlsplit(response["Location"]).path in login_pages


def assert_outcome(response: Any, expected: str | int, public: bool) -> None:
    status = response.status_code
    where = f" (to {response['Location']})" if 300 <= status < 400 else ""
    got = f"got {status}{where}"
    if expected == SUCCESS:
        if public:
            assert status < 400, got
        else:
            assert 200 <= status < 300 or (
                300 <= status < 400 and not is_login_redirect(response)
            ), got
    elif expected == LOGIN_REDIRECT or (isinstance(expected, int) and 300 <= expected < 400):
        assert is_login_redirect(response), f"expected a redirect to a login page, {got}"
    else:
        assert status == expected, f"expected {expected}, {got}"


def url_kwargs(pattern: Pattern, obj: Any, scene: Scene) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name in pattern.kwargs:
        if name == "period":
            assert scene.reporting_period is not None
            kwargs[name] = scene.reporting_period.pk
        elif name == "number":  # a municipality's number; of its municipality for a record
            kwargs[name] = obj.number if hasattr(obj, "number") else obj.municipality.number
        elif name == "code":  # a region's code: the region of the target municipality
            kwargs[name] = obj.region.code
        elif name == "app_label":
            kwargs[name] = obj._meta.app_label
        elif name in ("model", "model_name"):
            kwargs[name] = obj._meta.model_name
        else:
            kwargs[name] = obj.pk
    return kwargs


def fill(data: dict[str, Any], scene: Scene) -> dict[str, Any]:
    return {
        key: value.format(scene=scene) if isinstance(value, str) else value
        for key, value in data.items()
    }


# Tests -----------------------------------------------------------------------------------------


def test_every_url_pattern_is_classified() -> None:
    classified = {route.name for route in ALL_ROUTES}
    unclassified = sorted(
        p.name or f"(unnamed) {p.route}"
        for p in PATTERNS
        if p.name not in classified and not classified_by_namespace(p) and not classified_as_api(p)
    )
    assert not unclassified, (
        "These URL patterns have no Route in tests/access/routes_*.py; add one per accepted "
        "method (see tests/access/spec.py):\n  " + "\n  ".join(unclassified)
    )


def test_every_route_names_a_url_pattern_it_can_fill() -> None:
    problems = []
    for route in ALL_ROUTES:
        pattern = PATTERNS_BY_NAME.get(route.name)
        if pattern is None:
            problems.append(f"{route.name}: no URL pattern has this name")
            continue
        if route.method not in ("GET", "POST"):
            problems.append(f"{route.name}: method {route.method!r} is neither GET nor POST")
        if route.target is not None and route.target not in TARGETS:
            problems.append(f"{route.name}: unknown target {route.target!r}")
        if route.target is None and pattern.kwargs:
            problems.append(f"{route.name}: takes {pattern.kwargs} but names no target")
        if route.target is not None and not pattern.kwargs:
            problems.append(f"{route.name}: names a target but its URL takes no argument")
        if not route.allowed <= set(ROLES):
            problems.append(f"{route.name}: unknown roles {set(route.allowed) - set(ROLES)}")
    assert not problems, "\n".join(problems)


def test_no_route_is_classified_twice() -> None:
    seen: dict[tuple[str, str], int] = {}
    for route in ALL_ROUTES:
        seen[(route.name, route.method)] = seen.get((route.name, route.method), 0) + 1
    twice = sorted(f"{name} {method}" for (name, method), n in seen.items() if n > 1)
    assert not twice, f"classified more than once: {twice}"


def test_the_matrix_has_its_cases() -> None:
    # The closing note reports this number; run with -s to see it.
    print(f"\npermission matrix: {len(CASES)} cases over {len(ALL_ROUTES)} routes")  # noqa: T201
    assert len(CASES) >= MINIMUM_CASES


@pytest.mark.parametrize(("route", "role", "side"), CASES, ids=CASE_IDS)
def test_route(route: Route, role: str, side: str | None, scene: Scene, scene_sessions, db) -> None:  # type: ignore[no-untyped-def]
    # given a user of this role (or nobody), logged in, and the route's URL for the home or
    # foreign object
    client = client_as(role, scene_sessions)
    target = scene.target(side, route.target) if side and route.target else None
    pattern = PATTERNS_BY_NAME[route.name]
    url = reverse(route.name, kwargs=url_kwargs(pattern, target, scene) if target else None)
    data = fill(route.data, scene)
    expected = expected_outcome(route, role, side)
    before = (table_counts(), row_fields(target)) if route.method == "POST" else None

    # when
    send = client.post if route.method == "POST" else client.get
    response = send(url, data)

    # then
    assert_outcome(response, expected, route.public)
    if before is not None and expected != SUCCESS:
        assert (table_counts(), row_fields(target)) == before, "a refused POST changed data"


# Method restrictions ---------------------------------------------------------------------------

POST_NAMES = {route.name for route in ALL_ROUTES if route.method == "POST"}
# The product's routes classified for GET only: the view must refuse every other method. Left
# out: the Django admin (its own views, with its own forms), public routes and routes nobody may
# use (their answer to a POST says nothing about the method).
GET_ONLY = [
    route
    for route in ALL_ROUTES
    if route.name.startswith("participation:")
    and route.method == "GET"
    and route.name not in POST_NAMES
    and route.allowed
    and not route.public
]


def _allowed_role(route: Route) -> str:
    return "admin" if "admin" in route.allowed else sorted(route.allowed)[0]


def test_every_view_is_restricted_to_its_methods_somewhere() -> None:
    # The 405 check below needs GET-only routes to exist; a regression that drops them all
    # would make it vacuous.
    assert len(GET_ONLY) >= 30, len(GET_ONLY)


@pytest.mark.parametrize("route", GET_ONLY, ids=[route.name for route in GET_ONLY])
def test_a_get_only_route_answers_405_to_post(
    route: Route, scene: Scene, scene_sessions, db
) -> None:  # type: ignore[no-untyped-def]
    # given a user who may use the route, logged in, on an object in their scope
    role = _allowed_role(route)
    client = client_as(role, scene_sessions)
    target = scene.target("home", route.target) if route.target else None
    pattern = PATTERNS_BY_NAME[route.name]
    url = reverse(route.name, kwargs=url_kwargs(pattern, target, scene) if target else None)
    before = (table_counts(), row_fields(target))

    # when they POST to it
    response = client.post(url, {})

    # then the method is refused, and nothing changed
    assert response.status_code == 405, f"{role}: got {response.status_code}"
    assert (table_counts(), row_fields(target)) == before
