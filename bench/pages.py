"""The page benchmark: how long every page takes for each role, on the scale dataset.

    DATABASE_URL=postgres://…/housing_scale .venv/bin/python bench/pages.py [--runs 5] \\
        [--roles admin,adviser,staff_large,staff_small,viewer] [--only dashboard,input-list]

Build the dataset first (`manage.py generate_scale`, see README "Benchmarks"); the benchmark takes
its scale as given, so the same command shows how a page grows between scales. It creates (or
reuses) one user per role, named `bench-<role>`: an admin; an adviser of the region with the most
municipalities; municipal staff of the municipality with the most initiatives and of one with the
fewest (at least one); a viewer of that region. It then requests, through Django's test client in
this process (the whole middleware stack, production settings with DEBUG off), every page the role
can open: lists unfiltered, filtered, searched, sorted and deep pages, the largest detail of each
kind in the role's scope, the dashboards, the review queue, the audit search and the reports list.

Each round requests every page of the role once, and a bare logged-in page (an empty page
rendered through `participation/base.html`, with the same menus) once; after one uncounted round
(warm caches), `--runs` rounds are timed. Per page and role it prints the median server time,
its ratio to the bare page's median in the same rounds, the number of queries and the size of
the HTML, and flags (`!`) every page above target: more than 3× the bare page, more than
150 ms, more than 200 KB, or an answer other than 200.

The role `public` is an anonymous visitor of the public pages (/apen/): the overview, the
municipality and initiative pages of the largest publication, its printable version and QR
code, the open data, robots.txt, each cached and uncached (the cache cleared before each
request); its baseline is the anonymous login page and its target at most 2× that. Nothing is
asserted and nothing written except the bench users, their role assignments, the admin's
second-factor device and, for `public`, one publication (audited) of the initiative with the
most events of each municipal bench user's municipality, unless already published.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Targets (issue 11): a page's median at most this many times the bare page, this many ms, this
# many bytes of HTML.
TARGET_RATIO = 3.0
TARGET_MS = 150.0
TARGET_BYTES = 200 * 1024

ROLES = ("admin", "adviser", "staff_large", "staff_small", "viewer", "public")
# The public pages (/apen/, no login) are held to their own target: at most this many times the
# anonymous login page, measured in the same rounds (issue 16).
PUBLIC_TARGET_RATIO = 2.0
LOGIN_PATH = "/login/"
BARE_PATH = "/__bench__/bare/"


def _setup_django() -> None:
    """Production settings, with DEBUG off (DEBUG keeps every query and slows each request)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "housingapp.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()
    import logging

    from django.conf import settings

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    logging.getLogger("axes").setLevel(logging.WARNING)  # each bench login would be logged
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a 403 is flagged in the table

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Static URLs without the manifest `collectstatic` would write (the same cost per URL).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The project's URLs plus the bare page (this module's `urlpatterns`).
    settings.ROOT_URLCONF = "bench.pages"


BARE_TEMPLATE = (
    '{% extends "participation/base.html" %}{% block page %}<h1>Bare page</h1>{% endblock page %}'
)


def _bare_view(request: Any) -> Any:
    """An empty page through base.html: the floor every page of the product stands on."""
    from django.http import HttpResponse, HttpResponseRedirect
    from django.template import engines

    if not request.user.is_authenticated:
        return HttpResponseRedirect("/login/")
    template = engines["django"].from_string(BARE_TEMPLATE)
    return HttpResponse(template.render({}, request))


def _build_urlpatterns() -> list[Any]:
    from django.urls import path

    from housingapp.urls import urlpatterns as project

    return [path(BARE_PATH.strip("/") + "/", _bare_view), *project]


urlpatterns: list[Any] = []  # filled in by main(), once Django is set up


@dataclass
class Page:
    label: str
    path: str
    # Run before each request, untimed: the public pages' "uncached" rows clear their cache.
    before: Callable[[], None] | None = None


@dataclass
class Measure:
    times: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0
    status: int = 0


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@contextmanager
def count_queries() -> Iterator[list[int]]:
    from django.db import connection

    counter = [0]

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counter


# The users ------------------------------------------------------------------------------------


def bench_users() -> dict[str, Any]:
    """One user per role, created once and reused; their scope chosen from the data."""
    from django.contrib.auth.models import User
    from django.db.models import Count

    from participation.accounts.models import RoleAssignment
    from participation.places.models import Municipality, Region

    Role = RoleAssignment.Role
    region = (
        Region.objects.annotate(n=Count("municipalities")).order_by("-n", "pk").first()
    )  # the largest region
    by_size = Municipality.objects.current().annotate(n=Count("initiatives"))
    largest = by_size.order_by("-n", "pk").first()
    small = by_size.filter(n__gte=1).order_by("n", "pk").first() or largest
    assert region is not None
    assert largest is not None
    assert small is not None
    wanted: dict[str, tuple[str, dict[str, Any]]] = {
        "admin": (Role.ADMIN, {}),
        "adviser": (Role.ADVISER, {"region": region}),
        "staff_large": (Role.MUNICIPAL, {"municipality": largest}),
        "staff_small": (Role.MUNICIPAL, {"municipality": small}),
        "viewer": (Role.VIEWER, {"region": region}),
    }
    users = {}
    for name, (role, scope) in wanted.items():
        user, _ = User.objects.get_or_create(username=f"bench-{name.replace('_', '-')}")
        RoleAssignment.objects.filter(user=user).exclude(role=role, **scope).delete()
        RoleAssignment.objects.get_or_create(user=user, role=role, **scope)
        users[name] = user
    return users


def scope_label(user: Any) -> str:
    from participation.accounts.models import RoleAssignment

    grants = RoleAssignment.objects.filter(user=user).select_related("region", "municipality")
    return ", ".join(
        f"{g.get_role_display()} {g.municipality or g.region or ''}".strip() for g in grants
    )


def logged_in_client(user: Any) -> Any:
    """A test client logged in as `user`, past the second factor where one is required."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from participation.accounts.access import is_admin

    client = Client()
    client.force_login(user)
    if is_admin(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench device", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


# The pages ------------------------------------------------------------------------------------


def pages_for(name: str, user: Any) -> list[Page]:
    """Every page the role can open, with the largest object of each kind in its scope."""
    from django.db.models import Count
    from django.urls import reverse

    from participation.accounts.access import visible_municipalities
    from participation.involvement.models import Initiative, Input, InvolvementEvent
    from participation.places.models import Region
    from participation.programme.models import IndicatorValue, Meeting, ProgrammeAgreement

    def url(view: str, *args: Any, query: str = "") -> str:
        return reverse(f"participation:{view}", args=args) + (f"?{query}" if query else "")

    pages = [
        Page("dashboard", url("dashboard")),
        Page("dashboard search", url("dashboard", query="q=os")),
        Page("dashboard page 2", url("dashboard", query="page=2")),
        Page("initiative list", url("initiative-list")),
        Page("initiative list filtered", url("initiative-list", query="status=active")),
        Page("initiative list searched", url("initiative-list", query="q=bolig")),
        Page("initiative list sorted", url("initiative-list", query="sort=-start")),
        Page("initiative list page 2", url("initiative-list", query="page=2")),
        Page("initiative list page 100", url("initiative-list", query="page=100")),
        Page("open input list", url("input-list")),
        Page("open input list page 100", url("input-list", query="page=100")),
    ]
    # Page 100 as "Next" from page 99 reaches it: by keyset, after page 99's last row.
    from participation.involvement.definitions import OPEN_INPUT
    from participation.involvement.views.inputs import PAGE_SIZE

    before = (
        Input.objects.visible_to(user)
        .filter(OPEN_INPUT)
        .order_by("event__date", "event_id", "pk")
        .values_list("event__date", "event_id", "pk")[99 * PAGE_SIZE - 1 : 99 * PAGE_SIZE]
    )
    for date, event_pk, pk in before:
        after = f"{date.isoformat()}_{event_pk}_{pk}"
        pages.append(
            Page(
                "open input list page 100, Next", url("input-list", query=f"page=100&after={after}")
            )
        )
    pages += [
        Page("input list all", url("input-list", query="status=all")),
        Page("input list all page 100", url("input-list", query="status=all&page=100")),
        Page("reports list", url("report-list")),
    ]
    municipalities = visible_municipalities(user).current()
    largest = municipalities.annotate(n=Count("initiatives")).order_by("-n", "pk").first()
    if largest is not None:
        number = largest.number
        pages += [
            Page(f"municipality page ({largest.name})", url("municipality-detail", number)),
            Page("periods", url("period-list", number)),
            Page("agreements", url("agreement-list", number)),
            Page("people", url("contact-list", number)),
            Page("grants", url("grant-list", number)),
            Page("risk flags", url("riskflag-list", number)),
            Page("commitments", url("municipality-commitments", number)),
        ]
    initiative = (
        Initiative.objects.visible_to(user).annotate(n=Count("events")).order_by("-n", "pk").first()
    )
    if initiative is not None:
        pages += [
            Page("initiative detail, largest", url("initiative-detail", initiative.pk)),
            Page("initiative history", url("initiative-history", initiative.pk)),
        ]
    event = (
        InvolvementEvent.objects.visible_to(user)
        .annotate(n=Count("inputs"))
        .order_by("-n", "pk")
        .first()
    )
    if event is not None:
        pages.append(Page("event detail, largest", url("event-detail", event.pk)))
    del Input  # (the input pages are lists; no detail page)
    agreement = (
        ProgrammeAgreement.objects.filter(municipality__in=municipalities)
        .annotate(n=Count("priority_sub_goals"))
        .order_by("-n", "pk")
        .first()
    )
    if agreement is not None:
        pages.append(Page("agreement detail", url("agreement-detail", agreement.pk)))
    if user.has_perm("participation.approve_indicatorvalue"):
        pages.append(Page("review queue", url("review-list")))
        busiest = (
            IndicatorValue.objects.visible_to(user)
            .values("municipality__number", "period")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if busiest is not None:
            pages.append(
                Page(
                    "value review, largest",
                    url("value-review", busiest["municipality__number"], busiest["period"]),
                )
            )
    # Meetings and follow-up: every logged-in role sees the meetings of its municipalities.
    pages += [
        Page("my tasks", url("my-tasks")),
        Page("meetings list", url("meeting-list")),
        Page("meetings list page 10", url("meeting-list", query="page=10")),
        Page("overdue commitments", url("commitment-overdue")),
    ]
    meeting = (
        Meeting.objects.visible_to(user)
        .annotate(n=Count("municipalities"))
        .order_by("-n", "pk")
        .first()
    )
    if meeting is not None:
        pages.append(Page("meeting detail", url("meeting-detail", meeting.pk)))
    if largest is not None:
        period = (
            IndicatorValue.objects.filter(municipality=largest)
            .values("period")
            .annotate(n=Count("pk"))
            .order_by("-n", "-period")
            .values_list("period", flat=True)
            .first()
        )
        if period is not None:
            pages.append(Page("period values", url("period-values", largest.number, period)))
    if user.has_perm("participation.manage_agreements"):
        region = (
            Region.objects.filter(pk__in=municipalities.values("region")).order_by("pk").first()
        )
        pages += [
            Page("adviser dashboard", url("adviser-dashboard")),
            Page("risk rules", url("risk-rules")),
            Page("agreements ending", url("agreement-ending")),
        ]
        if region is not None:
            pages.append(Page("region dashboard", url("region-dashboard", region.code)))
    if user.has_perm("participation.view_auditlog"):
        pages += [
            Page("audit log", url("audit-log")),
            Page("audit search", url("audit-log", query="q=oslo")),
            Page("audit by user", url("audit-log", query="user=bench")),
            Page("audit page 100", url("audit-log", query="page=100")),
            Page("security events", url("security-events")),
            Page("user list", url("user-list")),
        ]
    return pages


# Measuring ------------------------------------------------------------------------------------


def request(
    client: Any,
    path: str,
    measure: Measure,
    *,
    timed: bool,
    before: Callable[[], None] | None = None,
) -> None:
    if before is not None:
        before()
    with count_queries() as counter:
        started = time.perf_counter()
        response = client.get(path, secure=True)  # production redirects to HTTPS
        content = response.content  # streamed answers are drained inside the timing
        elapsed = time.perf_counter() - started
    if timed:
        measure.times.append(elapsed)
    measure.queries = counter[0]
    measure.size = len(content)
    measure.status = response.status_code


def measure_role(
    client: Any, pages: list[Page], runs: int, bare_path: str = BARE_PATH
) -> tuple[Measure, dict[str, Measure]]:
    bare = Measure()
    results = {page.label: Measure() for page in pages}
    for round_no in range(runs + 1):
        timed = round_no > 0  # the first round warms caches and connections
        request(client, bare_path, bare, timed=timed)
        for page in pages:
            request(client, page.path, results[page.label], timed=timed, before=page.before)
    return bare, results


# The public pages ------------------------------------------------------------------------------

# How many of an initiative's latest events the benchmark publishes (with all their input).
PUBLISHED_EVENTS = 20


def publish_for_bench(users: dict[str, Any]) -> None:
    """Publish, as the municipal bench users, the initiative with the most events of each of their
    municipalities (its latest `PUBLISHED_EVENTS` events with all their input), unless already
    published; so that the public pages have something to show. Written through the service:
    audited like any publication."""
    from django.db.models import Count

    from participation.involvement.models import Initiative, Input
    from participation.publishing.models import Publication
    from participation.publishing.services import publish_initiative

    for name in ("staff_large", "staff_small"):
        user = users[name]
        initiative = (
            Initiative.objects.visible_to(user)
            .annotate(n=Count("events"))
            .order_by("-n", "pk")
            .first()
        )
        if (
            initiative is None
            or Publication.objects.filter(initiative=initiative, withdrawn_at__isnull=True).exists()
        ):
            continue
        events = list(initiative.events.order_by("-date", "-pk")[:PUBLISHED_EVENTS])
        inputs = list(Input.objects.filter(event__in=events))
        publish_initiative(initiative, actor=user, events=events, inputs=inputs)


def public_pages(client: Any) -> list[Page]:
    """The public pages of the largest published initiative and its municipality, each cached
    (requested once, untimed, just before) and uncached (the cache cleared before each
    request)."""
    from django.db.models import Count
    from django.urls import reverse

    from participation.publishing.cache import invalidate
    from participation.publishing.models import Publication

    publication = (
        Publication.objects.filter(withdrawn_at__isnull=True)
        .annotate(n=Count("inputs"))
        .select_related("initiative__municipality")
        .order_by("-n", "pk")
        .first()
    )
    paths = [
        ("public overview", reverse("participation:public-overview")),
        ("robots.txt", reverse("participation:robots")),
        ("public open data page", reverse("participation:public-open-data")),
    ]
    if publication is not None:
        number = publication.initiative.municipality.number
        pk = publication.initiative_id
        args = {"number": number, "pk": pk}
        paths += [
            ("public municipality", reverse("participation:public-municipality", args=[number])),
            (
                f"public initiative ({publication.n} input)",
                reverse("participation:public-initiative", kwargs=args),
            ),
            ("public printable", reverse("participation:public-print", kwargs=args)),
            ("public QR code", reverse("participation:public-qr", kwargs=args)),
            (
                "public open data JSON (municipality)",
                reverse("participation:public-open-data-json") + f"?kommune={number}",
            ),
            ("public open data CSV (all)", reverse("participation:public-open-data-csv")),
        ]

    def warm(path: str) -> Callable[[], None]:
        return lambda: client.get(path, secure=True) and None

    pages = [Page(f"{label}, cached", path, before=warm(path)) for label, path in paths]
    pages += [Page(f"{label}, uncached", path, before=invalidate) for label, path in paths]
    return pages


def flags(measure: Measure, bare_ms: float, ratio: float = TARGET_RATIO) -> str:
    median_ms = statistics.median(measure.times) * 1000
    found = []
    if measure.status != 200:
        found.append(f"HTTP {measure.status}")
    if median_ms > TARGET_MS:
        found.append(f">{TARGET_MS:.0f} ms")
    if bare_ms and median_ms / bare_ms > ratio:
        found.append(f">{ratio:.0f}× bare")
    if measure.size > TARGET_BYTES:
        found.append(f">{TARGET_BYTES // 1024} KB")
    return ("! " + ", ".join(found)) if found else ""


def dataset_summary() -> str:
    from participation.involvement.models import Initiative, Input, InvolvementEvent

    return (
        f"{Initiative.objects.count()} initiatives, {InvolvementEvent.objects.count()} events, "
        f"{Input.objects.count()} input items"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="Timed rounds (default 5).")
    parser.add_argument(
        "--roles", default=",".join(ROLES), help=f"Comma-separated, of {', '.join(ROLES)}."
    )
    parser.add_argument(
        "--only", default="", help="Only pages whose label contains one of these (comma-separated)."
    )
    args = parser.parse_args(argv)
    _setup_django()
    global urlpatterns
    urlpatterns = _build_urlpatterns()
    sys.modules.setdefault("bench.pages", sys.modules[__name__])  # run as a script

    out(f"Page benchmark: {dataset_summary()}")
    out(f"machine: {platform.node()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    out(f"{args.runs} timed rounds per role after one warm-up round; medians.")
    users = bench_users()
    wanted = [r for r in args.roles.split(",") if r]
    only = [s for s in args.only.split(",") if s]
    over = 0
    if "public" in wanted:
        publish_for_bench(users)
    for name in wanted:
        if name == "public":
            from django.conf import settings
            from django.test import Client

            settings.PUBLIC_RATE_LIMIT = "1000000/m"  # one address asks for everything
            client = Client()
            pages = public_pages(client)
            bare_path, ratio, scope = LOGIN_PATH, PUBLIC_TARGET_RATIO, "anonymous visitor"
            bare_label = "login page (anonymous)"
        else:
            user = users[name]
            pages = pages_for(name, user)
            client = logged_in_client(user)
            bare_path, ratio, scope = BARE_PATH, TARGET_RATIO, scope_label(user)
            bare_label = "bare page"
        if only:
            pages = [p for p in pages if any(s in p.label for s in only)]
        bare, results = measure_role(client, pages, args.runs, bare_path)
        bare_ms = statistics.median(bare.times) * 1000
        out()
        out(f"## {name}: {scope}")
        out(
            f"{bare_label} {bare_ms:.1f} ms, {bare.queries} queries, {bare.size / 1024:.0f} KB"
            + (f" (HTTP {bare.status})" if bare.status != 200 else "")
        )
        out(f"{'page':44} {'median':>9} {'× bare':>7} {'queries':>7} {'HTML':>8}  flags")
        for page in pages:
            m = results[page.label]
            median_ms = statistics.median(m.times) * 1000
            flag = flags(m, bare_ms, ratio)
            over += bool(flag)
            out(
                f"{page.label[:44]:44} {median_ms:7.1f}ms {median_ms / bare_ms:6.1f}× "
                f"{m.queries:7d} {m.size / 1024:6.0f}KB  {flag}"
            )
    out()
    out(
        f"{over} page(s) above target (≤{TARGET_RATIO:.0f}× bare, ≤{TARGET_MS:.0f} ms, "
        f"≤{TARGET_BYTES // 1024} KB)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
