"""Routes of the event import: the page with its dry run, the commit, the import's page and its
progress, the two templates.

All but the import's pages need `add_event` on the initiative from the URL: advisers and viewers
get 403, outsiders 404. An import's page and progress are its starter's alone: everyone else,
admins included, gets 404. The POSTs here carry no file (or no checked file in the session), so even the allowed roles
save nothing: the matrix checks that a forged POST changes no table.
"""

from __future__ import annotations

from .spec import Route

EDITORS = frozenset({"municipal", "programme_leader", "admin"})

ROUTES: list[Route] = [
    Route("participation:event-import", target="initiative", allowed=EDITORS),
    Route(
        "participation:event-import",
        target="initiative",
        method="POST",
        allowed=EDITORS,
        note="without a file: the page again with the form's error",
    ),
    Route(
        "participation:event-import-commit",
        target="initiative",
        method="POST",
        allowed=EDITORS,
        data={"digest": "0" * 64},
        note="no checked file in the session: back to the import page, nothing saved",
    ),
    Route(
        "participation:event-import-job",
        target="event_import",
        allowed=frozenset({"municipal"}),
        denied_status=404,
        note="an import is seen by the user who started it alone: the home one is the municipal user's",
    ),
    Route(
        "participation:event-import-job-progress",
        target="event_import",
        allowed=frozenset({"municipal"}),
        denied_status=404,
        note="as the import's page",
    ),
    Route("participation:event-import-template-csv", target="initiative", allowed=EDITORS),
    Route("participation:event-import-template-xlsx", target="initiative", allowed=EDITORS),
]
