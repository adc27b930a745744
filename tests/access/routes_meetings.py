"""Routes of meetings and their commitments.

Holding meetings takes `manage_agreements` (advisers in their scope, admins). A meeting is
seen by whoever sees one of its municipalities; the scene's meetings each name one.
"""

from __future__ import annotations

from .spec import EVERY_ROLE, READERS, Route

MANAGERS = frozenset({"adviser", "admin"})

MEETING = {
    "kind": "operative",
    "title": "Driftsmøte",
    "date": "2025-05-01",
    "municipalities": "{scene.home_municipality.pk}",
    "participants": "NAV (leader), property (operative)",
}
COMMITMENT = {
    "description": "Send the draft plan.",
    "municipality": "{scene.home_municipality.pk}",
    "responsible_name": "Programme leader",
    "due_date": "2025-06-01",
}

ROUTES: list[Route] = [
    Route("participation:meeting-list", allowed=EVERY_ROLE, note="no_role sees an empty state"),
    Route("participation:meeting-create", allowed=MANAGERS),
    Route("participation:meeting-create", method="POST", allowed=MANAGERS, data=MEETING),
    Route("participation:meeting-detail", target="meeting", allowed=READERS),
    Route("participation:meeting-update", target="meeting", allowed=MANAGERS),
    Route(
        "participation:meeting-update",
        target="meeting",
        method="POST",
        allowed=MANAGERS,
        data=MEETING,
        note="the admin on the foreign meeting gets the form back: its commitment's "
        "municipality cannot be removed",
    ),
    Route("participation:commitment-add", target="meeting", allowed=MANAGERS),
    Route(
        "participation:commitment-add",
        target="meeting",
        method="POST",
        allowed=MANAGERS,
        data=COMMITMENT,
    ),
    Route("participation:commitment-overdue", allowed=EVERY_ROLE),
    Route("participation:commitment-status", target="commitment", allowed=MANAGERS),
    Route(
        "participation:commitment-status",
        target="commitment",
        method="POST",
        allowed=MANAGERS,
        data={"status": "done", "note": "Sent."},
    ),
    Route("participation:municipality-commitments", target="municipality", allowed=READERS),
]
