"""`{% can "participation.<name>" user obj as flag %}`: ask the product's rules (each app's rules.py).

Like rules' `{% has_perm %}`, but without going through every authentication backend: Django's
ModelBackend would spend two queries per page on the auth permission tables, and it never
grants the product's permissions (they have no rows there; superusers count as admins in the
predicates themselves).
"""

from __future__ import annotations

from typing import Any

import rules
from django import template

register = template.Library()


@register.simple_tag
def can(perm: str, user: Any, obj: Any = None) -> bool:
    return bool(rules.has_perm(perm, user, obj))
