"""The scene the permission tests act in: a home and a foreign municipality, one object of each
target kind in both, and one user per role, scoped to the home municipality.

- home: Bodø (1804) in the region Husbanken Nord; foreign: Asker (3203) in Husbanken Øst.
- The adviser is scoped by the home region, the viewer and the municipal users by the home
  municipality; the admin has no scope. Roles are granted through the user-management service,
  as in production, so the admin is `is_staff` like a real one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client

from participation.accounts.models import RoleAssignment
from participation.accounts.services.users import create_user, grant_role
from participation.api.models import ApiToken
from participation.api.services import create_personal_token, create_system_token
from participation.involvement.models import EventImport, Initiative, Input, InvolvementEvent
from participation.places.models import Indicator, Instrument, Method, Municipality, Theme
from participation.programme.models import (
    Commitment,
    Grant,
    Meeting,
    ProgrammeAgreement,
    ProgrammeContact,
    ReportingPeriod,
    RiskFlag,
)
from participation.programme.services.agreements import create_agreement, create_contact
from participation.reports.params import ReportScope
from tests.reports.generation_support import make_done_snapshot

from .spec import ROLES, TARGETS

Role = RoleAssignment.Role
HOME_NUMBER = "1804"  # Bodø, Husbanken Nord
FOREIGN_NUMBER = "3203"  # Asker, Husbanken Øst


@dataclass
class Scene:
    home_municipality: Municipality
    foreign_municipality: Municipality
    objects: dict[tuple[str, str], Any] = field(default_factory=dict)  # (side, target) → object
    users: dict[str, User] = field(default_factory=dict)  # role → user ("anonymous" absent)
    # An open reporting period, for URLs that take one beside the municipality (`period`).
    # Periods belong to no municipality: the scope is the municipality's in the URL.
    reporting_period: ReportingPeriod | None = None

    def target(self, side: str, kind: str) -> Any:
        return self.objects[(side, kind)]

    def __getattr__(self, name: str) -> Any:
        # "{scene.home_initiative.pk}" in a Route's POST data: side_target → object.
        side, _, kind = name.partition("_")
        objects = self.__dict__.get("objects", {})
        if (side, kind) in objects:
            return objects[(side, kind)]
        raise AttributeError(name)


def _user(username: str, role: str | None = None, **scope: Any) -> User:
    user = create_user(actor=None, username=username, email=f"{username}@example.test")
    if role is not None:
        grant_role(user, actor=None, role=role, **scope)
    return User.objects.get(pk=user.pk)


def _records(municipality: Municipality, side: str) -> dict[tuple[str, str], Any]:
    method, _ = Method.objects.get_or_create(code="scene-meeting", defaults={"name": "Møte"})
    theme, _ = Theme.objects.get_or_create(code="scene-theme", defaults={"name": "Bolig"})
    initiative = Initiative.objects.create(
        municipality=municipality, name=f"Initiative {side}", aim="An aim."
    )
    event = InvolvementEvent.objects.create(
        initiative=initiative,
        title=f"Event {side}",
        date=datetime.date(2025, 3, 1),
        method=method,
    )
    item = Input.objects.create(event=event, theme=theme, summary=f"Input {side}")
    staff = _user(f"target-{side}", Role.MUNICIPAL, municipality=municipality)
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.OPERATIVE, title=f"Meeting {side}", date=datetime.date(2025, 3, 2)
    )
    meeting.municipalities.add(municipality)
    return {
        (side, "municipality"): municipality,
        (side, "initiative"): initiative,
        (side, "event"): event,
        (side, "input"): item,
        (side, "user"): staff,
        (side, "role_assignment"): staff.role_assignments.get(),
        (side, "meeting"): meeting,
        (side, "commitment"): Commitment.objects.create(
            meeting=meeting,
            municipality=municipality,
            description=f"Commitment {side}",
            responsible_name="Programme leader",
            due_date=datetime.date(2025, 4, 1),
        ),
        (side, "grant"): Grant.objects.create(
            municipality=municipality,
            instrument=Instrument.objects.order_by("pk")[0],
            year=2025,
            granted=100_000,
        ),
        (side, "risk_flag"): RiskFlag.objects.create(
            municipality=municipality,
            kind=RiskFlag.Kind.OTHER,
            note=f"Flag {side}",
            raised_on=datetime.date(2025, 3, 1),
        ),
        (side, "agreement"): create_agreement(
            municipality,
            actor=None,
            level=ProgrammeAgreement.Level.TOWN,
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2027, 12, 31),
        ),
        (side, "contact"): create_contact(
            municipality,
            actor=None,
            name=f"Leader {side}",
            role=ProgrammeContact.Role.PROGRAMME_LEADER,
        ),
        (side, "report"): make_done_snapshot(ReportScope.for_municipality(municipality)),
    }


def build_scene() -> Scene:
    home = Municipality.objects.select_related("region").get(number=HOME_NUMBER)
    foreign = Municipality.objects.select_related("region").get(number=FOREIGN_NUMBER)
    assert home.region is not None
    assert foreign.region is not None
    assert home.region != foreign.region
    scene = Scene(home_municipality=home, foreign_municipality=foreign)
    scene.objects.update(_records(home, "home"))
    scene.objects.update(_records(foreign, "foreign"))
    indicator = Indicator.objects.select_related("strategy").first()
    assert indicator is not None
    scene.reporting_period = ReportingPeriod.objects.create(
        strategy=indicator.strategy,
        name="Scene period",
        kind=ReportingPeriod.Kind.YEAR,
        start_date=datetime.date(2099, 1, 1),
        end_date=datetime.date(2099, 12, 31),
        status=ReportingPeriod.Status.OPEN,
    )

    scene.users = {
        "no_role": _user("role-no-role"),
        "viewer": _user("role-viewer", Role.VIEWER, municipality=home),
        "municipal": _user("role-municipal", Role.MUNICIPAL, municipality=home),
        "programme_leader": _user(
            "role-leader", Role.MUNICIPAL, municipality=home, is_programme_leader=True
        ),
        "adviser": _user("role-adviser", Role.ADVISER, region=home.region),
        "admin": _user("role-admin", Role.ADMIN),
    }
    assert set(scene.users) == set(ROLES) - {"anonymous"}
    scene.objects.update(_tokens(scene))
    scene.objects.update(_imports(scene))
    assert {kind for _, kind in scene.objects} == set(TARGETS)
    return scene


def _tokens(scene: Scene) -> dict[tuple[str, str], Any]:
    """API tokens: the municipal user's own personal token (home) and a foreign user's; a system
    token bound to each municipality."""
    read = ApiToken.Scope.READ
    owners = {"home": scene.users["municipal"], "foreign": scene.target("foreign", "user")}
    objects: dict[tuple[str, str], Any] = {}
    for side, owner in owners.items():
        objects[(side, "token")] = create_personal_token(
            owner, actor=owner, name=f"Token {side}", scope=read, expires_in=30, ip_address=None
        )[0]
        objects[(side, "system_token")] = create_system_token(
            actor=scene.users["admin"],
            name=f"System {side}",
            scope=read,
            municipality=scene.home_municipality if side == "home" else scene.foreign_municipality,
            expires_in=30,
            ip_address=None,
        )[0]
    return objects


def _imports(scene: Scene) -> dict[tuple[str, str], Any]:
    """Event imports, done: the municipal user's own in the home initiative, and the foreign
    staff member's in theirs."""
    owners = {"home": scene.users["municipal"], "foreign": scene.target("foreign", "user")}
    objects: dict[tuple[str, str], Any] = {}
    for side, owner in owners.items():
        initiative = scene.target(side, "initiative")
        objects[(side, "event_import")] = EventImport.objects.create(
            initiative=initiative,
            municipality=initiative.municipality,
            created_by=owner,
            status=EventImport.Status.DONE,
            digest="0" * 64,
            rows_total=1,
            rows_done=1,
            created_count=1,
        )
    return objects


@pytest.fixture(name="scene", scope="module")
def scene_fixture(django_db_setup, django_db_blocker) -> Iterator[Scene]:  # type: ignore[no-untyped-def]
    """The scene, built once per test module inside a transaction that is rolled back at the
    module's end. Each test (which must also use `db`) runs in a savepoint of it, so what a test
    changes is undone before the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield build_scene()
        finally:
            transaction.set_rollback(True)


@pytest.fixture(name="scene_sessions", scope="module")
def scene_sessions_fixture(scene: Scene, django_db_blocker) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A logged-in session of each role of the scene (a verified second factor for the admin), as
    the session cookie's value; made once per module, inside the scene's module transaction.

    Each test that uses one runs in a savepoint rolled back after it, so what a request does to
    the session (a log-out, the idle timer) is undone before the next test, which sees the
    session as it was just after the login: as if it had logged in itself, without the login's
    cost (its signals record a security event and an audit-chain link) in every case."""
    from tests.conftest import log_in

    sessions: dict[str, str] = {}
    with django_db_blocker.unblock():
        for role, user in scene.users.items():
            client = Client()
            log_in(client, user)
            sessions[role] = str(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return sessions


def client_as(role: str, sessions: dict[str, str], **options: Any) -> Client:
    """A test client logged in as `role` with its session of `scene_sessions` ("anonymous": none)."""
    client = Client(**options)
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return client


# Proving that nothing changed ---------------------------------------------------------------


def table_counts() -> dict[str, int]:
    """Row counts of every table but the sessions', in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - {"django_session"}
    )
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def row_fields(obj: Any) -> dict[str, Any] | None:
    if obj is None:
        return None
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    if fresh is None:
        return None
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}
