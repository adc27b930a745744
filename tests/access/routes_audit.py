"""Routes of the audit trail: the history pages (whoever may see the record) and the audit-log
search (admins only). All are read-only pages: GET only."""

from .spec import READERS, Route

ADMIN_ONLY = frozenset({"admin"})

ROUTES: list[Route] = [
    Route(
        "participation:initiative-history",
        target="initiative",
        allowed=READERS,
        note="History of the initiative and its events and input.",
    ),
    Route(
        "participation:municipality-history",
        target="municipality",
        allowed=READERS,
        note="History of the municipality and its records.",
    ),
    Route("participation:audit-log", allowed=ADMIN_ONLY, note="Search across the audit trail."),
    Route("participation:security-events", allowed=ADMIN_ONLY, note="Security events."),
]
