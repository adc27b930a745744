"""Routes of the public pages (/apen/, no login) and of the staff's publishing pages.

Publishing follows the initiative: those who may edit it (its municipality's staff, admins).
The public pages answer everyone alike, logged in or not; the matrix's initiative and
municipality have published nothing, so their public pages answer 404 to everyone (the pages
of published initiatives are tested in tests/publishing/).
"""

from __future__ import annotations

from typing import Any

from .spec import ROLES, Route

EVERYONE = frozenset(ROLES)
EDITORS = frozenset({"municipal", "programme_leader", "admin"})
NOTHING_PUBLISHED: dict[str, Any] = {"public": True, "allowed": frozenset(), "denied_status": 404}

ROUTES: list[Route] = [
    Route("participation:publication-edit", target="initiative", allowed=EDITORS),
    Route(
        "participation:publication-edit",
        target="initiative",
        method="POST",
        allowed=EDITORS,
        data={"action": "preview"},
        note="a preview of nothing chosen: the initiative alone",
    ),
    Route(
        "participation:publication-withdraw",
        target="initiative",
        allowed=EDITORS,
        note="not published: editors are sent back to the publishing page",
    ),
    Route(
        "participation:publication-withdraw", target="initiative", method="POST", allowed=EDITORS
    ),
    Route("participation:public-site-edit", target="municipality", allowed=EDITORS),
    Route(
        "participation:public-site-edit",
        target="municipality",
        method="POST",
        allowed=EDITORS,
        data={"allow_indexing": "on"},
    ),
    # The public pages.
    Route("participation:robots", public=True, allowed=EVERYONE),
    Route("participation:public-overview", public=True, allowed=EVERYONE),
    Route("participation:public-open-data", public=True, allowed=EVERYONE),
    Route("participation:public-open-data-json", public=True, allowed=EVERYONE),
    Route("participation:public-open-data-csv", public=True, allowed=EVERYONE),
    Route("participation:public-sitemap", public=True, allowed=EVERYONE),
    Route("participation:public-municipality", target="municipality", **NOTHING_PUBLISHED),
    Route("participation:public-initiative", target="initiative", **NOTHING_PUBLISHED),
    Route("participation:public-print", target="initiative", **NOTHING_PUBLISHED),
    Route("participation:public-qr", target="initiative", **NOTHING_PUBLISHED),
    Route("participation:public-short", target="initiative", **NOTHING_PUBLISHED),
]
