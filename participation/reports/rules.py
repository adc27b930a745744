"""The permissions on reports: exporting, seeing, asking for one, and editing the schedules.

The table and the decisions behind it are in participation/accounts/rules.py.
"""

from __future__ import annotations

from typing import Any

import rules

from participation.accounts.access import AnyUser, Role, grants_of
from participation.accounts.rules import can_see, has_in_scope, is_admin, is_staff_user, register
from participation.places.models import Municipality, Region
from participation.reports.models import ReportSnapshot
from participation.reports.params import ReportScope


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


register(
    {
        # Everyone with a role, for what they can see.
        "participation.export_report": can_see,
        "participation.view_report": is_admin | may_see_report,
        "participation.request_report": is_admin | may_ask_for_report,
        # The schedules are edited in the Django admin, which needs staff.
        "participation.manage_report_schedules": is_admin & is_staff_user,
    }
)
