"""Advisers' pages under /radgiver/: the dashboard of their municipalities, the risk rules,
and the region's overview of prioritised sub-goals with its CSV and XLSX export.

All of them demand `participation.manage_agreements` (advisers in scope, admins); the region's
pages 404 for users who see no municipality in the region, before the 403 check.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from participation.accounts.access import visible_municipalities
from participation.accounts.models import SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.accounts.shortcuts import get_region_or_404, require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.core.views import client_ip
from participation.front.queries import (
    LONG_OVERDUE_DAYS,
    STATUS_RULE,
    RegionTable,
    Status,
    adviser_rows,
    region_table,
)
from participation.places.models import Region
from participation.programme.services.risks import RULES
from participation.reports.disclosure import entitled_in_full
from participation.reports.render.table import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    render_table_csv,
    render_table_xlsx,
)

ADVISER_PERM = "participation.manage_agreements"


@login_required
@require_GET
def adviser_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_permission(request.user, ADVISER_PERM)
    today = timezone.localdate()
    rows = adviser_rows(request.user, today)
    rule = [
        (Status.LABELS[key], str(text) % {"days": LONG_OVERDUE_DAYS}) for key, text in STATUS_RULE
    ]
    regions = Region.objects.filter(
        pk__in=visible_municipalities(request.user).values("region")
    ).order_by("name")
    return render(
        request,
        "participation/advisers/dashboard.html",
        {"rows": rows, "status_rule": rule, "today": today, "regions": regions},
    )


@login_required
@require_GET
def risk_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_permission(request.user, ADVISER_PERM)
    rules = [
        {
            "kind": rule.kind,
            "label": rule.label,
            "description": rule.description,
            "threshold": rule.threshold() if rule.threshold else "",
        }
        for rule in RULES.values()
    ]
    return render(request, "participation/advisers/risk_rules.html", {"rules": rules})


def _shown_region_table(request: AuthenticatedHttpRequest, region: Region) -> RegionTable:
    """The region's overview as this user may see it: only municipalities they may see in full
    (disclosure control, `reports.disclosure`), whose figures are then shown exactly."""
    table = region_table(region, request.user)
    entitled = entitled_in_full(request.user, [m.pk for m, _cells in table.rows])
    table.rows = [(m, cells) for m, cells in table.rows if m.pk in entitled]
    return table


@login_required
@require_GET
def region_dashboard(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = get_region_or_404(request, code, perm=ADVISER_PERM)
    table = _shown_region_table(request, region)
    return render(request, "participation/advisers/region.html", {"region": region, "table": table})


def _export_rows(table: RegionTable) -> list[list[Any]]:
    header = [_("Municipality number"), _("Municipality")]
    for sub_goal in table.sub_goals:
        header += [
            _("%(sub_goal)s: prioritised") % {"sub_goal": sub_goal.name},
            _("%(sub_goal)s: indicators with an approved value") % {"sub_goal": sub_goal.name},
        ]
    rows: list[list[Any]] = [header]
    for municipality, cells in table.rows:
        row: list[Any] = [municipality.number, municipality.name]
        for cell in cells:
            row += [_("yes") if cell.prioritised else _("no"), cell.approved_indicators]
        rows.append(row)
    return rows


@login_required
@require_GET
def region_export(request: AuthenticatedHttpRequest, code: str, fmt: str) -> HttpResponse:
    region = get_region_or_404(request, code, perm=ADVISER_PERM)
    rows = _export_rows(_shown_region_table(request, region))
    filename = f"region-{region.code}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(render_table_csv(rows), content_type=CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(
            render_table_xlsx(rows, sheet_title=region.code), content_type=XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    record_security_event(
        SecurityEvent.Kind.EXPORT,
        actor=request.user,
        ip_address=client_ip(request),
        data={"report": "region_sub_goals", "region": region.code, "format": fmt},
    )
    return response
