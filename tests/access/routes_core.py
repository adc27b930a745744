"""Routes of the core pages, login and logout, language, admins' user management, and the
Django admin.

The Django admin is classified as a group: every URL pattern in the "admin" namespace follows
one rule, written in `ADMIN_NAMESPACE`: only the admin role gets in; everyone else, anonymous
or logged in with another role, is sent to the admin's login page. The matrix checks that rule on
a sample: the admin index, every registered model's changelist, and the change page (GET and a
forged POST) of an initiative and a municipality in and out of scope. The other admin patterns
(add, delete, history, autocomplete, password change …) are wrapped by the same
`AdminSite.admin_view`, so they answer alike; test_matrix.py counts them as classified by the
namespace rule.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .spec import EVERY_ROLE, READERS, ROLES, Route

EVERYONE = frozenset(ROLES)
ADMINS = frozenset({"admin"})

# Every pattern in this namespace is classified by the rule in the module docstring.
ADMIN_NAMESPACE = "admin"

# A user account or a role assignment is not in anyone's municipal scope: only admins manage
# them, and everyone else gets 403 for any account, existing or not, so ids reveal nothing.
USER_MANAGEMENT: dict[str, Any] = {"allowed": ADMINS, "outsider_status": 403}

# The admin's refusal: a redirect to its login page, in and out of scope alike.
DJANGO_ADMIN: dict[str, Any] = {"allowed": ADMINS, "denied_status": 302, "outsider_status": 302}

NEW_USER = {
    "username": "new-colleague",
    "first_name": "Ny",
    "last_name": "Kollega",
    "email": "ny.kollega@example.test",
    "password1": "Tre-epler-og-en-sykkel-42",
    "password2": "Tre-epler-og-en-sykkel-42",
}

ROUTES: list[Route] = [
    # Core pages.
    Route("participation:dashboard", allowed=EVERY_ROLE, note="no_role sees an empty state"),
    Route("participation:municipality-detail", target="municipality", allowed=READERS),
    Route("participation:initiative-detail", target="initiative", allowed=READERS),
    # Monitoring: closed to every role, as to anonymous users, unless the request comes from
    # MONITORING_ALLOWED_NETWORKS (empty in the tests; tests/test_monitoring.py opens them).
    Route("participation:health", public=True, allowed=frozenset(), denied_status=404),
    Route("participation:metrics", public=True, allowed=frozenset(), denied_status=404),
    # Login, logout, language: public.
    Route("login", public=True, allowed=EVERYONE),
    Route(
        "login",
        method="POST",
        public=True,
        allowed=EVERYONE,
        data={"username": "nobody-at-all", "password": "wrong"},
        note="a failed login shows the form again",
    ),
    Route("logout", method="POST", public=True, allowed=EVERYONE),
    Route("set_language", public=True, allowed=EVERYONE, data={"next": "/"}),
    Route(
        "set_language",
        method="POST",
        public=True,
        allowed=EVERYONE,
        data={"language": "en", "next": "/"},
    ),
    # Admins' user management.
    Route("participation:user-list", **USER_MANAGEMENT),
    Route("participation:user-create", **USER_MANAGEMENT),
    Route("participation:user-create", method="POST", data=NEW_USER, **USER_MANAGEMENT),
    Route("participation:user-detail", target="user", **USER_MANAGEMENT),
    Route("participation:user-role-add", target="user", **USER_MANAGEMENT),
    Route(
        "participation:user-role-add",
        target="user",
        method="POST",
        # A role in the foreign municipality: what a forger would want.
        data={"role": "municipal", "municipality": "{scene.foreign_municipality.pk}"},
        **USER_MANAGEMENT,
    ),
    Route("participation:user-role-revoke", target="role_assignment", **USER_MANAGEMENT),
    Route(
        "participation:user-role-revoke",
        target="role_assignment",
        method="POST",
        **USER_MANAGEMENT,
    ),
    Route("participation:user-deactivate", target="user", **USER_MANAGEMENT),
    Route("participation:user-deactivate", target="user", method="POST", **USER_MANAGEMENT),
    Route(
        "participation:user-reactivate",
        target="user",
        note="the target is active: admins are sent back to the user page",
        **USER_MANAGEMENT,
    ),
    Route("participation:user-reactivate", target="user", method="POST", **USER_MANAGEMENT),
    Route("participation:user-unlock", target="user", **USER_MANAGEMENT),
    Route("participation:user-unlock", target="user", method="POST", **USER_MANAGEMENT),
    # The Django admin: a sample, see the module docstring.
    Route("admin:index", **DJANGO_ADMIN),
    *(
        Route(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist", **DJANGO_ADMIN)
        for model in admin.site._registry
    ),
    Route("admin:involvement_initiative_change", target="initiative", **DJANGO_ADMIN),
    Route(
        "admin:involvement_initiative_change",
        target="initiative",
        method="POST",
        data={"name": "Changed through a forged admin form"},
        note="the admin gets the form back with errors (required fields missing)",
        **DJANGO_ADMIN,
    ),
    Route("admin:places_municipality_change", target="municipality", **DJANGO_ADMIN),
]
