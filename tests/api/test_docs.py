"""The schema and its documentation: served from our own static files (no CDN), under the
Content-Security-Policy with no inline script, in Bokmål and English; and pinned in the
repository (docs/api/openapi.yaml), so that a change of the API shows as a diff."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from .conftest import api_client, token_for

pytestmark = pytest.mark.django_db
PINNED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"


def test_the_docs_page_loads_everything_from_our_own_origin(
    client: Client, log_in: Any, viewer_bodo: Any
) -> None:
    # given a logged-in user on the documentation page
    log_in(client, viewer_bodo)
    page = client.get("/api/v1/docs/")

    # then it is Swagger UI with scripts and styles from our own static files, none inline
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    assert "<style>" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(src.startswith("/") for src in sources), sources
    assert "default-src 'self'" in page["Content-Security-Policy"]
    for src in sources:
        if src.endswith((".js", ".css")) or "script" in src:
            assert client.get(src).status_code == 200, src
    init = client.get("/api/v1/docs/?script=")
    assert "/api/v1/schema/" in init.content.decode()


def test_the_docs_page_sends_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_schema_speaks_both_languages(staff_bodo: Any) -> None:
    client = api_client(token_for(staff_bodo))
    english = client.get("/api/v1/schema/?lang=en&format=json").json()
    norwegian = client.get("/api/v1/schema/?lang=nb&format=json").json()
    path = "/api/v1/events/"
    assert english["paths"][path]["post"]["summary"] == (
        "Record an involvement event, with its counts and input"
    )
    assert norwegian["paths"][path]["post"]["summary"] != english["paths"][path]["post"]["summary"]
    assert english["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_the_schema_is_pinned(tmp_path: Path) -> None:
    # When this fails, the API changed: if on purpose, write the schema anew, on PostgreSQL
    # (SQLite gives integers other bounds), with
    #   DJANGO_SETTINGS_MODULE=housingapp.settings_test DATABASE_URL=postgres://... \
    #     python manage.py spectacular --lang en --file docs/api/openapi.yaml
    # and commit it with the change (the diff shows the API's change to reviewers).
    current = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "en", "--file", str(current))
    assert yaml.safe_load(current.read_text()) == yaml.safe_load(PINNED.read_text())
