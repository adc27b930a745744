"""Routes of indicator values: the municipality's reporting periods and the form for one period.

The form's URL names the municipality and a period; the matrix fills `period` with the scene's
open reporting period, and scopes the URL by the municipality (target "municipality").
"""

from __future__ import annotations

from .spec import READERS, Route

SUBMITTERS = frozenset({"municipal", "programme_leader", "admin"})

ROUTES: list[Route] = [
    Route("participation:period-list", target="municipality", allowed=READERS),
    Route("participation:period-values", target="municipality", allowed=READERS),
    Route(
        "participation:period-values",
        target="municipality",
        method="POST",
        allowed=SUBMITTERS,
        data={"action": "draft"},
        note="an empty draft saves nothing and redirects back to the form",
    ),
]
