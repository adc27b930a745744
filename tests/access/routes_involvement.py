"""Routes of involvement events and input: create, edit, see, duplicate, feedback given, the
quick input entry, one item's follow-up, and the open-input list.

Events are created in the initiative from the URL, input in the event from the URL: a forged
POST to a foreign record's URL is a 404 and creates nothing (the matrix checks every table's row
count). Advisers and viewers see events and input but change nothing (403).
"""

from __future__ import annotations

from .spec import EVERY_ROLE, READERS, Route

EDITORS = frozenset({"municipal", "programme_leader", "admin"})

EVENT_FORM = {
    "title": "Dialogkafé om bomiljø",
    "method": "{scene.home_event.method_id}",
    "channel": "physical",
    "date": "2025-03-01",
    "feedback_due": "2025-04-01",
}
INPUT_ROWS = {
    "input-TOTAL_FORMS": "1",
    "input-INITIAL_FORMS": "0",
    "input-0-theme": "{scene.home_input.theme_id}",
    "input-0-summary": "Ønsker bedre belysning i oppgangene.",
}
INPUT_FORM = {
    "theme": "{scene.home_input.theme_id}",
    "summary": "Ønsker bedre belysning i oppgangene.",
    "follow_up_status": "taken_forward",
}

ROUTES: list[Route] = [
    Route("participation:event-create", target="initiative", allowed=EDITORS),
    Route(
        "participation:event-create",
        target="initiative",
        method="POST",
        allowed=EDITORS,
        data=EVENT_FORM,
    ),
    Route("participation:event-detail", target="event", allowed=READERS),
    Route("participation:event-update", target="event", allowed=EDITORS),
    Route(
        "participation:event-update",
        target="event",
        method="POST",
        allowed=EDITORS,
        data=EVENT_FORM,
    ),
    Route(
        "participation:event-duplicate",
        target="event",
        method="POST",
        allowed=EDITORS,
        note="POST only: makes a copy dated today and opens its edit form",
    ),
    Route("participation:event-feedback", target="event", allowed=EDITORS),
    Route(
        "participation:event-feedback",
        target="event",
        method="POST",
        allowed=EDITORS,
        data={"given_on": "2025-03-05", "how": "Brev til deltakerne."},
    ),
    Route("participation:input-add", target="event", allowed=EDITORS),
    Route(
        "participation:input-add",
        target="event",
        method="POST",
        allowed=EDITORS,
        data=INPUT_ROWS,
    ),
    Route("participation:input-update", target="input", allowed=EDITORS),
    Route(
        "participation:input-update",
        target="input",
        method="POST",
        allowed=EDITORS,
        data=INPUT_FORM,
    ),
    Route(
        "participation:input-list",
        allowed=EVERY_ROLE,
        note="scoped to the user's municipalities; no_role sees an empty state",
    ),
]
