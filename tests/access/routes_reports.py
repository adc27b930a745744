"""Routes of reports (participation/reports/views.py).

Everyone with a role sees the list and the definitions (a user without one sees an empty list).
A municipal report follows its municipality: whoever sees the municipality reads it, its progress
and its files (a download is recorded, not refused). Asking for a report, or asking again (a new
version of a done one), takes `request_report`: municipal staff for their own municipality,
advisers in their scope, admins; viewers read only.
"""

from __future__ import annotations

from .spec import EVERY_ROLE, READERS, Route

REQUESTERS = frozenset({"municipal", "programme_leader", "adviser", "admin"})

# The home municipality's report for the scene's report period: it exists already, so the
# allowed roles are sent to it and nothing is made.
SAME_REPORT = {
    "scope": "municipality",
    "municipality": "{scene.home_municipality.number}",
    "strategy": "{scene.home_report.strategy_id}",
    "period_kind": "quarter",
    "year": "2025",
    "number": "1",
    "language": "nb",
}

ROUTES: list[Route] = [
    Route("participation:report-list", allowed=EVERY_ROLE, note="no_role sees an empty list"),
    Route("participation:report-definitions", allowed=EVERY_ROLE),
    Route("participation:report-request", allowed=REQUESTERS),
    Route(
        "participation:report-request",
        method="POST",
        allowed=REQUESTERS,
        data=SAME_REPORT,
        note="the report exists: a redirect to it",
    ),
    Route("participation:report-detail", target="report", allowed=READERS),
    Route("participation:report-progress", target="report", allowed=READERS),
    Route("participation:report-download-pdf", target="report", allowed=READERS),
    Route("participation:report-download-xlsx", target="report", allowed=READERS),
    Route("participation:report-download-csv", target="report", allowed=READERS),
    Route(
        "participation:report-again",
        target="report",
        method="POST",
        allowed=REQUESTERS,
        note="a done report: a new version is queued (the task is sent on commit, not here)",
    ),
]
