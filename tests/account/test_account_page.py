"""The account page: who you are, your roles and scopes in words, your recent activity, and for
admins the state of their second factor."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.accounts.models import RoleAssignment, SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.involvement.models import Initiative

ACCOUNT = reverse("participation:account")


def test_anonymous_is_sent_to_login(client, db):
    # when
    response = client.get(ACCOUNT)
    # then
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={ACCOUNT}"


def test_post_is_not_allowed(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.post(ACCOUNT)
    # then
    assert response.status_code == 405


def test_every_page_links_to_the_account_in_the_user_menu(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(reverse("participation:dashboard"))
    # then
    assert f'<a class="dropdown-item" href="{ACCOUNT}">Your account</a>' in response.text


@pytest.mark.parametrize(
    ("role", "described"),
    [
        ("staff_bodo", "Municipal staff – Bodø"),
        ("viewer_bodo", "Viewer – Bodø"),
        ("adviser_nord", "Husbanken adviser – Husbanken Nord"),
        ("admin_user", "Admin – all municipalities"),
    ],
)
def test_roles_and_scopes_are_described_in_words(client, db, log_in, request, role, described):
    # given
    user = request.getfixturevalue(role)
    log_in(client, user)
    # when
    response = client.get(ACCOUNT)
    # then
    assert response.status_code == 200
    assert "<h1" in response.text
    assert user.username in response.text
    assert f"<li>{described}</li>" in response.text


def test_programme_leader_and_several_scopes_are_listed(client, staff_bodo, asker):
    # given
    RoleAssignment.objects.filter(user=staff_bodo).update(is_programme_leader=True)
    RoleAssignment.objects.create(
        user=staff_bodo, role=RoleAssignment.Role.VIEWER, municipality=asker
    )
    client.force_login(staff_bodo)
    # when
    response = client.get(ACCOUNT)
    # then
    assert "<li>Municipal staff – Bodø (programme leader)</li>" in response.text
    assert "<li>Viewer – Asker</li>" in response.text


def test_user_without_role_is_told_whom_to_ask(client, no_role_user):
    # given
    client.force_login(no_role_user)
    # when
    response = client.get(ACCOUNT)
    # then
    assert "You have no role yet" in response.text


def test_recent_activity_shows_own_events_and_changes_newest_first(
    client, staff_bodo, viewer_bodo, admin_user, bodo
):
    # given: a login, a role given by an admin, a failed login for this username, a change
    client.force_login(staff_bodo)
    record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)
    record_security_event(SecurityEvent.Kind.ROLE_GRANTED, actor=admin_user, target_user=staff_bodo)
    record_security_event(SecurityEvent.Kind.LOGIN_FAILED, username="bodo-test")
    initiative = Initiative.objects.create(municipality=bodo, name="Bolig Nu")
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Initiative),
        object_pk=str(initiative.pk),
        object_id=initiative.pk,
        object_repr="Bolig Nu",
        action=LogEntry.Action.UPDATE,
        changes={"aim": ["", "Homes first"]},
        actor=staff_bodo,
    )
    # and someone else's activity
    record_security_event(SecurityEvent.Kind.LOGIN, actor=viewer_bodo)
    record_security_event(SecurityEvent.Kind.LOGIN_FAILED, username="viewer-test")

    # when
    response = client.get(ACCOUNT)

    # then: newest (the change) first
    rows = response.context["activity"]
    assert [row.what for row in rows[:4]] == [
        "Changed initiative",
        "Failed login",
        "Role granted",
        "Logged in",
    ]
    assert rows[0].detail == "Bolig Nu"
    assert rows[2].detail == "by admin-test"
    assert "Bolig Nu" in response.text
    assert "viewer-test" not in response.text


def test_recent_activity_is_the_last_twenty(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    for _ in range(25):
        record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)
    newest = record_security_event(SecurityEvent.Kind.LOGOUT, actor=staff_bodo)
    # when
    response = client.get(ACCOUNT)
    # then
    rows = response.context["activity"]
    assert len(rows) == 20
    assert rows[0].what == "Logged out"
    assert rows[0].at == newest.created_at
    assert "The latest 20 things you did" in response.text


def test_admin_sees_the_state_of_their_second_factor(client, log_in, admin_user):
    # given
    log_in(client, admin_user)
    device = TOTPDevice.objects.get(user=admin_user)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(hours=1)
    )
    # when
    response = client.get(ACCOUNT)
    # then
    assert "An authenticator app is set up" in response.text
    assert "Last used" in response.text
    assert f'href="{reverse("participation:totp-enrol")}"' in response.text
    assert "Set up a new authenticator app" in response.text


def test_others_see_no_second_factor_section(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(ACCOUNT)
    # then
    assert "Second factor" not in response.text
    assert reverse("participation:totp-enrol") not in response.text
    assert f'href="{reverse("participation:password-change")}"' in response.text


# Session, user, admin check (middleware), roles, security events, changes, the notice choice,
# and the navbar's lookup of the user's roles for its menu and its task count.
ACCOUNT_QUERIES = 9


def test_account_page_query_count_does_not_grow_with_activity(
    client, staff_bodo, bodo, django_assert_max_num_queries
):
    # given
    client.force_login(staff_bodo)
    with django_assert_max_num_queries(ACCOUNT_QUERIES):
        assert client.get(ACCOUNT).status_code == 200
    # when
    for _ in range(30):
        record_security_event(SecurityEvent.Kind.LOGIN, actor=staff_bodo)
    # then
    with django_assert_max_num_queries(ACCOUNT_QUERIES):
        response = client.get(ACCOUNT)
    assert response.status_code == 200
