"""Admins' user management under /brukere/: list, create, roles, deactivation, unlock."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.accounts.models import RoleAssignment, SecurityEvent
from participation.accounts.services.users import create_user, grant_role

Role = RoleAssignment.Role
Kind = SecurityEvent.Kind
USERS = reverse("participation:user-list")
CREATE = reverse("participation:user-create")
LOGIN = reverse("login")
GOOD_PASSWORD = "Tre-epler-og-en-sykkel-42"


def detail(user: User) -> str:
    return reverse("participation:user-detail", args=[user.pk])


def role_add(user: User) -> str:
    return reverse("participation:user-role-add", args=[user.pk])


@pytest.fixture
def head_office(db) -> User:  # type: ignore[no-untyped-def]
    """An admin made the way production makes them: through the service (so is_staff)."""
    user = create_user(actor=None, username="head-office", first_name="Hanne", last_name="Hovud")
    grant_role(user, actor=None, role=Role.ADMIN)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def admin_client(log_in, head_office) -> Client:  # type: ignore[no-untyped-def]
    """The admin's own browser, separate from `client` (another person's)."""
    admin_browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(admin_browser, head_office)
    return admin_browser


@pytest.fixture
def kari(db, bodo) -> User:  # type: ignore[no-untyped-def]
    user = create_user(
        actor=None,
        username="kari",
        first_name="Kari",
        last_name="Nordmann",
        email="kari@bodo.example",
        password=GOOD_PASSWORD,
    )
    grant_role(user, actor=None, role=Role.MUNICIPAL, municipality=bodo)
    return User.objects.get(pk=user.pk)


# Who gets in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["adviser_nord", "staff_bodo", "viewer_bodo", "no_role_user"])
def test_everyone_but_admins_gets_a_friendly_403(client, db, request, role):
    # given
    client.force_login(request.getfixturevalue(role))
    # when
    response = client.get(USERS)
    # then
    assert response.status_code == 403
    assert "You are not allowed to do this" in response.text
    assert "<h1" in response.text


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(USERS)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_an_account_that_does_not_exist_is_a_404_for_admins_and_a_403_for_others(
    admin_client, staff_bodo, client
):
    # when
    missing = admin_client.get(reverse("participation:user-detail", args=[999999]))
    # then: a friendly page that names nothing
    assert missing.status_code == 404
    main = missing.text.split("<main")[1].split("</main>")[0]
    assert "Page not found" in main
    assert "999999" not in main

    # and a non-admin cannot tell existing from missing ids
    client.force_login(staff_bodo)
    assert client.get(reverse("participation:user-detail", args=[999999])).status_code == 403
    assert client.get(detail(staff_bodo)).status_code == 403


def test_the_navbar_offers_users_to_admins_only(admin_client, client, staff_bodo):
    assert f'href="{USERS}"' in admin_client.get(reverse("participation:dashboard")).text
    client.force_login(staff_bodo)
    assert f'href="{USERS}"' not in client.get(reverse("participation:dashboard")).text


def test_a_wrong_method_is_refused(admin_client, kari):
    assert admin_client.post(USERS).status_code == 405
    assert (
        admin_client.put(reverse("participation:user-deactivate", args=[kari.pk])).status_code
        == 405
    )


# The list -------------------------------------------------------------------------------------


def test_list_shows_users_with_their_roles_and_state(admin_client, kari, viewer_bodo):
    # when
    response = admin_client.get(USERS)
    # then
    assert response.status_code == 200
    text = response.text
    assert "kari" in text
    assert "Kari Nordmann" in text
    assert "kari@bodo.example" in text
    assert "Municipal staff – Bodø (1804)" in text
    assert "viewer-test" in text


def test_list_searches_by_name_and_filters_by_role(admin_client, kari, viewer_bodo, adviser_nord):
    # when searching for a first and last name
    response = admin_client.get(USERS, {"q": "kari nord"})
    # then
    names = [u.username for u in response.context["page"].object_list]
    assert names == ["kari"]

    # when filtering by role
    response = admin_client.get(USERS, {"role": "viewer"})
    assert [u.username for u in response.context["page"].object_list] == ["viewer-test"]

    # and admins include the admin making the request
    response = admin_client.get(USERS, {"role": "admin"})
    assert [u.username for u in response.context["page"].object_list] == ["head-office"]


def test_list_filter_for_users_without_a_role(admin_client, kari, no_role_user):
    response = admin_client.get(USERS, {"role": "none"})
    assert [u.username for u in response.context["page"].object_list] == ["norole-test"]


def test_list_paginates_by_25_and_keeps_the_filter(admin_client, db):
    # given 30 viewers without a role
    for n in range(30):
        User.objects.create_user(username=f"bulk-{n:02d}")
    # when
    first = admin_client.get(USERS, {"q": "bulk"})
    second = admin_client.get(USERS, {"q": "bulk", "page": 2})
    # then
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "?q=bulk&amp;page=2" in first.text


def test_list_empty_state_when_nothing_matches(admin_client):
    response = admin_client.get(USERS, {"q": "no-such-person"})
    assert "No user matches your search." in response.text
    assert "<table" not in response.text


def test_list_query_count_does_not_grow_with_users(
    admin_client, bodo, django_assert_max_num_queries
):
    # given many users with roles
    for n in range(20):
        user = User.objects.create_user(username=f"many-{n:02d}")
        RoleAssignment.objects.create(user=user, role=Role.VIEWER, municipality=bodo)
    # when / then: session, user, count, page, assignments, lockouts (+ margin for middleware)
    with django_assert_max_num_queries(10):
        response = admin_client.get(USERS)
    assert response.status_code == 200


# Creating a user ------------------------------------------------------------------------------


def test_admin_creates_a_user_who_can_log_in(admin_client, head_office, client):
    # when
    response = admin_client.post(
        CREATE,
        {
            "username": "ola",
            "first_name": "Ola",
            "last_name": "Nordmann",
            "email": "ola@example.test",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    # then
    ola = User.objects.get(username="ola")
    assert response.status_code == 302
    assert response.url == detail(ola)
    assert ola.check_password(GOOD_PASSWORD)
    assert not ola.role_assignments.exists()
    event = SecurityEvent.objects.get(kind=Kind.USER_CREATED, target_user=ola)
    assert event.actor == head_office


def test_create_form_refuses_a_weak_password_and_a_taken_username(admin_client, kari):
    # when
    response = admin_client.post(
        CREATE,
        {
            "username": "KARI",
            "first_name": "Kari",
            "last_name": "Andre",
            "email": "k@example.test",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    # then
    assert response.status_code == 200
    assert "A user with that username already exists." in response.text
    assert "This password is too common." in response.text
    assert User.objects.filter(username__iexact="kari").count() == 1


def test_create_form_needs_name_and_email(admin_client):
    response = admin_client.post(
        CREATE, {"username": "nameless", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"first_name", "last_name", "email"}
    assert not User.objects.filter(username="nameless").exists()


# The user page --------------------------------------------------------------------------------


def test_user_page_shows_roles_state_and_events(admin_client, kari):
    # when
    response = admin_client.get(detail(kari))
    # then
    text = response.text
    assert response.status_code == 200
    assert "Kari Nordmann" in text
    assert "Municipal staff – Bodø (1804)" in text
    assert "Not locked out" in text
    assert "Role granted" in text
    assert "User created" in text
    assert reverse("participation:user-deactivate", args=[kari.pk]) in text


def test_user_page_shows_a_lockout_and_unlock_clears_it(admin_client, head_office, kari, client):
    # given kari locked out after five failed logins
    for _ in range(5):
        client.post(LOGIN, {"username": "kari", "password": "wrong"})
    assert client.post(LOGIN, {"username": "kari", "password": GOOD_PASSWORD}).status_code == 429
    page = admin_client.get(detail(kari)).text
    assert "Locked out" in page
    assert "Locked out" in admin_client.get(USERS).text

    # when the admin confirms the unlock
    unlock = reverse("participation:user-unlock", args=[kari.pk])
    assert "is locked out after too many failed logins" in admin_client.get(unlock).text
    response = admin_client.post(unlock)

    # then the attempts are gone, the unlock is recorded and kari can log in again
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="kari").exists()
    event = SecurityEvent.objects.get(kind=Kind.UNLOCKED, target_user=kari)
    assert event.actor == head_office
    assert client.post(LOGIN, {"username": "kari", "password": GOOD_PASSWORD}).status_code == 302


def test_unlocking_someone_not_locked_records_nothing(admin_client, kari):
    response = admin_client.post(reverse("participation:user-unlock", args=[kari.pk]), follow=True)
    assert "had no failed logins to clear" in response.text
    assert not SecurityEvent.objects.filter(kind=Kind.UNLOCKED).exists()


# Roles ----------------------------------------------------------------------------------------


def test_admin_gives_a_viewer_role_for_a_region(admin_client, head_office, kari, region_nord):
    # when
    response = admin_client.post(role_add(kari), {"role": "viewer", "region": region_nord.pk})
    # then
    assert response.status_code == 302
    assignment = kari.role_assignments.get(role=Role.VIEWER)
    assert assignment.region == region_nord
    event = SecurityEvent.objects.get(kind=Kind.ROLE_GRANTED, actor=head_office)
    assert event.target_user == kari
    assert event.data["region"] == "nord"
    assert "now has the role Viewer for Husbanken Nord" in admin_client.get(detail(kari)).text


def test_the_admin_role_makes_staff_who_may_use_the_django_admin(
    admin_client, kari, client, log_in
):
    # when
    admin_client.post(role_add(kari), {"role": "admin"})
    # then
    kari.refresh_from_db()
    assert kari.is_staff
    assert kari.is_superuser
    log_in(client, kari)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": "admin", "municipality": "{bodo}"}, "municipality", "Admins see everything"),
        ({"role": "admin", "region": "{nord}"}, "region", "Admins see everything"),
        ({"role": "municipal"}, "municipality", "Choose the municipality this person works for."),
        (
            {"role": "municipal", "region": "{nord}", "municipality": "{bodo}"},
            "region",
            "Municipal staff work for a municipality, not a region",
        ),
        (
            {"role": "viewer", "region": "{nord}", "municipality": "{bodo}"},
            "municipality",
            "Choose a region or one municipality, not both.",
        ),
        ({"role": "adviser"}, "region", "Choose a region or a municipality."),
        (
            {"role": "adviser", "region": "{nord}", "is_programme_leader": "on"},
            "is_programme_leader",
            "Only municipal staff can be programme leaders.",
        ),
        ({"role": "viewer", "municipality": "999999"}, "municipality", "Select a valid choice."),
        ({"role": "emperor"}, "role", "Select a valid choice."),
    ],
    ids=[
        "admin-with-municipality",
        "admin-with-region",
        "municipal-without-municipality",
        "municipal-with-region",
        "viewer-with-both",
        "adviser-with-neither",
        "leader-not-municipal",
        "unknown-municipality",
        "unknown-role",
    ],
)
def test_role_form_explains_what_the_database_would_refuse(
    admin_client, kari, bodo, region_nord, data, field, message
):
    # given
    values = {k: v.format(bodo=bodo.pk, nord=region_nord.pk) for k, v in data.items()}
    before = RoleAssignment.objects.count()
    # when
    response = admin_client.post(role_add(kari), values)
    # then: the message on the right field, and nothing saved
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert message in response.text
    assert RoleAssignment.objects.count() == before
    assert SecurityEvent.objects.filter(kind=Kind.ROLE_GRANTED, target_user=kari).count() == 1


def test_role_form_refuses_a_duplicate(admin_client, kari, bodo):
    response = admin_client.post(role_add(kari), {"role": "municipal", "municipality": bodo.pk})
    assert response.status_code == 200
    assert "This user already has this role for this scope." in response.text
    assert kari.role_assignments.count() == 1


def test_revoking_a_role_asks_first_then_removes_and_records(admin_client, head_office, kari):
    # given
    assignment = kari.role_assignments.get()
    url = reverse("participation:user-role-revoke", args=[assignment.pk])
    # when asked
    page = admin_client.get(url)
    # then a confirmation page, nothing removed yet
    assert page.status_code == 200
    assert "Remove the role Municipal staff for Bodø (1804) from kari?" in page.text
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    # when confirmed
    response = admin_client.post(url)
    # then
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = SecurityEvent.objects.get(kind=Kind.ROLE_REVOKED, target_user=kari)
    assert event.actor == head_office
    assert event.data == {
        "assignment_id": assignment.pk,
        "role": "municipal",
        "region": None,
        "municipality": "1804",
        "is_programme_leader": False,
    }


def test_an_admin_cannot_remove_their_own_last_admin_role(admin_client, head_office):
    # given
    own = head_office.role_assignments.get(role=Role.ADMIN)
    url = reverse("participation:user-role-revoke", args=[own.pk])
    # when
    page = admin_client.get(url)
    response = admin_client.post(url, follow=True)
    # then: told why, on the page and after a POST; the role stays
    assert "You cannot remove your own last admin role" in page.text
    assert "<button" not in page.text.split("<main")[1].split("</main>")[0]
    assert "You cannot remove your own last admin role" in response.text
    assert RoleAssignment.objects.filter(pk=own.pk).exists()
    head_office.refresh_from_db()
    assert head_office.is_staff


def test_an_admin_may_remove_another_admins_role(admin_client, head_office):
    # given a second admin
    other = create_user(actor=None, username="other-admin")
    grant_role(other, actor=None, role=Role.ADMIN)
    theirs = other.role_assignments.get()
    # when
    response = admin_client.post(reverse("participation:user-role-revoke", args=[theirs.pk]))
    # then
    assert response.status_code == 302
    other.refresh_from_db()
    assert not other.is_staff
    assert not other.is_superuser


# Deactivation ---------------------------------------------------------------------------------


def test_deactivating_asks_first_keeps_everything_and_blocks_login(
    admin_client, head_office, kari, client
):
    # given
    url = reverse("participation:user-deactivate", args=[kari.pk])
    assert "Nothing is deleted" in admin_client.get(url).text
    # when
    response = admin_client.post(url)
    # then
    assert response.status_code == 302
    kari.refresh_from_db()
    assert not kari.is_active
    assert kari.role_assignments.count() == 1  # kept, for a later reactivation
    assert SecurityEvent.objects.get(kind=Kind.USER_DEACTIVATED).actor == head_office
    assert client.post(LOGIN, {"username": "kari", "password": GOOD_PASSWORD}).status_code == 200
    assert "Deactivated" in admin_client.get(detail(kari)).text

    # when reactivated
    admin_client.post(reverse("participation:user-reactivate", args=[kari.pk]))
    # then
    kari.refresh_from_db()
    assert kari.is_active
    assert SecurityEvent.objects.filter(kind=Kind.USER_REACTIVATED, target_user=kari).exists()
    assert client.post(LOGIN, {"username": "kari", "password": GOOD_PASSWORD}).status_code == 302


def test_a_deactivated_users_session_ends(admin_client, kari, client, bodo):
    # given kari is logged in
    client.force_login(kari)
    assert client.get(bodo.get_absolute_url()).status_code == 200
    # when an admin deactivates her
    admin_client.post(reverse("participation:user-deactivate", args=[kari.pk]))
    # then her next request is anonymous
    response = client.get(bodo.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_an_admin_cannot_deactivate_themself(admin_client, head_office):
    url = reverse("participation:user-deactivate", args=[head_office.pk])
    assert "You cannot deactivate your own account" in admin_client.get(url).text
    response = admin_client.post(url, follow=True)
    assert "You cannot deactivate your own account" in response.text
    head_office.refresh_from_db()
    assert head_office.is_active
    assert not SecurityEvent.objects.filter(kind=Kind.USER_DEACTIVATED).exists()


def test_reactivating_an_active_user_changes_nothing(admin_client, kari):
    response = admin_client.post(
        reverse("participation:user-reactivate", args=[kari.pk]), follow=True
    )
    assert "kari is already active." in response.text
    assert not SecurityEvent.objects.filter(kind=Kind.USER_REACTIVATED).exists()


# Second factor ---------------------------------------------------------------------------------


def reset_url(user: User) -> str:
    return reverse("participation:user-second-factor-reset", args=[user.pk])


@pytest.fixture
def other_admin(db) -> User:  # type: ignore[no-untyped-def]
    """A second admin, who can log in with a password."""
    user = create_user(actor=None, username="other-admin", password=GOOD_PASSWORD)
    grant_role(user, actor=None, role=Role.ADMIN)
    return User.objects.get(pk=user.pk)


def test_an_admin_resets_another_admins_lost_second_factor(
    admin_client, head_office, other_admin, client, log_in
):
    # given the other admin is logged in, their session verified with their app
    log_in(client, other_admin)
    dashboard = reverse("participation:dashboard")
    assert client.get(dashboard).status_code == 200
    page = admin_client.get(detail(other_admin)).text
    assert "Authenticator app set up" in page
    assert reset_url(other_admin) in page

    # when the admin opens the reset
    confirm = admin_client.get(reset_url(other_admin))
    # then they are asked first, with room for a reason, and nothing is removed yet
    assert confirm.status_code == 200
    assert "Reset the second factor of other-admin?" in confirm.text
    assert 'for="id_reason"' in confirm.text
    assert "Reason (optional)" in confirm.text
    assert TOTPDevice.objects.filter(user=other_admin).count() == 1

    # when they confirm, giving a reason
    response = admin_client.post(reset_url(other_admin), {"reason": " Lost phone "})
    # then the app is gone, and the security log says who reset whose, when and why
    assert response.status_code == 302
    assert response.url == detail(other_admin)
    assert not TOTPDevice.objects.filter(user=other_admin).exists()
    event = SecurityEvent.objects.get(kind=Kind.SECOND_FACTOR_RESET)
    assert event.actor == head_office
    assert event.target_user == other_admin
    assert event.created_at is not None
    assert event.ip_address == "127.0.0.1"
    assert event.data == {"devices_removed": 1, "reason": "Lost phone"}
    page = admin_client.get(detail(other_admin)).text
    assert "The second factor of other-admin was reset." in page
    assert "No authenticator app: they are asked to set one up at their next login." in page
    assert "Second factor reset: Lost phone" in page
    assert reset_url(other_admin) not in page

    # and the other admin's open session must set up a new app before anything else
    enrol = reverse("participation:totp-enrol")
    blocked = client.get(dashboard)
    assert blocked.status_code == 302
    assert blocked.url.startswith(enrol)
    # as must a new login with the password
    fresh = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert (
        fresh.post(LOGIN, {"username": "other-admin", "password": GOOD_PASSWORD}).status_code == 302
    )
    redirected = fresh.get(dashboard)
    assert redirected.status_code == 302
    assert redirected["Location"].startswith(enrol)
    assert "Set up your authenticator app" in fresh.get(redirected["Location"]).text


def test_an_admin_cannot_reset_their_own_second_factor_here(admin_client, head_office):
    # given the admin's own page
    assert reset_url(head_office) not in admin_client.get(detail(head_office)).text
    # when they try anyway
    page = admin_client.get(reset_url(head_office))
    response = admin_client.post(reset_url(head_office), follow=True)
    # then they are told how to replace their own app, and it stays
    assert "You cannot reset your own second factor here." in page.text
    assert "<button" not in page.text.split("<main")[1].split("</main>")[0]
    assert "You cannot reset your own second factor here." in response.text
    assert TOTPDevice.objects.filter(user=head_office).exists()
    assert not SecurityEvent.objects.filter(kind=Kind.SECOND_FACTOR_RESET).exists()


def test_a_user_without_an_app_has_nothing_to_reset(admin_client, kari):
    # given kari, municipal staff, who never needs an app
    page = admin_client.get(detail(kari)).text
    assert "Not needed: only admins use one." in page
    assert reset_url(kari) not in page
    # when
    response = admin_client.post(reset_url(kari), follow=True)
    # then
    assert "kari has no authenticator app to reset." in response.text
    assert not SecurityEvent.objects.filter(kind=Kind.SECOND_FACTOR_RESET).exists()


def test_the_reason_must_not_hold_personal_data(admin_client, other_admin, log_in):
    # given the other admin has an app
    log_in(Client(), other_admin)
    # when the reason names a phone number
    response = admin_client.post(reset_url(other_admin), {"reason": "Call her on 41234567"})
    # then the form says so and nothing is reset
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in response.text
    assert TOTPDevice.objects.filter(user=other_admin).exists()
    assert not SecurityEvent.objects.filter(kind=Kind.SECOND_FACTOR_RESET).exists()


def test_the_reset_page_is_norwegian_by_default(other_admin, head_office, log_in):
    # given an admin whose browser asks for nothing in particular
    browser = Client()
    log_in(browser, head_office)
    log_in(Client(), other_admin)
    # when
    page = browser.get(reset_url(other_admin)).text
    # then
    assert "Vil du tilbakestille tofaktorautentiseringen til other-admin?" in page
    assert "Begrunnelse (valgfritt)" in page


# The Django admin -----------------------------------------------------------------------------


def test_staff_without_the_admin_role_cannot_use_the_django_admin(client, staff_bodo):
    # given a municipal user someone made staff by hand
    staff_bodo.is_staff = True
    staff_bodo.save(update_fields=["is_staff"])
    client.force_login(staff_bodo)
    # when
    response = client.get(reverse("admin:involvement_initiative_changelist"))
    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "Administration" not in client.get(reverse("participation:dashboard")).text


def test_role_assignments_are_read_only_in_the_django_admin(admin_client, kari):
    assignment = kari.role_assignments.get()
    assert admin_client.get(reverse("admin:accounts_roleassignment_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_roleassignment_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:accounts_roleassignment_delete", args=[assignment.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
