"""participation/accounts/access.py: a user's scope as literal ids, read once and memoised, and
the one declaration per scoped model that querysets, permissions and the audit trail share."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from participation.accounts import access
from participation.accounts.audit import scope_lookups
from participation.accounts.models import RoleAssignment
from participation.accounts.services.users import grant_role, revoke_role
from participation.core.models import domain_models
from participation.involvement.models import Initiative, Input
from participation.places.models import Municipality
from participation.programme.models import Meeting

from .scene import Scene, scene_fixture  # noqa: F401  # the module-scoped fixture `scene`

Role = RoleAssignment.Role


def fresh(user: User) -> User:
    """A new user object: no memo carries over."""
    return User.objects.get(pk=user.pk)


def test_the_scope_is_the_ids_of_the_municipalities_the_roles_reach(scene: Scene, db) -> None:  # type: ignore[no-untyped-def]
    # given an adviser scoped by Bodø's region, and staff scoped to Bodø
    home = scene.home_municipality
    region_ids = tuple(
        Municipality.objects.filter(region=home.region).order_by("pk").values_list("pk", flat=True)
    )
    # when / then
    assert access.municipality_ids(fresh(scene.users["adviser"])) == region_ids
    assert access.municipality_ids(fresh(scene.users["municipal"])) == (home.pk,)
    assert access.municipality_ids(fresh(scene.users["no_role"])) == ()
    assert access.municipality_ids(AnonymousUser()) == ()
    assert access.municipality_ids(fresh(scene.users["admin"])) is None  # every municipality


def test_the_scope_costs_one_query_per_user_object(
    scene: Scene, db, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # given a fresh adviser
    adviser = fresh(scene.users["adviser"])
    # when / then: the assignments and their regions' municipalities in one query, then memos
    with django_assert_num_queries(1):
        access.is_admin(adviser)
        access.municipality_ids(adviser)
        access.grants_of(adviser)
        str(Initiative.objects.visible_to(adviser).query)
        str(access.visible_municipalities(adviser).query)


def test_scoped_querysets_filter_on_literal_ids_not_on_role_assignments(scene: Scene, db) -> None:  # type: ignore[no-untyped-def]
    # given
    adviser = fresh(scene.users["adviser"])
    # when
    sql = str(Input.objects.visible_to(adviser).query)
    # then: the planner sees the ids themselves
    assert "accounts_roleassignment" not in sql
    assert f"IN ({', '.join(str(pk) for pk in access.municipality_ids(adviser) or ())})" in sql


def test_a_granted_or_revoked_role_changes_the_scope_of_the_same_user_object(
    scene: Scene, db
) -> None:  # type: ignore[no-untyped-def]
    # given staff of Bodø, with their scope read (and memoised)
    user = fresh(scene.users["municipal"])
    foreign = scene.foreign_municipality
    assert foreign.pk not in (access.municipality_ids(user) or ())
    # when they are made viewers of Asker
    assignment = grant_role(user, actor=None, role=Role.VIEWER, municipality=foreign)
    # then the same user object sees Asker
    assert foreign.pk in (access.municipality_ids(user) or ())
    assert access.visible_municipalities(user).filter(pk=foreign.pk).exists()
    # when the role is revoked
    revoke_role(assignment, actor=None)
    # then it no longer does
    assert foreign.pk not in (access.municipality_ids(user) or ())


def test_roles_reach_where_they_are_held(scene: Scene, db) -> None:  # type: ignore[no-untyped-def]
    # given
    home, foreign = scene.home_municipality, scene.foreign_municipality
    adviser, staff = fresh(scene.users["adviser"]), fresh(scene.users["municipal"])
    admin = fresh(scene.users["admin"])
    # when / then
    assert access.acts_on(adviser, {Role.ADVISER}, home)
    assert not access.acts_on(adviser, {Role.ADVISER}, foreign)
    assert not access.acts_on(staff, {Role.ADVISER}, home)
    assert access.acts_on(admin, {Role.ADVISER}, foreign)
    assert not access.acts_on(admin, {Role.ADVISER}, foreign, admins_everywhere=False)
    assert set(access.municipalities_for_role(staff, {Role.MUNICIPAL})) == {home}
    assert not access.municipalities_for_role(staff, {Role.ADVISER}).exists()
    assert list(access.regions_for_role(adviser, {Role.ADVISER})) == [home.region]
    assert not access.regions_for_role(staff, {Role.ADVISER}).exists()


def _scoped_models() -> list[type[models.Model]]:
    return [m for m in domain_models() if getattr(m, "municipality_path", None) is not None]


def test_every_scoped_model_declares_a_path_that_ends_at_a_municipality() -> None:
    # given every model that declares its municipality
    scoped = _scoped_models()
    assert {m.__name__ for m in scoped} >= {"Municipality", "Initiative", "Input", "Meeting"}
    for model in scoped:
        path: str = model.municipality_path  # type: ignore[attr-defined]
        # when the path is followed through the model's fields
        target: Any = model
        if path != "pk":
            for part in path.split("__"):
                target = target._meta.get_field(part).related_model
        # then it reaches Municipality, and the audit trail tags the same path
        assert target is Municipality, model
        lookups = scope_lookups(model)
        assert lookups is not None
        assert lookups[0] == path, model


@pytest.mark.parametrize(
    "kind",
    [
        "municipality",
        "initiative",
        "event",
        "input",
        "agreement",
        "contact",
        "grant",
        "risk_flag",
        "commitment",
    ],
)
def test_a_record_belongs_to_the_municipality_its_path_leads_to(
    scene: Scene, db, kind: str
) -> None:  # type: ignore[no-untyped-def]
    # given / when / then
    for side, municipality in (
        ("home", scene.home_municipality),
        ("foreign", scene.foreign_municipality),
    ):
        assert access.municipality_of(scene.target(side, kind)) == municipality


def test_a_meeting_belongs_to_no_single_municipality_but_is_seen_through_any_of_them(
    scene: Scene, db
) -> None:  # type: ignore[no-untyped-def]
    # given a meeting with Bodø and Asker
    meeting: Meeting = scene.target("home", "meeting")
    meeting.municipalities.add(scene.foreign_municipality)
    staff = fresh(scene.users["municipal"])
    # when / then: no single municipality, seen once by Bodø's staff
    assert access.municipality_of(meeting) is None
    assert list(Meeting.objects.visible_to(staff).filter(pk=meeting.pk)) == [meeting]
