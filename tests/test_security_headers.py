"""Security headers on every response, and templates that keep to the Content Security Policy
(nothing inline: no <script> without src, no style attributes, no event-handler attributes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    # when
    response = client.get(reverse("login"))
    # then
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_static_files_carry_nosniff_and_the_permissions_policy(client):
    # when: WhiteNoise answers before the page middleware
    response = client.get("/static/css/app.css")
    # then
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_code(client):
    # when
    response = client.get(reverse("login"))
    # then
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "script-src" not in csp  # falls back to default-src 'self'
    assert "style-src" not in csp
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_http_only() -> None:
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_scripts_or_styles(template: Path) -> None:
    source = template.read_text()
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", source) if "src=" not in tag]
    assert not inline_scripts, "scripts belong in static files (CSP script-src 'self')"
    assert "<style" not in source, "styles belong in static/css (CSP style-src 'self')"
    assert not re.search(r"\sstyle=", source), "style attributes are blocked by the CSP"
    assert not re.search(r"\son[a-z]+=", source), "event-handler attributes are inline scripts"


@pytest.mark.django_db
def test_logged_in_pages_are_not_stored_in_any_cache(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when: pages, a list, and the logout that ends it
    for url in (reverse("participation:dashboard"), reverse("participation:meeting-list")):
        response = client.get(url)
        # then
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
    logout = client.post(reverse("logout"))
    assert "no-store" in logout["Cache-Control"]
