"""A municipal user's first visit, in headless Chromium: log in, dashboard, municipality,
initiative, each page checked by axe; and another municipality's initiative stays hidden (404)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from participation.accounts.models import RoleAssignment
from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.places.models import Method, Municipality, Theme

from .support import PASSWORD, describe, log_in, serious_violations

pytestmark = pytest.mark.browser


@dataclass
class Scene:
    username: str
    bodo: Municipality
    bodo_initiative: Initiative
    event: InvolvementEvent
    input: Input
    asker_initiative: Initiative


@pytest.fixture
def scene(reference_data) -> Scene:  # type: ignore[no-untyped-def]
    """A Bodø staff member; an initiative in Bodø with an event and input; one in Asker."""
    bodo = Municipality.objects.get(number="1804")
    asker = Municipality.objects.get(number="3203")
    user = get_user_model().objects.create_user(username="bodo-browser", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo)
    initiative = Initiative.objects.create(
        municipality=bodo,
        name="Dialogkafé om boligplanen",
        aim="Hear from tenants of municipal rental housing before the housing plan is revised.",
        status=Initiative.Status.ONGOING,
        start_date=datetime.date(2022, 9, 1),
    )
    event = InvolvementEvent.objects.create(
        initiative=initiative,
        title="Dialogkafé på biblioteket",
        date=datetime.date(2022, 11, 1),
        start_time=datetime.time(17, 0),
        method=Method.objects.earliest("pk"),
        expectations_clarified=True,
    )
    given_input = Input.objects.create(
        event=event,
        theme=Theme.objects.earliest("pk"),
        summary="Several asked for a named contact person in the housing office.",
    )
    asker_initiative = Initiative.objects.create(
        municipality=asker,
        name="Bolighjelpen i Asker",
        aim="One door into the municipality for housing questions.",
    )
    return Scene(user.username, bodo, initiative, event, given_input, asker_initiative)


def assert_accessible(axe: Axe, page: Page) -> None:
    violations = serious_violations(axe, page)
    assert not violations, (
        f"axe found serious or critical violations on {page.url}:\n{describe(violations)}"
    )


def test_municipal_user_walks_from_dashboard_to_initiative(
    page: Page, live_server, scene: Scene, axe: Axe
) -> None:  # type: ignore[no-untyped-def]
    # given: the login page is accessible too
    page.goto(f"{live_server.url}/login/")
    assert_accessible(axe, page)

    # when: the Bodø user logs in through the form
    log_in(page, live_server.url, scene.username)

    # then: the dashboard lists Bodø
    main = page.locator("main")
    expect(main.get_by_text("Bodø").first).to_be_visible()
    assert_accessible(axe, page)

    # when: they follow the link to Bodø's page
    main.get_by_role("link", name=re.compile("Bodø")).first.click()
    page.wait_for_url(f"{live_server.url}/kommuner/1804/")

    # then: it is about Bodø and lists the initiative
    expect(page.locator("h1")).to_contain_text("Bodø")
    expect(main.get_by_text(scene.bodo_initiative.name).first).to_be_visible()
    assert_accessible(axe, page)

    # when: they follow the link to the initiative
    main.get_by_role("link", name=scene.bodo_initiative.name).first.click()
    page.wait_for_url(f"{live_server.url}/tiltak/{scene.bodo_initiative.pk}/")

    # then: the initiative, its event and the input from it are shown
    expect(page.locator("h1")).to_contain_text(scene.bodo_initiative.name)
    expect(main.get_by_text(scene.event.title).first).to_be_visible()
    expect(main.get_by_text(scene.input.summary).first).to_be_visible()
    assert_accessible(axe, page)


def test_other_municipalitys_initiative_is_not_found(page: Page, live_server, scene: Scene) -> None:  # type: ignore[no-untyped-def]
    # given
    log_in(page, live_server.url, scene.username)

    # when: the Bodø user edits the address to Asker's initiative
    response = page.goto(f"{live_server.url}/tiltak/{scene.asker_initiative.pk}/")

    # then: a 404 page that gives nothing of it away
    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(scene.asker_initiative.name)
