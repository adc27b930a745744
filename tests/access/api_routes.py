"""How each route of the API (/api/v1/) answers each method, role, side and token scope.

The API answers as an API, not as pages: no login redirect but 401, and methods beyond GET and
POST. `test_api_matrix.py` checks every API URL pattern × every method (GET, POST, PUT, PATCH,
DELETE) × every role × the object in and out of scope × a read and a read-write token:

- anonymous (no token): 401;
- a method the route does not take: 405 (403 first for a write with a read token: the token's
  scope is checked before the method);
- a write with a read token: 403, and nothing changes;
- out of scope (the foreign object, or any municipal record for a role with none): 404 for
  everyone but the admin;
- otherwise the roles in `methods[method]` succeed (2xx) and the others get 403.

Targets are the scene's (tests/access/scene.py), plus `value` (an indicator value of each
municipality, made by the test module) and reference data, which belongs to no municipality
(`REFERENCE`: one side only, everyone logged in reads it). A write's target may be named in its
body instead of its URL (`in_body`): a new event names its initiative, saved values their
municipality; an outsider gets 404 all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .spec import EVERY_ROLE, READERS

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
WRITERS = frozenset({"municipal", "programme_leader", "admin"})
# Reference data: read by everyone logged in; the object the URL names.
REFERENCE = frozenset(
    {
        "region",
        "county",
        "strategy",
        "goal",
        "priority_area",
        "indicator",
        "period",
        "target_group",
        "method",
        "participation_form",
        "theme",
        "factor",
        "instrument",
    }
)
Body = Callable[[Any, str | None], dict[str, Any]]


@dataclass(frozen=True)
class ApiRoute:
    """One API URL pattern: the roles each method allows, on which target, with which body."""

    name: str
    target: str | None = None
    methods: dict[str, frozenset[str]] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    in_body: bool = False  # the target is named in the body, not the URL
    public: bool = False  # open to everyone, no token (the open data): no 401, 403 or 404
    query: Callable[[Any], str] | None = None  # the query string the route needs


def _read(name: str, target: str | None = None) -> ApiRoute:
    allowed = READERS if target and target not in REFERENCE else EVERY_ROLE
    return ApiRoute(name, target, {"GET": allowed})


def _event_body(scene: Any, side: str | None, *, with_initiative: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Dialogmøte fra fagsystemet",
        "date": "2025-03-05",
        "method": scene.api_method.pk,
        "channel": "physical",
        "themes": [scene.api_theme.pk],
        "participant_counts": [
            {"target_group": scene.api_target_group.pk, "role": "resident", "count": 6}
        ],
    }
    if with_initiative:
        body["initiative"] = scene.target(side, "initiative").pk
        body["inputs"] = [{"theme": scene.api_theme.pk, "summary": "Ønsker flere benker."}]
    return body


def _values_body(scene: Any, side: str | None) -> dict[str, Any]:
    return {
        "municipality": scene.target(side, "municipality").number,
        "period": scene.reporting_period.pk,
        "submit": False,
        "values": [{"indicator": scene.api_indicator.pk, "value": "1"}],
    }


API_ROUTES: list[ApiRoute] = [
    ApiRoute("participation:api-schema", methods={"GET": EVERY_ROLE}),
    # participation/publishing/api.py: what the municipalities publish, to anyone.
    ApiRoute("participation:api-open-data", methods={"GET": EVERY_ROLE}, public=True),
    _read("participation:api-region-list"),
    _read("participation:api-region-detail", "region"),
    _read("participation:api-county-list"),
    _read("participation:api-county-detail", "county"),
    _read("participation:api-municipality-list"),
    _read("participation:api-municipality-detail", "municipality"),
    _read("participation:api-strategy-list"),
    _read("participation:api-strategy-detail", "strategy"),
    _read("participation:api-goal-list"),
    _read("participation:api-goal-detail", "goal"),
    _read("participation:api-priority-area-list"),
    _read("participation:api-priority-area-detail", "priority_area"),
    _read("participation:api-indicator-list"),
    _read("participation:api-indicator-detail", "indicator"),
    _read("participation:api-vocabulary-target-groups-list"),
    _read("participation:api-vocabulary-target-groups-detail", "target_group"),
    _read("participation:api-vocabulary-methods-list"),
    _read("participation:api-vocabulary-methods-detail", "method"),
    _read("participation:api-vocabulary-participation-forms-list"),
    _read("participation:api-vocabulary-participation-forms-detail", "participation_form"),
    _read("participation:api-vocabulary-themes-list"),
    _read("participation:api-vocabulary-themes-detail", "theme"),
    _read("participation:api-vocabulary-factors-list"),
    _read("participation:api-vocabulary-factors-detail", "factor"),
    _read("participation:api-vocabulary-instruments-list"),
    _read("participation:api-vocabulary-instruments-detail", "instrument"),
    _read("participation:api-initiative-list"),
    _read("participation:api-initiative-detail", "initiative"),
    ApiRoute(
        "participation:api-event-list",
        target="initiative",
        in_body=True,
        methods={"GET": EVERY_ROLE, "POST": WRITERS},
        bodies={"POST": _event_body},
    ),
    ApiRoute(
        "participation:api-event-detail",
        target="event",
        methods={"GET": READERS, "PUT": WRITERS, "PATCH": WRITERS},
        bodies={
            "PUT": lambda scene, side: _event_body(scene, side, with_initiative=False),
            "PATCH": lambda scene, side: {"title": "Nytt navn"},
        },
    ),
    ApiRoute(
        "participation:api-event-inputs",
        target="event",
        methods={"POST": WRITERS},
        bodies={
            "POST": lambda scene, side: {
                "items": [{"theme": scene.api_theme.pk, "summary": "Bedre lys i trappene."}]
            }
        },
    ),
    _read("participation:api-input-list"),
    ApiRoute(
        "participation:api-input-detail",
        target="input",
        methods={"GET": READERS, "PATCH": WRITERS},
        bodies={"PATCH": lambda scene, side: {"follow_up_status": "taken_forward"}},
    ),
    _read("participation:api-period-list"),
    _read("participation:api-period-detail", "period"),
    _read("participation:api-value-list"),
    _read("participation:api-value-detail", "value"),
    ApiRoute(
        "participation:api-value-save",
        target="municipality",
        in_body=True,
        methods={"POST": WRITERS},
        bodies={"POST": _values_body},
    ),
    ApiRoute(
        "participation:api-indicator-totals",
        methods={"GET": READERS},
        query=lambda scene: f"period={scene.reporting_period.pk}",
    ),
    _read("participation:api-agreement-list"),
    _read("participation:api-agreement-detail", "agreement"),
    _read("participation:api-meeting-list"),
    _read("participation:api-meeting-detail", "meeting"),
    _read("participation:api-commitment-list"),
    _read("participation:api-commitment-detail", "commitment"),
    _read("participation:api-report-list"),
    _read("participation:api-report-detail", "report"),
    _read("participation:api-report-file", "report"),
]

API_NAMES = frozenset(route.name for route in API_ROUTES)
