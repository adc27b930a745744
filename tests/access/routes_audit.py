"""Routes of the audit trail (history pages, the audit-log search). Filled in by that work."""

from .spec import Route

ROUTES: list[Route] = []
