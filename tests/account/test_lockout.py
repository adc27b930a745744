"""Lockout after repeated failed logins (django-axes): a clear page, the same for every username,
and an unlock by an administrator (axes' reset, or Django admin's list of access attempts)."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.urls import reverse

from .conftest import PASSWORD

LOGIN = reverse("login")
DASHBOARD = reverse("participation:dashboard")


def fail_logins(client, username: str, times: int) -> list:  # type: ignore[no-untyped-def]
    return [
        client.post(LOGIN, {"username": username, "password": "wrong-password"})
        for _ in range(times)
    ]


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_lockout_is_five_failures_per_username_and_address_twenty_per_address_for_an_hour() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_IP_FAILURE_LIMIT == 20
    assert settings.AXES_COOLOFF_TIME == 1
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "ip_address"]
    assert settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is False


def test_anonymous_wrong_passwords_do_not_lock_an_admin_out(admin_user, admin_device):
    from django.test import Client

    # given: someone elsewhere types five (and more) wrong passwords for the admin's username
    attacker = Client(REMOTE_ADDR="203.0.113.9", HTTP_ACCEPT_LANGUAGE="en")
    responses = fail_logins(attacker, admin_user.username, 7)
    assert [r.status_code for r in responses] == [200] * 4 + [429] * 3

    # when: the admin logs in from their own address
    admin = Client(REMOTE_ADDR="198.51.100.20", HTTP_ACCEPT_LANGUAGE="en")
    response = admin.post(LOGIN, {"username": admin_user.username, "password": PASSWORD})

    # then: the password is accepted (the second factor comes next); the attacker stays locked
    assert response.status_code == 302
    assert "_auth_user_id" in admin.session
    still = attacker.post(LOGIN, {"username": admin_user.username, "password": PASSWORD})
    assert still.status_code == 429


def test_many_usernames_from_one_address_lock_that_address(client, staff_bodo):
    from django.test import Client

    # given: one client tries 30 usernames once each
    attacker = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en")
    statuses = [
        attacker.post(LOGIN, {"username": f"guess-{n}", "password": "x"}).status_code
        for n in range(30)
    ]

    # then: the first 19 get the ordinary error, the 20th and every later one the lockout page
    assert statuses == [200] * 19 + [429] * 11
    # even a real username with its right password is refused from that address
    refused = attacker.post(LOGIN, {"username": "bodo-test", "password": PASSWORD})
    assert refused.status_code == 429
    assert "_auth_user_id" not in attacker.session
    # while the same user logs in from anywhere else
    elsewhere = Client(REMOTE_ADDR="198.51.100.30")
    assert elsewhere.post(LOGIN, {"username": "bodo-test", "password": PASSWORD}).status_code == 302


def test_attempts_during_a_lockout_do_not_extend_it(client, staff_bodo):
    # given: locked out
    fail_logins(client, "bodo-test", 5)
    first = AccessAttempt.objects.get(username="bodo-test")
    # when: more attempts while locked out
    fail_logins(client, "bodo-test", 3)
    # then: neither counted nor moving the lockout's time
    again = AccessAttempt.objects.get(username="bodo-test")
    assert again.failures_since_start == 5
    assert again.attempt_time == first.attempt_time


def test_sixth_attempt_is_refused_even_with_the_right_password(client, staff_bodo):
    # given: four wrong passwords give the ordinary error, the fifth locks
    responses = fail_logins(client, "bodo-test", 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert all("You could not be logged in" in r.text for r in responses[:4])
    assert responses[4].status_code == 429

    # when: the sixth attempt has the right password
    response = client.post(LOGIN, {"username": "bodo-test", "password": PASSWORD})

    # then: the lockout page, and nobody is logged in
    assert response.status_code == 429
    assert "Logging in is blocked for a while" in response.text
    assert "After 5 failed attempts" in response.text
    assert "blocked for 1 hour" in response.text
    assert "contact the administrators at Husbanken" in response.text
    assert '<html lang="en">' in response.text  # the ordinary layout, in the user's language
    assert "_auth_user_id" not in client.session
    assert client.get(DASHBOARD).status_code == 302


def test_lockout_page_does_not_tell_whether_the_username_exists(client, staff_bodo):
    # given
    fail_logins(client, "bodo-test", 5)
    fail_logins(client, "nobody-by-this-name", 5)

    # when
    real = client.post(LOGIN, {"username": "bodo-test", "password": "x"})
    unknown = client.post(LOGIN, {"username": "nobody-by-this-name", "password": "x"})

    # then: the same status and the same page, word for word; the username is not echoed
    assert real.status_code == unknown.status_code == 429
    assert without_tokens(real.text) == without_tokens(unknown.text)
    assert "bodo-test" not in real.text


def test_lockout_of_one_username_leaves_others_alone(client, staff_bodo, viewer_bodo):
    # given
    fail_logins(client, "bodo-test", 5)
    # when
    response = client.post(LOGIN, {"username": "viewer-test", "password": PASSWORD})
    # then
    assert response.status_code == 302


def test_reset_by_an_administrator_lets_the_user_in_again(client, staff_bodo):
    # given
    fail_logins(client, "bodo-test", 5)
    # when
    reset(username="bodo-test")
    response = client.post(LOGIN, {"username": "bodo-test", "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert response.url == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


@pytest.fixture
def superuser_client(db, log_in):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.test import Client

    superuser = get_user_model().objects.create_superuser("root-test", password=PASSWORD)
    admin_client = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(admin_client, superuser)
    return admin_client


def test_django_admin_lists_locked_usernames_and_deleting_the_attempt_unlocks(
    client, staff_bodo, superuser_client
):
    # given
    fail_logins(client, "bodo-test", 5)
    attempt = AccessAttempt.objects.get(username="bodo-test")

    # when: an administrator opens the access attempts in Django admin, locked out only
    changelist = superuser_client.get(
        reverse("admin:axes_accessattempt_changelist"), {"locked_out": "yes"}
    )

    # then
    assert changelist.status_code == 200
    assert "bodo-test" in changelist.text

    # when: they delete the attempt
    response = superuser_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    # then: the user can log in again
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="bodo-test").exists()
    login = client.post(LOGIN, {"username": "bodo-test", "password": PASSWORD})
    assert login.status_code == 302
    assert login.url == DASHBOARD


ADDRESS_LOCKOUT = (
    "After 20 failed attempts from this network address, logging in from it is blocked for "
    "1 hour, whatever the username."
)


def test_an_address_lockout_speaks_of_the_address_not_the_username(staff_bodo):
    from django.test import Client

    # given: one client tries 20 usernames once each, so its address is locked
    attacker = Client(REMOTE_ADDR="203.0.113.8", HTTP_ACCEPT_LANGUAGE="en")
    responses = [
        attacker.post(LOGIN, {"username": f"guess-{n}", "password": "x"}) for n in range(20)
    ]
    # then: the lockout page says the address is blocked, whatever the username
    locked = responses[-1]
    assert locked.status_code == 429
    assert ADDRESS_LOCKOUT in locked.text
    assert "with this username" not in locked.text
    assert "same network address (an office network, say) is blocked too" in locked.text
    # and so it says to a real username with its right password from that address
    refused = attacker.post(LOGIN, {"username": "bodo-test", "password": PASSWORD})
    assert refused.status_code == 429
    assert ADDRESS_LOCKOUT in refused.text
    # and in Norwegian
    norwegian = Client(REMOTE_ADDR="203.0.113.8", HTTP_ACCEPT_LANGUAGE="nb")
    page = norwegian.post(LOGIN, {"username": "bodo-test", "password": "x"}).text
    assert (
        "Etter 20 mislykkede forsøk fra denne nettverksadressen er innlogging derfra sperret i "
        "1 time, uansett brukernavn." in page
    )


def test_a_username_lockout_speaks_of_the_username(client, staff_bodo):
    # given: five wrong passwords for one username from one address
    responses = fail_logins(client, "bodo-test", 5)
    # then: the page speaks of the username, not of the address
    assert responses[-1].status_code == 429
    text = responses[-1].text
    assert "After 5 failed attempts, logging in with this username is blocked for 1 hour." in text
    assert "network address" not in text


def test_logging_in_to_a_known_account_does_not_wipe_the_addresss_failures(staff_bodo, viewer_bodo):
    from django.test import Client

    # given: from one address, someone who knows the viewer's password tries 15 usernames and
    # four wrong passwords for bodo-test: 19 failures, one short of the address's limit
    address = "203.0.113.44"
    attacker = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")
    statuses = [
        attacker.post(LOGIN, {"username": f"guess-{n}", "password": "x"}).status_code
        for n in range(15)
    ]
    statuses += [r.status_code for r in fail_logins(attacker, "bodo-test", 4)]
    assert statuses == [200] * 19
    # when: they log in to the account they know, from the same address
    known = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")
    assert known.post(LOGIN, {"username": "viewer-test", "password": PASSWORD}).status_code == 302
    # then: the address's failures still count: the next wrong guess is the 20th and locks it
    again = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")
    response = again.post(LOGIN, {"username": "bodo-test", "password": "x"})
    assert response.status_code == 429
    # and the failures for bodo-test are still counted against that username too
    assert AccessAttempt.objects.get(username="bodo-test").failures_since_start == 5


def test_logging_in_to_a_known_account_does_not_wipe_a_usernames_failures(staff_bodo, viewer_bodo):
    from django.test import Client

    # given: four wrong passwords for bodo-test from one address
    address = "203.0.113.45"
    attacker = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")
    assert [r.status_code for r in fail_logins(attacker, "bodo-test", 4)] == [200] * 4
    # when: a login to another account succeeds from the same address
    known = Client(REMOTE_ADDR=address)
    assert known.post(LOGIN, {"username": "viewer-test", "password": PASSWORD}).status_code == 302
    # then: the fifth wrong password for bodo-test still locks it
    assert fail_logins(attacker, "bodo-test", 1)[0].status_code == 429


def test_a_successful_login_forgets_that_users_own_failures(client, staff_bodo):
    # given: four wrong passwords, then the right one
    assert [r.status_code for r in fail_logins(client, "bodo-test", 4)] == [200] * 4
    assert client.post(LOGIN, {"username": "bodo-test", "password": PASSWORD}).status_code == 302
    client.logout()
    # then: their four failures are forgotten: four more are still ordinary errors
    assert [r.status_code for r in fail_logins(client, "bodo-test", 4)] == [200] * 4
    assert client.post(LOGIN, {"username": "bodo-test", "password": PASSWORD}).status_code == 302
