"""The API's pages in headless Chromium: the documentation opens from the user menu and Swagger
UI draws the operations from our own files with no Content-Security-Policy violation; the token
page makes a token, shows it once, and passes axe."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from participation.accounts.models import RoleAssignment
from participation.places.models import Municipality

from .support import PASSWORD, describe, log_in, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def username(reference_data) -> str:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(username="bodo-api", password=PASSWORD)
    RoleAssignment.objects.create(
        user=user,
        role=RoleAssignment.Role.MUNICIPAL,
        municipality=Municipality.objects.get(number="1804"),
    )
    return user.username


def test_the_docs_open_from_the_menu_and_a_token_works(
    page: Page, live_server, username: str, axe: Axe
) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    log_in(page, live_server.url, username)

    # when the user opens the documentation from the user menu
    page.locator("nav").get_by_role("button", name="bodo-api").click()
    page.get_by_role("link", name="API-dokumentasjon").click()
    page.wait_for_url(f"{live_server.url}/api/v1/docs/")

    # then Swagger UI draws the operations, with nothing refused or fetched from elsewhere
    expect(page.get_by_text("/api/v1/events/").first).to_be_visible(timeout=15_000)
    assert not problems, problems
    # and the drawn page passes axe (Swagger UI's colours darkened, no nested deep links), on a
    # laptop and on a phone
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        violations = serious_violations(axe, page)
        assert not violations, f"{width} px:\n{describe(violations)}"

    # when they make a read token on their token page
    page.goto(f"{live_server.url}/konto/api-nokler/")
    page.get_by_label("Navn").fill("Regneark")
    page.get_by_role("button", name="Lag nøkkelen").click()

    # then it is shown once, the page passes axe, and the token reads the API
    key = page.get_by_role("textbox", name="Nøkkel", exact=True).input_value()
    assert key.startswith("hbs_")
    violations = serious_violations(axe, page)
    assert not violations, describe(violations)
    response = page.request.get(
        f"{live_server.url}/api/v1/municipalities/", headers={"Authorization": f"Bearer {key}"}
    )
    assert [row["number"] for row in response.json()["results"]] == ["1804"]
    # (the key is never stored, so the page that shows it is the POST's answer; come back by
    # address, not by reloading, which would send the form again)
    page.goto(f"{live_server.url}/konto/api-nokler/")
    expect(page.get_by_role("cell", name="Regneark", exact=True)).to_be_visible()
    assert key not in page.content()
