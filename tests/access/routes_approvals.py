"""Routes of the adviser's review of indicator values and of the success criteria.

The review page names a municipality and a period (the matrix fills `period` with the scene's
open period); the success-criteria page names a municipality and a year (the matrix fills
`year` with the municipality's primary key: any year is a valid page).
"""

from __future__ import annotations

from .spec import READERS, Route

REVIEWERS = frozenset({"adviser", "admin"})
SELF_ASSESSORS = frozenset({"municipal", "programme_leader", "admin"})

ROUTES: list[Route] = [
    Route("participation:review-list", allowed=REVIEWERS),
    Route("participation:value-review", target="municipality", allowed=REVIEWERS),
    Route(
        "participation:value-review",
        target="municipality",
        method="POST",
        allowed=REVIEWERS,
        data={"action": "approve_all"},
        note="no value is submitted in the scene: approves nothing and redirects back",
    ),
    Route("participation:criteria-year", target="municipality", allowed=READERS),
    Route(
        "participation:criteria-year",
        target="municipality",
        method="POST",
        allowed=SELF_ASSESSORS,
        data={"side": "self"},
        note="the self-assessment side, with no rating: saves nothing and redirects back",
    ),
]
