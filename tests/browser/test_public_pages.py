"""The public pages' journey, in headless Chromium: Bodø's staff publish the 2022 dialogue café
(demo data) with its answers; an anonymous visitor finds it from the national overview and
Bodø's public page, reads "Dere sa – vi gjorde" (in Bokmål, then in English through the
language switch), and prints it; staff withdraw one answer and the visitor no longer sees it
(the cache did not keep it); staff withdraw the page and its address answers 410. axe checks
every page on the way: staff's publishing page and preview, and each public page.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Sum
from playwright.sync_api import Browser, Page, expect

from participation.accounts.models import RoleAssignment
from participation.involvement.models import Initiative, InvolvementEvent
from participation.places.models import Municipality
from participation.publishing.content import participants as published_participants

from .support import PASSWORD, describe, log_in, serious_violations

pytestmark = pytest.mark.browser

CAFE = "Dialogkafé om medvirkning i boligsosialt arbeid"
DROPPED = "Boutgiftene må stå i forhold til inntekten"


def assert_accessible(axe: Axe, page: Page) -> None:
    violations = serious_violations(axe, page)
    assert not violations, (
        f"axe found serious or critical violations on {page.url}:\n{describe(violations)}"
    )


@pytest.fixture
def cafe(reference_data) -> Initiative:  # type: ignore[no-untyped-def]
    call_command("load_demo", "--force", verbosity=0)
    cache.clear()
    return Initiative.objects.get(name=CAFE, municipality__number="1804")


@pytest.fixture
def staff_username(cafe) -> str:  # type: ignore[no-untyped-def]
    bodo = Municipality.objects.get(number="1804")
    user = get_user_model().objects.create_user(username="bodo-public", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo)
    return user.username


def test_staff_publish_a_visitor_reads_and_prints_staff_withdraw(
    browser: Browser, page: Page, live_server, staff_username: str, cafe: Initiative, axe: Axe
) -> None:  # type: ignore[no-untyped-def]
    # given Bodø's staff member, in English, on the café's page
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("combobox", name="Språk").select_option("en")
    page.get_by_role("button", name="Bytt").click()
    log_in(page, live_server.url, staff_username)
    page.goto(f"{live_server.url}/tiltak/{cafe.pk}/")

    # when they open its public page settings, choose the event and all its input, and preview
    page.get_by_role("link", name="Public page", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Public page")
    assert_accessible(axe, page)
    page.get_by_role("checkbox", name=re.compile(rf"^{CAFE}")).check()
    inputs = page.get_by_role("group", name=re.compile("^Input from")).get_by_role("checkbox")
    assert inputs.count() == 8
    for i in range(inputs.count()):
        inputs.nth(i).check()
    page.get_by_role("button", name="Preview").click()

    # then the preview shows exactly the public page, with the answers
    preview = page.get_by_role("region", name="Preview: exactly what the public will see")
    expect(preview.get_by_role("heading", name="You said – we did")).to_be_visible()
    expect(preview.get_by_text("We did:")).to_have_count(8)
    assert_accessible(axe, page)

    # when they publish
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("The public page was published.")).to_be_visible()

    # then an anonymous visitor (Norwegian by default) finds it from the national overview
    visitor_context = browser.new_context(locale="nb-NO", reduced_motion="reduce")
    visitor = visitor_context.new_page()
    visitor.goto(f"{live_server.url}/apen/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Dette kom ut av innbyggernes innspill"
    )
    assert_accessible(axe, visitor)
    visitor.get_by_role("link", name="Bodø", exact=True).click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Bodø")
    assert_accessible(axe, visitor)
    visitor.get_by_role("link", name=CAFE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(CAFE)

    # and reads "Dere sa – vi gjorde": what was said, the decision, the answer and when
    said = visitor.get_by_role("region", name="Dere sa – vi gjorde")
    expect(said).to_be_visible()
    expect(said.get_by_text("Vi gjorde:")).to_have_count(8)
    expect(said.get_by_text(DROPPED)).to_be_visible()
    expect(said.get_by_text("svart 31. desember 2022").first).to_be_visible()
    # and how many took part: the 23 counted, as disclosure control publishes them (the noise
    # has no bound, so the figure is the one the public pages' own function gives for them)
    took_part = said.locator(".public-participants").inner_text().strip()
    event = InvolvementEvent.objects.get(initiative=cafe, title__startswith=CAFE)
    assert event.participant_counts.aggregate(n=Sum("count"))["n"] == 23
    assert took_part == str(published_participants([event.pk])[event.pk])
    assert_accessible(axe, visitor)
    page_url = visitor.url

    # and in English through the language switch
    visitor.get_by_role("combobox", name="Språk").select_option("en")
    visitor.get_by_role("button", name="Bytt").click()
    expect(visitor.get_by_role("region", name="You said – we did")).to_be_visible()
    assert_accessible(axe, visitor)

    # and prints it: the printable version, with the QR code and short address, no menus
    visitor.get_by_role("link", name="Printable version").click()
    expect(visitor.get_by_role("img", name="QR code to this page")).to_be_visible()
    expect(visitor.get_by_text(re.compile(r"/apen/t/\d+/"))).to_be_visible()
    assert_accessible(axe, visitor)
    visitor.emulate_media(media="print")
    expect(visitor.get_by_role("button", name="Print")).to_be_hidden()
    expect(visitor.get_by_role("combobox", name="Language")).to_be_hidden()
    assert visitor.pdf(format="A4").startswith(b"%PDF")
    visitor.emulate_media(media="screen")

    # when staff withdraw one answer from the page
    page.reload()
    page.get_by_role("checkbox", name=re.compile(f"^{DROPPED}")).uncheck()
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview: exactly what the public will see")
    expect(preview.get_by_text("We did:")).to_have_count(7)
    page.get_by_role("button", name="Publish the changes").click()
    expect(page.get_by_text("The public page was published.")).to_be_visible()

    # then the visitor no longer sees it: the cached page was cleared
    visitor.goto(page_url)
    said = visitor.get_by_role("region", name="You said – we did")
    expect(said.get_by_text("We did:")).to_have_count(7)
    expect(visitor.get_by_text(DROPPED)).to_have_count(0)

    # when staff withdraw the page
    page.get_by_role("link", name="Withdraw the page").click()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Withdraw", exact=True).click()
    expect(page.get_by_text("The public page was withdrawn")).to_be_visible()

    # then its address answers 410 Gone, saying so
    response = visitor.goto(page_url)
    assert response is not None
    assert response.status == 410
    expect(visitor.get_by_role("heading", level=1)).to_have_text("This page has been withdrawn")
    expect(visitor.get_by_text(CAFE)).to_have_count(0)
    assert_accessible(axe, visitor)
    visitor_context.close()
