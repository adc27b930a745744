"""Prepare the load test (bench/locustfile.py): its users, what they open, and a report to fetch.

    DATABASE_URL=postgres://…/housing_scale LOAD_PASSWORD=… .venv/bin/python bench/load_setup.py \\
        plan.json

Run by bench/load.sh before locust. Uses the page benchmark's users (bench/pages.py
`bench_users`: `bench-adviser` of the largest region, `bench-staff-large` and `bench-staff-small`,
municipal staff of the municipality with the most initiatives and of one with the fewest, and
`bench-viewer` of the largest region) and gives them the password `LOAD_PASSWORD`, so that each
simulated user logs in through the login form as a person would. The admin is left out: an admin
must pass the second factor (TOTP) at every login, and the load test does not fake one.

For each role it writes to the plan (JSON): the username, a sample of up to 50 initiatives and 50
events in the role's scope (the details it opens; the events it adds input to, if the role may),
and the download links of one municipal report of the latest full year in its scope, made here
once (in this process) and reused by later runs. Nothing else is written.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import _setup_django, bench_users  # noqa: E402

ROLES = ("adviser", "staff_large", "staff_small", "viewer")
SAMPLE = 50


def _report_links(user: Any, municipality: Any) -> list[str]:
    """The downloads of the municipality's report for the last full year: made once, reused."""
    from django.urls import reverse
    from django.utils import timezone

    from participation.places.models import Strategy
    from participation.reports.models import ReportSnapshot
    from participation.reports.params import Period, ReportScope
    from participation.reports.services.requesting import request_report

    year = timezone.localdate().year - 1
    snapshot = request_report(
        actor=user,
        scope=ReportScope.for_municipality(municipality),
        period=Period.containing("year", datetime.date(year, 6, 1)),
        strategy=Strategy.objects.get(code="alle-trenger-et-trygt-hjem"),
        language="nb",
    )
    snapshot.refresh_from_db()
    if snapshot.status != ReportSnapshot.Status.DONE:
        raise SystemExit(f"the report {snapshot.pk} is {snapshot.status}: run without a broker")
    return [
        reverse(
            f"participation:report-download-{fmt}", args=[snapshot.pk], urlconf="housingapp.urls"
        )
        for fmt in ("csv", "xlsx")
        if snapshot.files.filter(format=fmt).exists()
    ]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not os.environ.get("LOAD_PASSWORD"):
        sys.stdout.write(__doc__ or "")
        return 2
    # Reports are made here, in process: no broker for this script.
    os.environ["CELERY_BROKER_URL"] = ""
    _setup_django()
    from django.db.models import Count

    from participation.accounts.access import visible_municipalities
    from participation.involvement.models import Initiative, InvolvementEvent

    users = bench_users()
    plan: dict[str, Any] = {}
    for role in ROLES:
        user = users[role]
        user.set_password(os.environ["LOAD_PASSWORD"])
        user.save(update_fields=["password"])
        initiatives = list(
            Initiative.objects.visible_to(user)
            .order_by("-pk")
            .values_list("pk", flat=True)[:SAMPLE]
        )
        events = list(
            InvolvementEvent.objects.visible_to(user)
            .order_by("-pk")
            .values_list("pk", flat=True)[:SAMPLE]
        )
        first_event = InvolvementEvent.objects.filter(pk__in=events[:1]).first()
        may_add = first_event is not None and user.has_perm("participation.add_input", first_event)
        largest = (
            visible_municipalities(user)
            .current()
            .annotate(n=Count("initiatives"))
            .order_by("-n", "pk")
            .first()
        )
        plan[role] = {
            "username": user.get_username(),
            "initiatives": initiatives,
            "events": events,
            "input_events": events if may_add else [],
            "reports": _report_links(user, largest) if largest is not None else [],
        }
        sys.stdout.write(
            f"{role:12} {user.get_username():18} {len(initiatives)} initiatives, "
            f"{len(events)} events, adds input: {may_add}, reports: {len(plan[role]['reports'])}\n"
        )
    Path(argv[0]).write_text(json.dumps(plan, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
