"""Routes of grants, risk flags and the advisers' dashboards.

Everyone who sees a municipality sees its grants and risk flags; adding or changing grants,
raising and closing flags, the dashboards, the risk rules and the region's overview take
`manage_agreements` (advisers in scope, admins). The region's URLs name the region of the
target municipality: users who see no municipality in it get 404.
"""

from __future__ import annotations

from .spec import READERS, Route

MANAGERS = frozenset({"adviser", "admin"})

ROUTES: list[Route] = [
    Route("participation:adviser-dashboard", allowed=MANAGERS),
    Route("participation:risk-rules", allowed=MANAGERS),
    Route("participation:region-dashboard", target="municipality", allowed=MANAGERS),
    Route("participation:region-export-csv", target="municipality", allowed=MANAGERS),
    Route("participation:region-export-xlsx", target="municipality", allowed=MANAGERS),
    Route("participation:grant-list", target="municipality", allowed=READERS),
    Route("participation:grant-create", target="municipality", allowed=MANAGERS),
    Route(
        "participation:grant-create",
        target="municipality",
        method="POST",
        allowed=MANAGERS,
        data={"year": "1999"},
        note="an invalid form comes back with 200 and saves nothing",
    ),
    Route("participation:grant-update", target="grant", allowed=MANAGERS),
    Route(
        "participation:grant-update",
        target="grant",
        method="POST",
        allowed=MANAGERS,
        data={"year": "1999"},
        note="an invalid form comes back with 200 and saves nothing",
    ),
    Route("participation:riskflag-list", target="municipality", allowed=READERS),
    Route("participation:riskflag-create", target="municipality", allowed=MANAGERS),
    Route(
        "participation:riskflag-create",
        target="municipality",
        method="POST",
        allowed=MANAGERS,
        data={"kind": "other"},
        note="no note: the form comes back with 200 and raises nothing",
    ),
    Route("participation:riskflag-close", target="risk_flag", allowed=MANAGERS),
    Route(
        "participation:riskflag-close",
        target="risk_flag",
        method="POST",
        allowed=MANAGERS,
        data={"note": "Dealt with."},
        note="no confirmation: the form comes back with 200 and the flag stays open",
    ),
]
