"""Routes of the initiative pages: the list, new, edit and the success-factor assessment.

New initiatives take their municipality from the URL: a forged POST to a foreign municipality's
URL is a 404 and creates nothing (the matrix checks every table's row count).
"""

from __future__ import annotations

from .spec import EVERY_ROLE, Route

EDITORS = frozenset({"municipal", "programme_leader", "admin"})

INITIATIVE = {"name": "Bomiljø i sentrum", "aim": "Trygge og gode bomiljøer.", "status": "ongoing"}
INITIATIVE_FORM = {**INITIATIVE, "directness": "direct"}

ROUTES: list[Route] = [
    Route(
        "participation:initiative-list",
        allowed=EVERY_ROLE,
        note="no_role sees an empty state",
    ),
    Route("participation:initiative-create", target="municipality", allowed=EDITORS),
    Route(
        "participation:initiative-create",
        target="municipality",
        method="POST",
        allowed=EDITORS,
        data=INITIATIVE_FORM,
    ),
    Route("participation:initiative-update", target="initiative", allowed=EDITORS),
    Route(
        "participation:initiative-update",
        target="initiative",
        method="POST",
        allowed=EDITORS,
        data=INITIATIVE_FORM,
    ),
    Route("participation:initiative-factors", target="initiative", allowed=EDITORS),
    Route(
        "participation:initiative-factors",
        target="initiative",
        method="POST",
        allowed=EDITORS,
        note="an empty assessment: every factor left as not assessed",
    ),
]
