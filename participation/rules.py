"""Loaded at start-up by rules' AutodiscoverRulesConfig: registers the permissions.

The predicates and permissions live in `participation.permissions`.
"""

from participation import permissions  # noqa: F401
