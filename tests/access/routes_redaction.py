"""Routes of the redaction of personal data under /revisjon/fjerning/: admins only, like the
audit-log search beside it. No target: admins have no scope, and the pages search everything.

- The search page (GET), and a search (POST) for a text found nowhere: a page that says so.
- The confirmation step (POST) without `confirmed`: the confirmation page, or (as here, for a
  text found nowhere) the search page saying so; it changes nothing.
"""

from __future__ import annotations

from .spec import Route

ADMIN_ONLY = frozenset({"admin"})
NOWHERE = "zq-not-anywhere-zq"

ROUTES: list[Route] = [
    Route("participation:redaction", allowed=ADMIN_ONLY, note="The redaction's search page."),
    Route(
        "participation:redaction",
        method="POST",
        allowed=ADMIN_ONLY,
        data={"kind": "text", "text": NOWHERE},
        note="A search: nothing found, nothing to remove.",
    ),
    Route(
        "participation:redaction-confirm",
        method="POST",
        allowed=ADMIN_ONLY,
        data={"kind": "text", "text": NOWHERE, "fingerprint": "0" * 64, "reason": "Test"},
        note="Nothing found: the search page again; removing needs `confirmed`.",
    ),
]
