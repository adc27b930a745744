"""The API's permission matrix: every API route × method × role × side × token scope, each case
its own test (the rules are in api_routes.py's docstring).

Tokens are personal tokens of the scene's users, one read and one read-write token per role,
each used once before the cases so that its first-use security event is not counted as a change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from participation.api.models import ApiToken
from participation.api.services import create_personal_token
from participation.places.models import (
    Factor,
    Goal,
    Indicator,
    Instrument,
    Method,
    ParticipationForm,
    PriorityArea,
    Strategy,
    TargetGroup,
    Theme,
)
from participation.programme.models import IndicatorValue

from . import routes_api_pages
from .api_routes import API_NAMES, API_ROUTES, METHODS, REFERENCE, ApiRoute
from .scene import (  # noqa: F401  # scene_fixture: the module-scoped fixture `scene`
    Scene,
    row_fields,
    scene_fixture,
    table_counts,
)
from .spec import READERS, ROLES
from .test_matrix import PATTERNS, PATTERNS_BY_NAME

SUCCESS = "success"
READ, READ_WRITE = ApiToken.Scope.READ.value, ApiToken.Scope.READ_WRITE.value
SAFE = frozenset({"GET"})
# Methods a route does not take are checked for these roles only: the refusal (401, 403 or 405)
# comes before any object is looked at.
UNDECLARED_ROLES = ("anonymous", "municipal", "admin")
MINIMUM_CASES = 1400


def _scoped(route: ApiRoute, method: str) -> bool:
    if route.target is None or route.target in REFERENCE:
        return False
    return not route.in_body or method in route.bodies


def _cases() -> Iterator[tuple[ApiRoute, str, str, str | None, str]]:
    for route in API_ROUTES:
        for method in METHODS:
            declared = method in route.methods
            roles = ROLES if declared else UNDECLARED_ROLES
            sides: tuple[str | None, ...] = (
                ("home", "foreign") if _scoped(route, method) else (None,)
            )
            if not declared:
                sides = sides[:1]
            scopes = (READ,) if method in SAFE else (READ, READ_WRITE)
            for role in roles:
                for side in sides:
                    for scope in scopes if role != "anonymous" else (READ,):
                        yield route, method, role, side, scope


CASES = list(_cases())
CASE_IDS = [
    f"{route.name.removeprefix('participation:')}-{method}-{role}-{side or 'any'}-{scope}"
    for route, method, role, side, scope in CASES
]


def expected(route: ApiRoute, method: str, role: str, side: str | None, scope: str) -> Any:
    if route.public:
        return SUCCESS if method in route.methods else 405
    if role == "anonymous":
        return 401
    if method not in SAFE and scope == READ:
        return 403
    allowed = route.methods.get(method)
    if allowed is None:
        return 405
    if _scoped(route, method) and role != "admin" and (side == "foreign" or role not in READERS):
        return 404
    return SUCCESS if role in allowed else 403


# The scene, with what the API's routes need beside it ------------------------------------------


@pytest.fixture(name="api_scene", scope="module")
def api_scene_fixture(scene: Scene, django_db_blocker: Any) -> Iterator[Scene]:
    """The scene, with an indicator value in each municipality, the vocabulary the writes name,
    and the tokens; inside the scene's module transaction."""
    with django_db_blocker.unblock(), override_settings(API_RATE_LIMIT="100000/minute"):
        period = scene.reporting_period
        assert period is not None
        indicator = Indicator.objects.filter(strategy=period.strategy_id).order_by("pk")[0]
        for side in ("home", "foreign"):
            scene.objects[(side, "value")] = IndicatorValue.objects.create(
                municipality=scene.target(side, "municipality"),
                indicator=Indicator.objects.filter(strategy=period.strategy_id).order_by("-pk")[0],
                period=period,
                value=3,
            )
        extra = scene.__dict__
        extra["api_indicator"] = indicator
        extra["api_method"] = Method.objects.get(code="scene-meeting")
        extra["api_theme"] = Theme.objects.get(code="scene-theme")
        extra["api_target_group"] = TargetGroup.objects.filter(is_active=True).order_by("pk")[0]
        keys: dict[tuple[str, str], str] = {}
        for role, user in scene.users.items():
            for scope in (READ, READ_WRITE):
                keys[(role, scope)] = create_personal_token(
                    user, actor=user, name="Matrix", scope=scope, expires_in=30, ip_address=None
                )[1]
                _client(keys[(role, scope)]).get(reverse("participation:api-region-list"))
        extra["api_keys"] = keys
        yield scene


def _client(key: str | None) -> APIClient:
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


REFERENCE_MODELS: dict[str, Any] = {
    "strategy": Strategy,
    "goal": Goal,
    "priority_area": PriorityArea,
    "indicator": Indicator,
    "target_group": TargetGroup,
    "method": Method,
    "participation_form": ParticipationForm,
    "theme": Theme,
    "factor": Factor,
    "instrument": Instrument,
}


def target_object(scene: Scene, route: ApiRoute, side: str | None) -> Any:
    kind = route.target
    if kind is None:
        return None
    if kind == "region":
        return scene.home_municipality.region
    if kind == "county":
        return scene.home_municipality.county
    if kind == "period":
        return scene.reporting_period
    if kind in REFERENCE_MODELS:
        return REFERENCE_MODELS[kind].objects.order_by("pk")[0]
    return scene.target(side or "home", kind)


def url_of(route: ApiRoute, obj: Any) -> str:
    kwargs: dict[str, Any] = {}
    for name in PATTERNS_BY_NAME[route.name].kwargs:
        if name == "fmt":
            kwargs[name] = "pdf"
        elif name in ("number", "code"):
            kwargs[name] = getattr(obj, name)
        else:
            kwargs[name] = obj.pk
    return reverse(route.name, kwargs=kwargs or None)


# Tests -----------------------------------------------------------------------------------------


def test_every_api_url_pattern_is_classified() -> None:
    # The documentation page is a page (tests/access/routes_api_pages.py).
    pages = {route.name for route in routes_api_pages.ROUTES}
    api_patterns = {p.name for p in PATTERNS if p.name and p.route.startswith("api/")} - pages
    assert api_patterns - API_NAMES == set(), "classify these in tests/access/api_routes.py"
    assert API_NAMES - api_patterns == set(), "no such API URL pattern"


def test_the_api_matrix_has_its_cases() -> None:
    print(f"\nAPI matrix: {len(CASES)} cases over {len(API_ROUTES)} routes")  # noqa: T201
    assert len(CASES) >= MINIMUM_CASES


@pytest.mark.parametrize(("route", "method", "role", "side", "scope"), CASES, ids=CASE_IDS)
def test_api_route(
    route: ApiRoute,
    method: str,
    role: str,
    side: str | None,
    scope: str,
    api_scene: Scene,
    db: Any,
    settings: Any,
) -> None:
    # given a client with the role's token (or none), and the route's URL and body
    settings.API_RATE_LIMIT = "100000/minute"
    keys: dict[tuple[str, str], str] = api_scene.api_keys
    client = _client(None if role == "anonymous" else keys[(role, scope)])
    obj = target_object(api_scene, route, side)
    url = url_of(route, None if route.in_body else obj)
    if route.query is not None and method in SAFE:
        url += "?" + route.query(api_scene)
    body = route.bodies[method](api_scene, side) if method in route.bodies else {}
    outcome = expected(route, method, role, side, scope)
    before = (table_counts(), row_fields(obj)) if method not in SAFE else None

    # when
    response = client.generic(method, url, data=_json(body), content_type="application/json")

    # then
    status = response.status_code
    if outcome == SUCCESS:
        assert 200 <= status < 300, f"expected success, got {status}: {_detail(response)}"
    else:
        assert status == outcome, f"expected {outcome}, got {status}: {_detail(response)}"
    if before is not None and outcome != SUCCESS:
        assert (table_counts(), row_fields(obj)) == before, "a refused write changed data"


def _json(body: dict[str, Any]) -> str:
    import json

    return json.dumps(body, default=lambda v: v.isoformat() if isinstance(v, datetime.date) else v)


def _detail(response: Any) -> str:
    try:
        return str(response.json())[:300]
    except (ValueError, TypeError):
        return ""
