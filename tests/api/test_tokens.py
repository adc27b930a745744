"""Tokens: made on the account's token page (shown once, stored hashed), used, revoked; system
tokens bound to a place; security events; a read token only reads; the rate limit's 429."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from participation.accounts.models import SecurityEvent
from participation.api.models import ApiToken
from participation.api.services import create_system_token, revoke_token

from .conftest import api_client, token_for

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


def test_a_user_makes_a_token_on_the_page_and_sees_it_once(
    client: Any, log_in: Any, staff_bodo: Any
) -> None:
    # given a logged-in municipal user on their token page
    log_in(client, staff_bodo)

    # when they make a token
    response = client.post(
        "/konto/api-nokler/", {"name": "Fagsystem", "scope": "read", "expires_in": "90"}
    )

    # then the page shows it once; only its hash is stored; the making is a security event
    assert response.status_code == 200
    key = re.search(r'value="(hbs_[^"]+)"', response.content.decode()).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get(user=staff_bodo)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    # the page that shows the key is never stored (nor is any logged-in page)
    assert "no-store" in [d.strip() for d in response["Cache-Control"].split(",")]
    assert SecurityEvent.objects.filter(kind=Kind.API_TOKEN_CREATED, actor=staff_bodo).exists()
    again = client.get("/konto/api-nokler/")
    assert key not in again.content.decode()
    assert "Fagsystem" in again.content.decode()

    # and the token works, and its last use shows on the page
    assert api_client(key).get("/api/v1/initiatives/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_ip == "127.0.0.1"
    assert SecurityEvent.objects.filter(kind=Kind.API_TOKEN_NEW_ADDRESS).count() == 1


def test_use_from_a_new_address_is_a_security_event_once(staff_bodo: Any) -> None:
    key = token_for(staff_bodo)
    client = api_client(key)
    client.get("/api/v1/regions/", REMOTE_ADDR="10.1.1.1")
    client.get("/api/v1/regions/", REMOTE_ADDR="10.1.1.1")
    client.get("/api/v1/regions/", REMOTE_ADDR="10.2.2.2")
    client.get("/api/v1/regions/", REMOTE_ADDR="10.1.1.1")
    events = SecurityEvent.objects.filter(kind=Kind.API_TOKEN_NEW_ADDRESS)
    assert sorted(str(e.ip_address) for e in events) == ["10.1.1.1", "10.2.2.2"]


def test_a_revoked_or_expired_token_is_refused(client: Any, log_in: Any, staff_bodo: Any) -> None:
    key = token_for(staff_bodo)
    token = ApiToken.objects.get(user=staff_bodo)
    log_in(client, staff_bodo)
    response = client.post(f"/konto/api-nokler/{token.pk}/trekk-tilbake/")
    assert response.status_code == 302
    assert api_client(key).get("/api/v1/regions/").status_code == 401
    assert SecurityEvent.objects.filter(kind=Kind.API_TOKEN_REVOKED, actor=staff_bodo).exists()

    other = token_for(staff_bodo)
    ApiToken.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now())
    assert api_client(other).get("/api/v1/regions/").status_code == 401


def test_nobody_else_revokes_a_personal_token(
    client: Any, log_in: Any, staff_bodo: Any, viewer_bodo: Any
) -> None:
    token_for(staff_bodo)
    token = ApiToken.objects.get(user=staff_bodo)
    log_in(client, viewer_bodo)
    assert client.post(f"/konto/api-nokler/{token.pk}/trekk-tilbake/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_read_token_only_reads(staff_bodo: Any, initiative_factory: Any, bodo: Any) -> None:
    client = api_client(token_for(staff_bodo, ApiToken.Scope.READ))
    initiative = initiative_factory(municipality=bodo)
    response = client.post("/api/v1/events/", {"initiative": initiative.pk}, format="json")
    assert response.status_code == 403
    assert "only read" in response.json()["detail"] or "bare lese" in response.json()["detail"]


def test_a_system_token_acts_within_its_municipality(
    admin_user: Any, bodo: Any, initiative_factory: Any, asker: Any
) -> None:
    # given an admin's read-write system token bound to Bodø
    token, key = create_system_token(
        actor=admin_user,
        name="Bodø fagsystem",
        scope=ApiToken.Scope.READ_WRITE,
        municipality=bodo,
        expires_in=365,
        ip_address=None,
    )
    own = initiative_factory(municipality=bodo)
    other = initiative_factory(municipality=asker)
    client = api_client(key)

    # then it sees Bodø's records and not Asker's, as Bodø's municipal staff
    listed = client.get("/api/v1/initiatives/").json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert client.get(f"/api/v1/initiatives/{other.pk}/").status_code == 404
    assert token.user.has_perm("participation.add_event", own)
    assert not token.user.has_usable_password()

    # and revoked, its service account is deactivated and the token refused
    revoke_token(token, actor=admin_user, ip_address=None)
    token.user.refresh_from_db()
    assert not token.user.is_active
    assert client.get("/api/v1/initiatives/").status_code == 401


def test_the_system_token_page_is_for_admins(
    client: Any, log_in: Any, admin_user: Any, staff_bodo: Any, bodo: Any
) -> None:
    log_in(client, staff_bodo)
    assert client.get("/api-nokler/").status_code == 403
    log_in(client, admin_user)
    response = client.post(
        "/api-nokler/",
        {"name": "BI", "scope": "read", "municipality": "", "region": "", "expires_in": "365"},
    )
    assert response.status_code == 200
    assert not ApiToken.objects.exists()  # neither a municipality nor a region
    response = client.post(
        "/api-nokler/",
        {"name": "BI", "scope": "read", "municipality": bodo.pk, "expires_in": "365"},
    )
    assert ApiToken.objects.get().municipality == bodo
    assert "hbs_" in response.content.decode()


def test_the_rate_limit_answers_429_with_retry_after(staff_bodo: Any, settings: Any) -> None:
    cache.clear()
    settings.API_RATE_LIMIT = "3/minute"
    client = api_client(token_for(staff_bodo))
    statuses = [client.get("/api/v1/regions/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    last = client.get("/api/v1/regions/")
    assert int(last["Retry-After"]) > 0
    assert "3/minute" in last.json()["detail"]
    # another token of the same user has its own allowance
    assert api_client(token_for(staff_bodo)).get("/api/v1/regions/").status_code == 200
    cache.clear()


def test_the_audit_trail_records_a_token_but_never_its_hash(staff_bodo: Any) -> None:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    key = token_for(staff_bodo)
    token = ApiToken.objects.get(user=staff_bodo)
    api_client(key).get("/api/v1/regions/")
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(ApiToken))
    assert [entry.object_pk for entry in entries] == [str(token.pk)]
    assert token.key_hash not in str(list(entries.values()))
    assert "key_hash" not in entries.get().changes_dict
