"""The permissions of every app's rules.py (the table in participation/accounts/rules.py), as a
table: every permission × every kind of user × an object in the home municipality (Bodø) and
one in the foreign one (Asker)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import rules
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from participation.accounts.access import visible_municipalities
from participation.accounts.models import RoleAssignment
from participation.accounts.services.users import (
    create_user,
    deactivate_user,
    grant_role,
    revoke_role,
)
from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.places.models import Goal, Strategy
from participation.programme.models import ProgrammeAgreement
from participation.reports.models import ReportSnapshot

from .scene import Scene, build_scene

Role = RoleAssignment.Role

A, AD, M, PL, V = "admin", "adviser", "municipal", "programme_leader", "viewer"
READ = frozenset({A, AD, M, PL, V})
EDIT = frozenset({A, M, PL})
PROGRAMME = frozenset({A, AD})
ADMIN = frozenset({A})

# permission → (the kind of object it is asked about, the roles that have it in scope)
TABLE: dict[str, tuple[str | None, frozenset[str]]] = {
    "participation.view_municipality": ("municipality", READ),
    "participation.view_initiative": ("initiative", READ),
    "participation.view_event": ("event", READ),
    "participation.view_input": ("input", READ),
    "participation.view_history": ("input", READ),
    "participation.add_initiative": ("municipality", EDIT),
    "participation.change_initiative": ("initiative", EDIT),
    "participation.add_event": ("initiative", EDIT),
    "participation.change_event": ("event", EDIT),
    "participation.add_input": ("event", EDIT),
    "participation.change_input": ("input", EDIT),
    # The public pages: publishing follows editing the initiative.
    "participation.publish_initiative": ("initiative", EDIT),
    "participation.submit_indicatorvalue": ("municipality", EDIT),
    "participation.approve_indicatorvalue": ("municipality", PROGRAMME),
    "participation.assess_successcriteria": ("municipality", PROGRAMME),
    "participation.self_assess_successcriteria": ("municipality", EDIT),
    "participation.manage_agreements": ("municipality", PROGRAMME),
    "participation.manage_programme_people": ("municipality", EDIT | PROGRAMME),
    # and the person a commitment names as responsible (tests/front/test_my_tasks.py)
    "participation.update_commitment_status": ("municipality", PROGRAMME),
    "participation.export_report": ("municipality", READ),
    "participation.view_report": ("report", READ),
    "participation.request_report": ("municipality", EDIT | PROGRAMME),
    "participation.manage_report_schedules": (None, ADMIN),
    "participation.manage_users": (None, ADMIN),
    "participation.view_auditlog": (None, ADMIN),
    "participation.manage_reference_data": (None, ADMIN),
    # participation/redaction/rules.py
    "participation.redact_personal_data": (None, ADMIN),
}

# Each kind of user, and the role it acts in at (home, foreign); None: no role there.
ACTS_AS: dict[str, tuple[str | None, str | None]] = {
    "anonymous": (None, None),
    "no_role": (None, None),
    "viewer": (V, None),
    "viewer_by_region": (V, None),
    "municipal": (M, None),
    "programme_leader": (PL, None),
    "adviser": (AD, None),  # by region
    "adviser_by_municipality": (AD, None),
    "admin": (A, A),
    "superuser_without_role": (A, A),
    # Two assignments: municipal staff in Asker, viewer in Bodø.
    "municipal_in_asker_viewer_in_bodo": (V, M),
    "deactivated_municipal": (None, None),
    "deactivated_admin": (None, None),
}

CASES = [
    (perm, who, side)
    for perm, (kind, _) in TABLE.items()
    for who in ACTS_AS
    for side in (("home", "foreign") if kind else (None,))
]


def _user(username: str, *grants: dict[str, Any]) -> User:
    user = create_user(actor=None, username=username)
    for grant in grants:
        grant_role(user, actor=None, **grant)
    return user


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[tuple[Scene, dict[str, int]]]:  # type: ignore[no-untyped-def]
    """The matrix's scene plus the extra kinds of user, built once for the module and rolled
    back at its end; each test runs in a savepoint (it uses `db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            scene = build_scene()
            home, foreign = scene.home_municipality, scene.foreign_municipality
            users = {role: user.pk for role, user in scene.users.items()}
            users["viewer_by_region"] = _user(
                "p-viewer-region", {"role": Role.VIEWER, "region": home.region}
            ).pk
            users["adviser_by_municipality"] = _user(
                "p-adviser-municipality", {"role": Role.ADVISER, "municipality": home}
            ).pk
            users["superuser_without_role"] = User.objects.create_superuser("p-root").pk
            users["municipal_in_asker_viewer_in_bodo"] = _user(
                "p-two-roles",
                {"role": Role.MUNICIPAL, "municipality": foreign},
                {"role": Role.VIEWER, "municipality": home},
            ).pk
            for name, role in [
                ("deactivated_municipal", Role.MUNICIPAL),
                ("deactivated_admin", Role.ADMIN),
            ]:
                scope = {"municipality": home} if role == Role.MUNICIPAL else {}
                user = _user(f"p-{name}", {"role": role, **scope})
                deactivate_user(user, actor=None)
                users[name] = user.pk
            yield scene, users
        finally:
            transaction.set_rollback(True)


def fresh(world: tuple[Scene, dict[str, int]], who: str) -> User | AnonymousUser:
    """A new user object each time, so no memo carries over between checks."""
    if who == "anonymous":
        return AnonymousUser()
    return User.objects.get(pk=world[1][who])


def test_the_table_covers_every_permission_the_module_registers() -> None:
    registered = {
        name for name in rules.permissions.permissions if name.startswith("participation.")
    }
    assert registered == set(TABLE)


@pytest.mark.parametrize(
    ("perm", "who", "side"),
    CASES,
    ids=[
        f"{perm.removeprefix('participation.')}-{who}-{side or 'none'}" for perm, who, side in CASES
    ],
)
def test_permission(world, db, perm: str, who: str, side: str | None) -> None:  # type: ignore[no-untyped-def]
    # given
    scene, _ = world
    kind, allowed = TABLE[perm]
    user = fresh(world, who)
    obj = scene.target(side, kind) if side and kind else None
    acting_as = ACTS_AS[who][0 if side in ("home", None) else 1]
    # when
    granted = user.has_perm(perm, obj)
    # then
    assert granted == (acting_as in allowed)


def test_viewers_never_get_a_change_permission(world, db) -> None:  # type: ignore[no-untyped-def]
    # given every permission that is not about seeing, and every viewer there is
    scene, _ = world
    acting = [
        p for p in TABLE if not p.startswith(("participation.view_", "participation.export_"))
    ]
    viewers = ["viewer", "viewer_by_region"]
    # when / then: no object, home or foreign, gives them any
    for perm in acting:
        kind, _ = TABLE[perm]
        for who in viewers:
            for obj in [None] + (
                [scene.target(s, kind) for s in ("home", "foreign")] if kind else []
            ):
                assert not fresh(world, who).has_perm(perm, obj), (perm, who, obj)


@pytest.mark.parametrize("who", list(ACTS_AS))
@pytest.mark.parametrize("kind", ["municipality", "initiative", "event", "input", "report"])
def test_object_view_permission_agrees_with_visible_to(world, db, who: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    # given
    scene, _ = world
    visible_to = {
        "municipality": visible_municipalities,
        "initiative": Initiative.objects.visible_to,
        "event": InvolvementEvent.objects.visible_to,
        "input": Input.objects.visible_to,
        "report": ReportSnapshot.objects.visible_to,
    }[kind]
    perm = {"event": "participation.view_event"}.get(kind, f"participation.view_{kind}")
    user = fresh(world, who)
    for side in ("home", "foreign"):
        obj = scene.target(side, kind)
        # when / then
        visible = visible_to(user).filter(pk=obj.pk).exists()
        assert user.has_perm(perm, obj) == visible, (side, visible)


def test_without_an_object_a_scoped_permission_asks_whether_the_user_has_it_anywhere(
    world, db
) -> None:  # type: ignore[no-untyped-def]
    # given / when / then
    assert fresh(world, "municipal").has_perm("participation.add_initiative")
    assert not fresh(world, "viewer").has_perm("participation.add_initiative")
    assert fresh(world, "adviser").has_perm("participation.approve_indicatorvalue")
    assert not fresh(world, "municipal").has_perm("participation.approve_indicatorvalue")
    assert fresh(world, "viewer").has_perm("participation.export_report")
    assert not fresh(world, "no_role").has_perm("participation.export_report")
    assert not fresh(world, "deactivated_municipal").has_perm("participation.add_initiative")


def test_programme_records_are_judged_by_their_municipality(world, db) -> None:  # type: ignore[no-untyped-def]
    # given an agreement in each municipality
    scene, _ = world
    agreements = {
        side: ProgrammeAgreement.objects.create(
            municipality=scene.target(side, "municipality"),
            level=ProgrammeAgreement.Level.TOWN,
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2027, 12, 31),
        )
        for side in ("home", "foreign")
    }
    # when / then: the adviser for Nord manages Bodø's, not Asker's; staff manage neither
    assert fresh(world, "adviser").has_perm("participation.manage_agreements", agreements["home"])
    assert not fresh(world, "adviser").has_perm(
        "participation.manage_agreements", agreements["foreign"]
    )
    assert not fresh(world, "municipal").has_perm(
        "participation.manage_agreements", agreements["home"]
    )
    assert fresh(world, "municipal").has_perm("participation.view_history", agreements["home"])
    assert not fresh(world, "municipal").has_perm(
        "participation.view_history", agreements["foreign"]
    )


def test_records_of_no_municipality_have_history_for_admins_only(world, db) -> None:  # type: ignore[no-untyped-def]
    # given reference data and a user account
    scene, _ = world
    strategy = Strategy.objects.create(
        code="p-strategy", name="Strategi", start_year=2021, end_year=2024
    )
    goal = Goal.objects.create(strategy=strategy, code="G", name="Mål")
    account = scene.target("home", "user")
    # when / then
    for obj in (strategy, goal, account):
        assert fresh(world, "admin").has_perm("participation.view_history", obj)
        for who in ("adviser", "municipal", "viewer", "no_role"):
            assert not fresh(world, who).has_perm("participation.view_history", obj), (who, obj)


def test_a_request_asks_the_database_once_whatever_it_checks(
    world, db, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # given a municipal user and records whose municipality is already loaded
    scene, _ = world
    user = fresh(world, "municipal")
    records = [
        scene.target(side, kind)
        for side in ("home", "foreign")
        for kind in ("initiative", "event", "input")
    ]
    # when / then: one query for the user's assignments, then memoised
    with django_assert_num_queries(1):
        for perm in TABLE:
            for obj in records:
                user.has_perm(perm, obj)


def test_granting_and_revoking_the_admin_role_sets_the_staff_flags(db) -> None:  # type: ignore[no-untyped-def]
    # given
    user = _user("p-new-admin")
    assert not user.is_staff
    assert not user.is_superuser
    # when
    assignment = grant_role(user, actor=None, role=Role.ADMIN)
    # then
    user.refresh_from_db()
    assert user.is_staff
    assert user.is_superuser
    assert User.objects.get(pk=user.pk).has_perm("participation.manage_users")
    # when
    revoke_role(assignment, actor=None)
    # then
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.is_superuser
    assert not User.objects.get(pk=user.pk).has_perm("participation.manage_users")
