"""Who may do what: every action in the product is a `rules` permission, `participation.<name>`.

This module holds the shared predicates, the accounts' own permissions, and the table of them
all; each app declares its permissions in its own `rules.py` (participation/involvement/rules.py,
participation/programme/rules.py, participation/reports/rules.py), which rules' autodiscovery
imports at start-up. Views call `require_permission(request.user, "participation.<name>", obj)`
(participation/accounts/shortcuts.py) or `request.user.has_perm(...)`, templates use
`{% can "participation.<name>" user obj as flag %}` (participation/accounts/templatetags/
permissions.py), and the Django admin lets only users with `manage_reference_data` in (participation/accounts/admin.py). Scope (which municipalities a
user's roles reach) is decided in `participation.accounts.access`; the object-level view
permissions below agree with `Model.objects.visible_to(user)`, so a view that starts from
`visible_to` (outsiders get 404) and then checks an action here (insiders without the right get
403) never contradicts itself.

Roles come from `RoleAssignment`; a user may hold several, and the permissions are the union.
"In scope" means the object's municipality (reached through its model's `municipality_path`, see
`participation.accounts.access`) is one the assignment names, or lies in the region the
assignment names. Admins have no scope: they see and may do everything.

| permission (participation.*)      | object                  | admin | adviser  | municipal | prog. leader | viewer   | no role |
|-----------------------------------|-------------------------|-------|----------|-----------|--------------|----------|---------|
| view_municipality                 | municipality            | yes   | in scope | own       | own          | in scope | no      |
| view_initiative, view_event,      | initiative/event/input  | yes   | in scope | own       | own          | in scope | no      |
|   view_input                      |                         |       |          |           |              |          |         |
| add_initiative                    | municipality            | yes   | no       | own       | own          | no       | no      |
| change_initiative, add_event,     | initiative/event/input  | yes   | no       | own       | own          | no       | no      |
|   change_event, add_input,        |                         |       |          |           |              |          |         |
|   change_input, publish_initiative|                         |       |          |           |              |          |         |
| submit_indicatorvalue             | value or municipality   | yes   | no       | own       | own          | no       | no      |
| approve_indicatorvalue            | value or municipality   | yes   | in scope | no        | no           | no       | no      |
| assess_successcriteria            | assessment/municipality | yes   | in scope | no        | no           | no       | no      |
| self_assess_successcriteria       | assessment/municipality | yes   | no       | own       | own          | no       | no      |
| manage_agreements                 | agreement/municipality  | yes   | in scope | no        | no           | no       | no      |
| manage_programme_people           | contact/municipality    | yes   | in scope | own       | own          | no       | no      |
| update_commitment_status          | commitment              | yes   | in scope | own, if   | own, if      | no       | no      |
|                                   |                         |       |          |   resp.   |   resp.      |          |         |
| export_report                     | municipality or none    | yes   | in scope | own       | own          | in scope | no      |
| view_history                      | any record              | yes   | in scope | own       | own          | in scope | no      |
| view_report (see, download)       | report                  | yes   | in scope | own       | own          | in scope | no      |
| request_report                    | municipality, region or | yes   | in scope | own       | own          | no       | no      |
|                                   |   report scope/report   |       |          |           |              |          |         |
| manage_report_schedules           | none                    | yes   | no       | no        | no           | no       | no      |
| manage_users, view_auditlog,      | none                    | yes   | no       | no        | no           | no       | no      |
|   manage_reference_data           |                         |       |          |           |              |          |         |
| redact_personal_data (in         | none                    | yes   | no       | no        | no           | no       | no      |
|   participation/redaction/rules) |                         |       |          |           |              |          |         |

Decisions:
- Advisers are read-only for the municipality's own records (initiatives, events, input): those
  are the municipality's account of its work. Advisers act on the programme: they approve
  indicator values, assess success criteria and manage agreements in their scope.
- Viewers never get a change permission, whatever their scope.
- The programme's people (programme leaders, resource group) are recorded by both sides:
  advisers in scope and the municipality's own staff (`manage_programme_people`).
- Report schedules are edited in the Django admin, so `manage_report_schedules` asks for an
  admin who is also staff (admins always are; see below).
- The programme-leader flag grants nothing beyond municipal staff yet; later issues may give
  leaders the municipality's sign-off on a report.
- Reports (`view_report` agrees with `ReportSnapshot.objects.visible_to`): a municipal report
  follows its municipality; a regional report is seen by advisers and viewers whose assignment
  names that region; the national report by everyone with a role. `request_report` takes the
  place: a municipality (admins, its advisers, its own staff), a region (admins, and advisers
  whose assignment names the region) or a national `ReportScope` (admins only); a snapshot
  stands for its own place (asking again, a new version). Viewers read and download, never ask.
- `view_history` follows the object: whoever may see the record may see its history. Records
  that belong to no municipality (reference data, user accounts) have history for admins only.
- Checked without an object (`user.has_perm("participation.add_initiative")`), a scoped
  permission asks "may the user do this anywhere?": true if any of their assignments allows it.
  Use it to show or hide a menu entry, never to authorise acting on a record.
- Deactivated users (`is_active=False`) have no permission at all; Django's `ModelBackend` does
  not ask `rules` for inactive users' object permissions, so every predicate checks it itself.
- Admins are also `is_staff` and `is_superuser`, set by `participation.accounts.services.users` when the
  admin role is granted or revoked: the Django admin needs `is_staff`, and `is_superuser` gives
  them its model permissions (admins may do everything). `participation.accounts.access.is_admin` treats
  a superuser as an admin, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser, User

from participation.accounts import access
from participation.accounts.access import acts_on, municipality_of
from participation.accounts.models import RoleAssignment

Role = RoleAssignment.Role
AnyUser = User | AnonymousUser


def _role_in_scope(name: str, roles: set[str], *, leader_only: bool = False) -> rules.Predicate:
    """A predicate: the user holds one of `roles` for the object's municipality (the model's
    declared `municipality_path`, see participation.accounts.access).

    Without an object: the user holds one of `roles` anywhere (see the module docstring).
    """

    def check(user: AnyUser, obj: Any) -> bool:
        if obj is None:
            return acts_on(user, roles, None, leader_only=leader_only, admins_everywhere=False)
        municipality = municipality_of(obj)
        if municipality is None:
            return False
        return acts_on(user, roles, municipality, leader_only=leader_only, admins_everywhere=False)

    return rules.Predicate(check, name=name)


# Predicates -----------------------------------------------------------------------------------


@rules.predicate
def is_active_user(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


# `access.is_admin` itself, with its per-request memo: a page that already scoped its queryset
# asks the database nothing more here.
is_admin = rules.Predicate(access.is_admin, name="is_admin")


@rules.predicate
def is_staff_user(user: AnyUser) -> bool:
    return bool(user.is_staff)


is_municipal_staff_of = _role_in_scope("is_municipal_staff_of", {Role.MUNICIPAL})
is_programme_leader_of = _role_in_scope(
    "is_programme_leader_of", {Role.MUNICIPAL}, leader_only=True
)
is_adviser_for = _role_in_scope("is_adviser_for", {Role.ADVISER})
is_viewer_of = _role_in_scope("is_viewer_of", {Role.VIEWER})
# Everyone whose assignments reach the object's municipality: the same rule as `visible_to`.
has_in_scope = _role_in_scope("has_in_scope", {Role.MUNICIPAL, Role.ADVISER, Role.VIEWER})

# Admin first everywhere: it needs no object and answers from a memo.
can_see = is_admin | has_in_scope
can_edit_municipal_records = is_admin | is_municipal_staff_of
can_act_for_programme = is_admin | is_adviser_for


def register(permissions: Mapping[str, rules.Predicate]) -> None:
    """Register an app's permissions; every one demands an active, logged-in user, whatever its
    predicate says."""
    for name, predicate in permissions.items():
        rules.set_perm(name, is_active_user & predicate)


# Permissions ----------------------------------------------------------------------------------

register(
    {
        # Seeing a municipality and the history of any record (agrees with visible_to).
        "participation.view_municipality": can_see,
        "participation.view_history": can_see,
        # Head office.
        "participation.manage_users": is_admin,
        "participation.view_auditlog": is_admin,
        "participation.manage_reference_data": is_admin,
    }
)
