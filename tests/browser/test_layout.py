"""Every page fits its window: each GET page of the product, for the admin, the adviser, the
municipal worker and the viewer, at a phone's 390×844 and a laptop's 1366×900, must not scroll
sideways (`scrollWidth` of the document no wider than the window), and axe must find no serious
or critical issue. At the range's edges, the narrowest phone's 320×640 and a wide screen's
1920×1080, each page is opened once, by the admin (whose menu is the widest) or the first role
that may open it, the front page and my tasks by every role; axe runs there on a sample.

The pages and their objects are those of the permission matrix (tests/access: its route list and
its scene), so a new route is walked here as soon as the matrix classifies it. Records carry one
long unbroken word in their titles (as long as the field allows) and a 300-character one in their
free text, as a real paste of a URL or a compound word would. Downloads (PDF, spreadsheets, CSV),
answers that are not pages (the progress bar's JSON) and the Django admin (its own stylesheet)
are left out.

One browser context per role, logged in once with a session cookie, with axe-core loaded into
every page it opens (an init script, rather than sent over for each run); each page is loaded
once and measured at both widths of a test by resizing the window in between (the same checks as
two loads, at half the navigations). The roles' walks take turns: while axe runs in one role's
page (its own renderer process), the next role's page is loaded or measured, so both CPU cores
work. The walk stays within a few minutes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page

from participation.programme.models import Commitment, Meeting
from tests.access.scene import Scene, build_scene
from tests.access.test_matrix import ALL_ROUTES, PATTERNS_BY_NAME, url_kwargs
from tests.conftest import log_in

from .support import describe

pytestmark = pytest.mark.browser

ROLES = ("admin", "adviser", "municipal", "viewer")
WIDTHS = ((390, 844), (1366, 900))
# The edges of the range pages are made for: the narrowest phone and a wide screen.
EDGE_WIDTHS = ((320, 640), (1920, 1080))
AXE_SAMPLE = 10  # at the edge widths, axe on every tenth page
# Pages that show each role something of its own (the front page, my tasks): at the edge widths
# for every role, where other pages are opened by one role only.
OWN_CONTENT = frozenset({"participation:dashboard", "participation:my-tasks"})
# Routes that answer with a file rather than a page.
DOWNLOADS = frozenset(
    {
        "participation:event-import-template-csv",
        "participation:event-import-template-xlsx",
        "participation:report-download-pdf",
        "participation:report-download-xlsx",
        "participation:report-download-csv",
        "participation:region-export-csv",
        "participation:region-export-xlsx",
    }
)
TITLE_WORD = "Boligsosialtverrfagligsamarbeid" * 7  # 217 characters: cut to each field's length
LONG_WORD = ("Medvirkningsdialogkafé" * 14)[:300]


def page_routes() -> list[tuple[str, str | None, frozenset[str]]]:
    return [
        (route.name, route.target, route.allowed)
        for route in ALL_ROUTES
        if route.method == "GET"
        and route.name.startswith("participation:")
        and route.name not in DOWNLOADS
        and not route.public
    ]


def add_long_words(scene: Scene) -> None:
    """The home records' titles and free text become long unbroken words."""
    initiative = scene.target("home", "initiative")
    initiative.name = TITLE_WORD[:200]
    initiative.aim = LONG_WORD
    initiative.save()
    event = scene.target("home", "event")
    event.title = TITLE_WORD[:200]
    event.save()
    item = scene.target("home", "input")
    item.summary = LONG_WORD
    item.save()
    Meeting.objects.filter(pk=scene.target("home", "meeting").pk).update(title=TITLE_WORD[:200])
    Commitment.objects.filter(pk=scene.target("home", "commitment").pk).update(
        description=LONG_WORD, responsible_name=TITLE_WORD[:200]
    )
    flag = scene.target("home", "risk_flag")
    flag.note = LONG_WORD
    flag.save()


def session_key(user: Any) -> str:
    """A logged-in session of `user` (verified second factor for the admin), as its cookie value."""
    client = Client()
    log_in(client, user)
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= window.innerWidth) return null;
  // The widest elements that stick out on the right, to say where to look.
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 && box.width > 0) {
      const parent = el.parentElement && el.parentElement.getBoundingClientRect();
      if (!parent || parent.right <= window.innerWidth + 1) {
        culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
          ' right=' + Math.round(box.right));
      }
    }
  }
  return {scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, culprits: culprits.slice(0, 5)};
}"""


# Where the time goes, printed with LAYOUT_PROGRESS set: seconds per step of the walk.
TIMINGS: dict[str, float] = {}


@contextmanager
def _timed(step: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        TIMINGS[step] = TIMINGS.get(step, 0.0) + time.perf_counter() - start


# What `Axe.run` (tests/browser/support.py's serious_violations) asks of axe by default: every
# rule axe-core runs by default, violations only.
AXE_OPTIONS = {"resultTypes": ["violations"]}
# After a resize: the window has its new width, and the page has had two frames to answer the
# resize event (as it would have before it is measured after a fresh load).
RESIZED = """width => new Promise(resolve => {
  const check = () => window.innerWidth === width
    ? requestAnimationFrame(() => requestAnimationFrame(resolve))
    : requestAnimationFrame(check);
  check();
})"""


def _context(
    browser: Browser, live_server: Any, session: str, axe: Axe, width: int, height: int
) -> Any:
    """A browser context opening its pages at one width, logged in with `session`, and with
    axe-core loaded into every page (once per page load, before the page's own scripts)."""
    context = browser.new_context(
        locale="nb-NO",
        reduced_motion="reduce",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(15_000)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    context.add_init_script(script=axe.axe_script)
    return context


def _url(scene: Scene, name: str, target: str | None) -> str:
    kwargs = (
        url_kwargs(PATTERNS_BY_NAME[name], scene.target("home", target), scene) if target else None
    )
    return reverse(name, kwargs=kwargs)


# Axe runs in the page's own renderer process: started without waiting for it (in a task of its
# own, so the call returns at once), and its result collected later, while the walks of other
# roles' pages go on in their own contexts (their own processes) on the other CPU core.
START_AXE = """options => {
  window.__layoutAxe = new Promise(resolve => setTimeout(resolve)).then(() => axe.run(options));
}"""
AXE_RESULT = "() => window.__layoutAxe"


def _serious(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Axe's serious and critical findings, as support.serious_violations picks them."""
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


Widths = tuple[tuple[int, int], ...]


def _visit(
    page: Page, url: str, where: str, widths: Widths, axe: bool, problems: list[str]
) -> Iterator[None]:
    """Open `url` once, at the first of `widths` (the page's viewport is that size), and check it
    at each of `widths` in turn, resizing the window: adds to `problems` an error status,
    sideways scrolling, and (with `axe`) serious or critical axe findings, each with its width.
    Pauses (yields) while axe runs in the page, for `_walk` to drive other pages meanwhile."""
    with _timed("navigation (goto, until load)"):
        response = page.goto(url)
    if response is None or response.status >= 400:
        problems += [f"{where} {w}px: status {response and response.status}" for w, _h in widths]
        return
    if not response.headers.get("content-type", "").startswith("text/html"):
        return  # the progress bar's JSON, not a page
    for index, (width, height) in enumerate(widths):
        if index:
            with _timed("resize"):
                page.set_viewport_size({"width": width, "height": height})
                page.evaluate(RESIZED, width)
        with _timed("overflow"):
            overflow = page.evaluate(OVERFLOW)
        if overflow:
            problems.append(f"{where} {width}px: scrolls sideways {overflow}")
        violations: list[dict[str, Any]] = []
        if axe:
            with _timed("axe start"):
                page.evaluate(START_AXE, AXE_OPTIONS)
            yield
            with _timed("axe wait for result"):
                violations = _serious(page.evaluate(AXE_RESULT))
        if violations:
            problems.append(f"{where} {width}px: axe\n{describe(violations)}")
        if os.environ.get("LAYOUT_PROGRESS"):
            print(f"{where} {width}px", overflow or "", violations and "AXE" or "", flush=True)  # noqa: T201  # progress on request
    if len(widths) > 1:  # back to the first width, for the next page load
        with _timed("resize"):
            page.set_viewport_size({"width": widths[0][0], "height": widths[0][1]})


def _walk(walks: list[Iterator[None]]) -> None:
    """Drive the walks (one a browser context) in turns, each up to its next pause."""
    active = list(walks)
    while active:
        for walk in list(active):
            try:
                next(walk)
            except StopIteration:
                active.remove(walk)


def _role_walk(
    page: Page, visits: list[tuple[str, str, Widths, bool]], problems: list[str]
) -> Iterator[None]:
    """One role's pages, one after the other, in its own context's page."""
    for url, where, widths, axe in visits:
        yield from _visit(page, url, where, widths, axe, problems)


def _report_timings(test: str) -> None:
    if os.environ.get("LAYOUT_PROGRESS"):
        steps = ", ".join(
            f"{step} {seconds:.1f}s"
            for step, seconds in sorted(TIMINGS.items(), key=lambda t: -t[1])
        )
        print(f"{test}: {steps}", flush=True)  # noqa: T201  # progress on request
    TIMINGS.clear()


def test_every_page_fits_phone_and_laptop_without_serious_axe_issues(
    browser: Browser, live_server, reference_data, axe: Axe
) -> None:  # type: ignore[no-untyped-def]
    # given: the matrix's scene, with long unbroken words in the home records
    scene = build_scene()
    add_long_words(scene)
    routes = page_routes()
    assert len(routes) > 60, "the route list of tests/access went missing"

    problems: list[str] = []
    visited = 0
    contexts: list[Any] = []
    walks = []
    try:
        for role in ROLES:
            session = session_key(scene.users[role])
            width, height = WIDTHS[0]
            context = _context(browser, live_server, session, axe, width, height)
            contexts.append(context)
            visits: list[tuple[str, str, Widths, bool]] = []
            for name, target, allowed in routes:
                if role not in allowed:
                    continue
                url = _url(scene, name, target)
                visits.append((f"{live_server.url}{url}", f"{role} {url}", WIDTHS, True))
                visited += len(WIDTHS)
            # when: the role opens each page, at the phone's width, then at the laptop's
            # then: it answers, fits the window and passes axe at each
            walks.append(_role_walk(context.new_page(), visits, problems))
        _walk(walks)
    finally:
        for context in contexts:
            context.close()
    _report_timings("phone and laptop")

    assert visited > 250
    assert not problems, f"{len(problems)} of {visited} pages:\n" + "\n".join(problems)


def test_every_page_fits_the_narrowest_phone_and_a_wide_screen(
    browser: Browser, live_server, reference_data, axe: Axe
) -> None:  # type: ignore[no-untyped-def]
    """The edges of the range, cheaply: every route once, each for the first role of ROLES
    that may open it (the admin, whose menu is the widest, for nearly all), and the OWN_CONTENT
    pages for every role, at 320 and at 1920 px; axe on every AXE_SAMPLE-th page only (the two
    widths above check it everywhere)."""
    # given: the same scene, long words included
    scene = build_scene()
    add_long_words(scene)
    routes = page_routes()
    visits = [
        (role, name, target)
        for name, target, allowed in routes
        for role in [role for role in ROLES if role in allowed]
        # one role a page, the first that may open it; every role for their own pages
        if name in OWN_CONTENT or role == next(r for r in ROLES if r in allowed)
    ]
    assert {name for _role, name, _target in visits} == {name for name, _t, _a in routes}
    sessions = {role: session_key(scene.users[role]) for role in ROLES}

    problems: list[str] = []
    by_role: dict[str, list[tuple[str, str, Widths, bool]]] = {role: [] for role in ROLES}
    for index, (role, name, target) in enumerate(visits):
        url = _url(scene, name, target)
        by_role[role].append(
            (f"{live_server.url}{url}", f"{role} {url}", EDGE_WIDTHS, index % AXE_SAMPLE == 0)
        )
    contexts: list[Any] = []
    walks = []
    try:
        for role, role_visits in by_role.items():
            width, height = EDGE_WIDTHS[0]
            context = _context(browser, live_server, sessions[role], axe, width, height)
            contexts.append(context)
            # when: the role opens its pages, at the narrowest phone's width, then a wide screen's
            # then: each answers and fits the window (and, on a sample, passes axe) at each
            walks.append(_role_walk(context.new_page(), role_visits, problems))
        _walk(walks)
    finally:
        for context in contexts:
            context.close()
    _report_timings("edges")

    assert not problems, f"{len(problems)} of {2 * len(visits)} pages:\n" + "\n".join(problems)
