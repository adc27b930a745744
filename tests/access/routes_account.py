"""Routes of login, the account page and the second factor. Filled in by that work."""

from .spec import Route

ROUTES: list[Route] = []
