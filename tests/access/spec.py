"""The vocabulary of the permission matrix: how each route is expected to answer each role.

Each URL pattern of the product is classified by one `Route` in one of the `routes_*.py`
modules beside this file; `test_matrix.py` checks every route × role × (object in scope, object
out of scope), and fails on any URL pattern that no `Route` classifies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The roles the matrix logs in as. Everyone but "anonymous" and "admin" is scoped to the home
# municipality (Bodø): the adviser through the home region (Husbanken Nord), the others directly.
ROLES = (
    "anonymous",
    "no_role",  # logged in, but given no role yet
    "viewer",
    "municipal",  # municipal staff, not programme leader
    "programme_leader",  # municipal staff with the programme-leader flag
    "adviser",
    "admin",  # with a verified second factor
)

# The kinds of object a URL can name. The matrix builds one in the home municipality and one in
# the foreign municipality (Asker, outside everyone's scope but the admin's) for each kind.
TARGETS = (
    "municipality",
    "initiative",
    "event",
    "input",
    "user",  # another user account, for admins' user management
    "role_assignment",
    "meeting",  # a meeting with the one municipality
    "commitment",  # a commitment from that meeting
    "grant",  # a grant to the municipality
    "risk_flag",  # an open risk flag
    "agreement",  # a programme agreement, not yet renewed, with its checklist
    "contact",  # a programme contact (the programme leader)
    "report",  # a done municipal report of the municipality, with its files
    "token",  # a personal API token: home is the municipal user's, foreign another user's
    "system_token",  # an API system token bound to the municipality
    "event_import",  # an event import: home is the municipal user's, foreign another user's
)


@dataclass(frozen=True)
class Route:
    """How one URL pattern answers.

    - `name`: the namespaced URL name, e.g. "participation:initiative-detail".
    - `target`: the kind of object the URL names (one of TARGETS), or None for a URL without one.
    - `method`: "GET" or "POST" (one Route per method a view accepts).
    - `allowed`: the roles that may use the route on an object in their scope. They get a
      success status (2xx, or a 3xx redirect that is not to the login page).
    - Roles not in `allowed` but with the object in scope get 403 (`denied_status`), or for
      "anonymous" a redirect to the login page.
    - Any role other than admin gets 404 on the foreign object (`outsider_status`), and must not
      change the database.
    - `public`: reachable without logging in (the login page itself).
    - `data`: POST payload as a dict; values may name scene attributes with "{scene.attr}".
    """

    name: str
    target: str | None = None
    method: str = "GET"
    allowed: frozenset[str] = field(default_factory=frozenset)
    denied_status: int = 403
    outsider_status: int = 404
    public: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    note: str = ""


EVERY_ROLE = frozenset(r for r in ROLES if r != "anonymous")
READERS = frozenset({"viewer", "municipal", "programme_leader", "adviser", "admin"})
