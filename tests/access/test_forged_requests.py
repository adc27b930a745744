"""Forged requests: another municipality's id in a URL or a form field, a POST to something the
user may only read. Each is refused (403 or 404, or the admin's login page) and changes nothing,
which is asserted on the database: every table's row count, and the fields of the rows aimed at.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from participation.accounts.models import RoleAssignment, SecurityEvent
from participation.accounts.services.users import deactivate_user
from participation.involvement.models import Initiative

from .scene import Scene, row_fields, table_counts
from .scene import scene_fixture as scene_fixture  # the module-scoped fixture `scene`

Role = RoleAssignment.Role


@contextmanager
def nothing_changes(*rows: Any) -> Iterator[None]:
    counts, fields = table_counts(), [row_fields(row) for row in rows]
    yield
    counts_after, fields_after = table_counts(), [row_fields(row) for row in rows]
    changed_tables = {t: (counts[t], n) for t, n in counts_after.items() if counts[t] != n}
    assert not changed_tables, f"row counts changed: {changed_tables}"
    assert fields_after == fields, "a row aimed at changed"


@pytest.fixture
def as_role(scene: Scene, db, log_in):  # type: ignore[no-untyped-def]
    def client_for(role: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        log_in(client, User.objects.get(pk=scene.users[role].pk))
        return client

    return client_for


def test_municipal_user_cannot_grant_themself_a_role_in_asker(scene, as_role) -> None:  # type: ignore[no-untyped-def]
    # given Bodø's municipal user, with Asker's municipality id in the form
    me = scene.users["municipal"]
    client = as_role("municipal")
    url = reverse("participation:user-role-add", args=[me.pk])
    # when
    with nothing_changes(me):
        response = client.post(
            url, {"role": "municipal", "municipality": scene.foreign_municipality.pk}
        )
    # then
    assert response.status_code == 403
    assert not me.role_assignments.filter(municipality=scene.foreign_municipality).exists()


@pytest.mark.parametrize("role", ["viewer", "municipal", "programme_leader", "adviser", "no_role"])
def test_no_one_but_admins_can_change_accounts_or_roles(scene, as_role, role) -> None:  # type: ignore[no-untyped-def]
    # given a user of the role, and POSTs to every account-changing route, for an account in
    # their own municipality and one in Asker
    client = as_role(role)
    for side in ("home", "foreign"):
        account = scene.target(side, "user")
        assignment = scene.target(side, "role_assignment")
        posts = [
            (reverse("participation:user-create"), {"username": "forged", "password1": "x"}),
            (
                reverse("participation:user-role-add", args=[account.pk]),
                {"role": "admin"},
            ),
            (reverse("participation:user-role-revoke", args=[assignment.pk]), {}),
            (reverse("participation:user-deactivate", args=[account.pk]), {}),
            (reverse("participation:user-reactivate", args=[account.pk]), {}),
            (reverse("participation:user-unlock", args=[account.pk]), {}),
            (reverse("participation:user-second-factor-reset", args=[account.pk]), {}),
        ]
        for url, data in posts:
            # when
            with nothing_changes(account, assignment):
                response = client.post(url, data)
            # then
            assert response.status_code == 403, url


@pytest.mark.parametrize("role", ["viewer", "municipal", "adviser"])
@pytest.mark.parametrize("side", ["home", "foreign"])
def test_the_django_admin_change_form_refuses_everyone_but_admins(
    scene, as_role, role, side
) -> None:  # type: ignore[no-untyped-def]
    # given an initiative the user may only read (home) or not see at all (foreign)
    initiative = scene.target(side, "initiative")
    url = reverse("admin:involvement_initiative_change", args=[initiative.pk])
    client = as_role(role)
    # when they post a changed name straight to the admin
    with nothing_changes(initiative):
        response = client.post(
            url, {"name": "Forged", "municipality": initiative.municipality_id, "aim": "x"}
        )
    # then they are sent to the admin's login page
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_municipal_user_editing_the_url_to_askers_initiative_gets_404(scene, as_role) -> None:  # type: ignore[no-untyped-def]
    # given
    asker = scene.target("foreign", "initiative")
    client = as_role("municipal")
    # when
    response = client.get(reverse("participation:initiative-detail", args=[asker.pk]))
    municipality = client.get(reverse("participation:municipality-detail", args=["3203"]))
    # then: not found, and nothing of Asker's on the page
    assert response.status_code == 404
    assert municipality.status_code == 404
    for page in (response, municipality):
        assert "Asker" not in page.text
        assert asker.name not in page.text
        assert asker.reference not in page.text


def test_admin_form_with_a_municipality_that_does_not_exist_saves_nothing(scene, as_role) -> None:  # type: ignore[no-untyped-def]
    # given
    account = scene.target("home", "user")
    client = as_role("admin")
    # when
    with nothing_changes(account):
        response = client.post(
            reverse("participation:user-role-add", args=[account.pk]),
            {"role": "viewer", "municipality": 987654321},
        )
    # then: the form again, with the error on the field
    assert response.status_code == 200
    assert "Select a valid choice." in response.text


def test_admin_posting_for_an_account_that_does_not_exist_gets_404(scene, as_role) -> None:  # type: ignore[no-untyped-def]
    client = as_role("admin")
    missing = User.objects.order_by("-pk").first().pk + 1000  # type: ignore[union-attr]
    for name in (
        "user-role-add",
        "user-deactivate",
        "user-reactivate",
        "user-unlock",
        "user-second-factor-reset",
    ):
        with nothing_changes():
            response = client.post(
                reverse(f"participation:{name}", args=[missing]),
                {"role": "viewer", "municipality": scene.home_municipality.pk},
            )
        assert response.status_code == 404, name
    with nothing_changes():
        response = client.post(reverse("participation:user-role-revoke", args=[missing]))
    assert response.status_code == 404


def test_a_smuggled_user_field_is_ignored(scene, as_role) -> None:  # type: ignore[no-untyped-def]
    # given the admin adds a role for the home account, with the foreign account in a forged field
    home, foreign = scene.target("home", "user"), scene.target("foreign", "user")
    client = as_role("admin")
    foreign_before = (row_fields(foreign), list(foreign.role_assignments.values()))
    # when
    response = client.post(
        reverse("participation:user-role-add", args=[home.pk]),
        {"role": "viewer", "region": scene.home_municipality.region_id, "user": foreign.pk},
    )
    # then the role went to the account in the URL, and the foreign account is untouched
    assert response.status_code == 302
    assert (row_fields(foreign), list(foreign.role_assignments.values())) == foreign_before
    assert home.role_assignments.filter(role=Role.VIEWER).exists()
    assert not foreign.role_assignments.filter(role=Role.VIEWER).exists()


def test_deactivating_a_user_keeps_their_records_and_their_events(scene, db) -> None:  # type: ignore[no-untyped-def]
    # given a municipal user who created an initiative and has security events
    author = scene.target("home", "user")
    initiative = Initiative.objects.create(
        municipality=scene.home_municipality,
        name="Written by the author",
        aim="An aim.",
        created_by=author,
        updated_by=author,
    )
    events_before = set(
        SecurityEvent.objects.filter(target_user=author).values_list("pk", flat=True)
    )
    assert events_before  # user created, role granted
    admin = User.objects.get(pk=scene.users["admin"].pk)
    # when
    deactivate_user(User.objects.get(pk=author.pk), actor=admin)
    # then the account is still there, inactive, with everything that points to it
    author.refresh_from_db()
    assert not author.is_active
    initiative.refresh_from_db()
    assert initiative.created_by == author
    assert initiative.updated_by == author
    assert author.role_assignments.count() == 1
    events_after = set(
        SecurityEvent.objects.filter(target_user=author).values_list("pk", flat=True)
    )
    assert events_before < events_after
    assert SecurityEvent.objects.filter(
        target_user=author, kind=SecurityEvent.Kind.USER_DEACTIVATED, actor=admin
    ).exists()
