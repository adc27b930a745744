"""Schemathesis against the live schema on the real stack: a live server over PostgreSQL, the
schema it serves, and requests generated from it for every operation, as each role (a read-write
token of each). It fails on any server error (500), any answer that breaks the schema, and any
write of data the schema calls invalid that is not refused (negative data must get a 4xx).

Kept small to stay within about a minute: `EXAMPLES` generated cases per operation and role,
only Hypothesis's generation phase (no shrinking, no stored examples).
"""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
)

from participation.accounts.models import RoleAssignment
from participation.places.models import Municipality

from .conftest import token_for

Role = RoleAssignment.Role
EXAMPLES = 2
ROLES: dict[str, dict[str, Any]] = {
    "viewer": {"role": Role.VIEWER, "municipality": "1804"},
    "municipal": {"role": Role.MUNICIPAL, "municipality": "1804"},
    "adviser": {"role": Role.ADVISER, "region": True},
    "admin": {"role": Role.ADMIN},
}


def _fuzz(
    operation: Any, mode: Any, checks: list[Any], base_url: str, headers: dict[str, str]
) -> None:
    """Call `operation` with `EXAMPLES` generated cases, running `checks` on each answer."""

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Any) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=checks)

    call()


@pytest.mark.parametrize("role", sorted(ROLES))
def test_the_live_api_keeps_its_schema(
    role: str,
    live_server: Any,
    reference_data: Any,
    user_factory: Any,
    initiative_factory: Any,
    event_factory: Any,
    input_factory: Any,
    settings: Any,
) -> None:
    # given a user of the role, with a read-write token, and some records in Bodø
    settings.API_RATE_LIMIT = "100000/minute"
    bodo = Municipality.objects.get(number="1804")
    spec = ROLES[role]
    scope: dict[str, Any] = {}
    if spec.get("municipality"):
        scope["role__municipality"] = bodo
    if spec.get("region"):
        scope["role__region"] = bodo.region
    user = user_factory(username=f"fuzz-{role}", role=spec["role"], **scope)
    input_factory(event=event_factory(initiative=initiative_factory(municipality=bodo)))
    headers = {"Authorization": f"Bearer {token_for(user)}"}
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/v1/schema/?format=json&lang=en", headers=headers
    )

    # when every operation is called with generated data
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 50
    for operation in operations:
        modes = [GenerationMode.POSITIVE]
        if operation.method.upper() != "GET":
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            checks = [not_a_server_error, response_schema_conformance]
            if mode == GenerationMode.NEGATIVE:
                checks.append(negative_data_rejection)

            try:
                _fuzz(operation, mode, checks, live_server.url, headers)
            except Exception as error:  # noqa: BLE001  # collected, reported together below
                failures.append(f"{operation.label} ({mode.value}): {str(error)[:600]}")

    # then nothing failed
    assert not failures, "\n\n".join(failures)
