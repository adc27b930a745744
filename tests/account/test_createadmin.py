"""`manage.py createadmin`: the first admin of a fresh installation (README, "How production runs")."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from participation.accounts.models import RoleAssignment, SecurityEvent

PASSWORD = "a-long-and-uncommon-passphrase-2026"


@pytest.mark.django_db
def test_createadmin_makes_an_admin_who_sets_up_the_second_factor_at_first_login(
    client, monkeypatch
):
    # given
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    # when
    call_command("createadmin", "kari", "--email", "kari@example.org", "--noinput", verbosity=0)
    # then
    user = User.objects.get(username="kari")
    assert user.email == "kari@example.org"
    assert user.is_staff
    assert user.is_superuser
    assert list(user.role_assignments.values_list("role", flat=True)) == [RoleAssignment.Role.ADMIN]
    assert set(SecurityEvent.objects.filter(target_user=user).values_list("kind", flat=True)) == {
        SecurityEvent.Kind.USER_CREATED,
        SecurityEvent.Kind.ROLE_GRANTED,
    }
    response = client.post(reverse("login"), {"username": "kari", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(reverse("participation:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("participation:totp-enrol"))


@pytest.mark.django_db
def test_createadmin_refuses_a_weak_password_and_a_taken_username(monkeypatch):
    # given
    monkeypatch.setenv("ADMIN_PASSWORD", "123")
    # when / then
    with pytest.raises(CommandError, match="too short"):
        call_command("createadmin", "kari", "--email", "k@example.org", "--noinput")
    assert not User.objects.filter(username="kari").exists()
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    call_command("createadmin", "kari", "--email", "k@example.org", "--noinput", verbosity=0)
    with pytest.raises(CommandError, match="exists already"):
        call_command("createadmin", "Kari", "--email", "k@example.org", "--noinput")


@pytest.mark.django_db
def test_createadmin_without_noinput_password_refuses_missing_variable(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="ADMIN_PASSWORD"):
        call_command("createadmin", "kari", "--email", "k@example.org", "--noinput")
