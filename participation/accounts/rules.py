"""Who may do what: every action in the product is decided here, with `rules` predicates.

Views call `request.user.has_perm("participation.<name>", obj)`, templates use
`{% has_perm "participation.<name>" user obj as can %}` or `perms.participation.<name>`, and the
Django admin lets only users with `manage_reference_data` in (participation/front/admin.py). Scope
(which municipalities a user may see) is decided in `participation.accounts.access`; the object-level
view permissions below agree with `Model.objects.visible_to(user)`, so a view that starts from
`visible_to` (outsiders get 404) and then checks an action here (insiders without the right get
403) never contradicts itself.

Roles come from `RoleAssignment`; a user may hold several, and the permissions are the union.
"In scope" means the object's municipality is one the assignment names, or lies in the region
the assignment names. Admins have no scope: they see and may do everything.

| permission (participation.*)      | object                  | admin | adviser  | municipal | prog. leader | viewer   | no role |
|-----------------------------------|-------------------------|-------|----------|-----------|--------------|----------|---------|
| view_municipality                 | municipality            | yes   | in scope | own       | own          | in scope | no      |
| view_initiative, view_event,      | initiative/event/input  | yes   | in scope | own       | own          | in scope | no      |
|   view_input                      |                         |       |          |           |              |          |         |
| add_initiative                    | municipality            | yes   | no       | own       | own          | no       | no      |
| change_initiative, add_event,     | initiative/event/input  | yes   | no       | own       | own          | no       | no      |
|   change_event, add_input,        |                         |       |          |           |              |          |         |
|   change_input                    |                         |       |          |           |              |          |         |
| submit_indicatorvalue             | value or municipality   | yes   | no       | own       | own          | no       | no      |
| approve_indicatorvalue            | value or municipality   | yes   | in scope | no        | no           | no       | no      |
| assess_successcriteria            | assessment/municipality | yes   | in scope | no        | no           | no       | no      |
| self_assess_successcriteria       | assessment/municipality | yes   | no       | own       | own          | no       | no      |
| manage_agreements                 | agreement/municipality  | yes   | in scope | no        | no           | no       | no      |
| export_report                     | municipality or none    | yes   | in scope | own       | own          | in scope | no      |
| view_history                      | any record              | yes   | in scope | own       | own          | in scope | no      |
| view_report (see, download)       | report                  | yes   | in scope | own       | own          | in scope | no      |
| request_report                    | municipality, region or | yes   | in scope | own       | own          | no       | no      |
|                                   |   report scope/report   |       |          |           |              |          |         |
| manage_users, view_auditlog,      | none                    | yes   | no       | no        | no           | no       | no      |
|   manage_reference_data           |                         |       |          |           |              |          |         |
| redact_personal_data (in         | none                    | yes   | no       | no        | no           | no       | no      |
|   participation/redaction/rules) |                         |       |          |           |              |          |         |

Decisions:
- Advisers are read-only for the municipality's own records (initiatives, events, input): those
  are the municipality's account of its work. Advisers act on the programme: they approve
  indicator values, assess success criteria and manage agreements in their scope.
- Viewers never get a change permission, whatever their scope.
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

from dataclasses import dataclass
from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from participation.accounts.models import RoleAssignment
from participation.involvement.models import (
    FactorAssessment,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from participation.places.models import Municipality, Region
from participation.programme.models import AgreementCheckItem
from participation.reports.models import ReportSnapshot
from participation.reports.params import ReportScope

Role = RoleAssignment.Role
AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Grant:
    """One role assignment, reduced to what the predicates need."""

    role: str
    region_id: int | None
    municipality_id: int | None
    is_programme_leader: bool

    def covers(self, municipality: Municipality) -> bool:
        if self.municipality_id is not None:
            return self.municipality_id == municipality.pk
        return self.region_id is not None and self.region_id == municipality.region_id


def require_permission(user: AnyUser, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied (403) unless `user` has `perm` (e.g. "participation.change_event")
    on `obj`. Views call it after scoping the object with `visible_to` (404 for outsiders)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def grants_of(user: AnyUser) -> tuple[Grant, ...]:
    """The user's role assignments; one query per user object (a request's user), then memoised.

    Deactivated and anonymous users hold none.
    """
    if not user.is_authenticated or not user.is_active:
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, "_grants_cache", None)
    if cached is None:
        cached = tuple(
            Grant(*row)
            for row in RoleAssignment.objects.filter(user=user).values_list(
                "role", "region_id", "municipality_id", "is_programme_leader"
            )
        )
        user._grants_cache = cached  # type: ignore[union-attr,attr-defined]  # per-request memo
    return cached


def municipality_of(obj: Any) -> Municipality | None:
    """The municipality a record belongs to, or None for records that belong to none."""
    if isinstance(obj, Municipality):
        return obj
    if isinstance(obj, Input | ParticipantCount):
        return obj.event.initiative.municipality
    if isinstance(obj, InvolvementEvent | FactorAssessment):
        return obj.initiative.municipality
    if isinstance(obj, AgreementCheckItem):
        return obj.agreement.municipality
    municipality = getattr(obj, "municipality", None)
    return municipality if isinstance(municipality, Municipality) else None


def _role_in_scope(name: str, roles: set[str], *, leader_only: bool = False) -> rules.Predicate:
    """A predicate: the user holds one of `roles` for the object's municipality.

    Without an object: the user holds one of `roles` anywhere (see the module docstring).
    """

    def check(user: AnyUser, obj: Any) -> bool:
        grants = [
            g
            for g in grants_of(user)
            if g.role in roles and (g.is_programme_leader or not leader_only)
        ]
        if obj is None:
            return bool(grants)
        municipality = municipality_of(obj)
        if municipality is None:
            return False
        return any(g.covers(municipality) for g in grants)

    return rules.Predicate(check, name=name)


# Predicates -----------------------------------------------------------------------------------


@rules.predicate
def is_active_user(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_admin(user: AnyUser) -> bool:
    """The same rule as `participation.accounts.access.is_admin`, sharing its per-request memo: a page
    that already scoped its queryset asks the database nothing more here."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached: bool | None = getattr(user, "_is_admin_cache", None)
    if cached is None:
        cached = any(g.role == Role.ADMIN for g in grants_of(user))
        user._is_admin_cache = cached  # type: ignore[union-attr,attr-defined]  # per-request memo
    return cached


is_municipal_staff_of = _role_in_scope("is_municipal_staff_of", {Role.MUNICIPAL})
is_programme_leader_of = _role_in_scope(
    "is_programme_leader_of", {Role.MUNICIPAL}, leader_only=True
)
is_adviser_for = _role_in_scope("is_adviser_for", {Role.ADVISER})
is_viewer_of = _role_in_scope("is_viewer_of", {Role.VIEWER})
# Everyone whose assignments reach the object's municipality: the same rule as `visible_to`.
has_in_scope = _role_in_scope("has_in_scope", {Role.MUNICIPAL, Role.ADVISER, Role.VIEWER})


@rules.predicate
def may_see_report(user: AnyUser, snapshot: ReportSnapshot | None) -> bool:
    """The same rule as `ReportSnapshot.objects.visible_to` (admins aside)."""
    grants = grants_of(user)
    if snapshot is None:
        return bool(grants)
    if not isinstance(snapshot, ReportSnapshot):
        return False
    if snapshot.scope == ReportSnapshot.Scope.NATIONAL:
        return bool(grants)
    if snapshot.scope == ReportSnapshot.Scope.REGION:
        return any(
            g.role in (Role.ADVISER, Role.VIEWER) and g.region_id == snapshot.region_id
            for g in grants
        )
    return has_in_scope(user, snapshot.municipality)


def report_place(obj: Any) -> tuple[str, Municipality | None, Region | None]:
    """(scope kind, municipality, region) of what a report is asked for: a municipality, a
    region, a `ReportScope` or an existing snapshot."""
    Scope = ReportSnapshot.Scope
    if isinstance(obj, Municipality):
        return Scope.MUNICIPALITY, obj, None
    if isinstance(obj, Region):
        return Scope.REGION, None, obj
    if isinstance(obj, ReportScope):
        return obj.kind, obj.municipality, obj.region
    if isinstance(obj, ReportSnapshot):
        return obj.scope, obj.municipality, obj.region
    return "", None, None


@rules.predicate
def may_ask_for_report(user: AnyUser, obj: Any) -> bool:
    """Advisers for municipalities in their scope and regions their assignment names; municipal
    staff for their own municipality. National reports are for admins (checked beside this)."""
    grants = grants_of(user)
    if obj is None:
        return any(g.role in (Role.ADVISER, Role.MUNICIPAL) for g in grants)
    kind, municipality, region = report_place(obj)
    if kind == ReportSnapshot.Scope.MUNICIPALITY and municipality is not None:
        return any(
            g.role in (Role.ADVISER, Role.MUNICIPAL) and g.covers(municipality) for g in grants
        )
    if kind == ReportSnapshot.Scope.REGION and region is not None:
        return any(g.role == Role.ADVISER and g.region_id == region.pk for g in grants)
    return False


# Admin first everywhere: it needs no object and answers from a memo.
can_see = is_admin | has_in_scope
can_edit_municipal_records = is_admin | is_municipal_staff_of
can_act_for_programme = is_admin | is_adviser_for

# Permissions ----------------------------------------------------------------------------------

PERMISSIONS: dict[str, rules.Predicate] = {
    # Seeing records (agrees with visible_to).
    "participation.view_municipality": can_see,
    "participation.view_initiative": can_see,
    "participation.view_event": can_see,
    "participation.view_input": can_see,
    "participation.view_history": can_see,
    # The municipality's own records.
    "participation.add_initiative": can_edit_municipal_records,
    "participation.change_initiative": can_edit_municipal_records,
    "participation.add_event": can_edit_municipal_records,
    "participation.change_event": can_edit_municipal_records,
    "participation.add_input": can_edit_municipal_records,
    "participation.change_input": can_edit_municipal_records,
    "participation.submit_indicatorvalue": can_edit_municipal_records,
    # The municipality's self-assessment on the success criteria (beside the adviser's).
    "participation.self_assess_successcriteria": can_edit_municipal_records,
    # Husbanken's side of the programme.
    "participation.approve_indicatorvalue": can_act_for_programme,
    "participation.assess_successcriteria": can_act_for_programme,
    "participation.manage_agreements": can_act_for_programme,
    # Reports: everyone with a role, for what they can see.
    "participation.export_report": can_see,
    "participation.view_report": is_admin | may_see_report,
    "participation.request_report": is_admin | may_ask_for_report,
    # Head office.
    "participation.manage_users": is_admin,
    "participation.view_auditlog": is_admin,
    "participation.manage_reference_data": is_admin,
}

for _name, _predicate in PERMISSIONS.items():
    # Every permission demands an active, logged-in user, whatever the predicate says.
    rules.set_perm(_name, is_active_user & _predicate)
