"""Figures that leave a municipality: the approved indicator values of a reporting period
combined over a region or the whole country.

They go through the reports' disclosure control (participation/reports/disclosure.py), with the
same kinds of figure as the reports use, so that a figure over the same rows gets the same noise
here as in a report (two versions could otherwise be averaged): counts of values are
`keyed_count("indicator_value")` published by `disclosure.count`, sums of indicators of unit
count `disclosure.total` of kind `indicator_sum:<indicator id>`, yes/no shares
`disclosure.share`; averages of percentages and rates and sums in NOK are shown as reported,
as in the reports. A user entitled to see every municipality counted in full
(`disclosure.entitled_in_full`: admins, and the roles that reach them all) gets exact figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from participation.accounts import access
from participation.places.models import Indicator, Region
from participation.programme.models import IndicatorValue, ReportingPeriod
from participation.reports import disclosure

from .views import ApiView

Unit = Indicator.Unit


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string", "enum": ["<5", ":"]}],
        "nullable": True,
        "description": "A number; “<5” for a protected count below 5; “:” withheld.",
    }
)
class CellField(serializers.Field):
    def to_representation(self, value: Any) -> Any:
        return value


class IndicatorTotalSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    indicator_code = serializers.CharField()
    unit = serializers.CharField()
    values_counted = CellField(help_text=_("Approved values counted (protected)"))
    value = CellField(
        help_text=_(
            "Combined by unit: the sum of a count or NOK, the mean of a percentage or rate, the "
            "share answering yes"
        )
    )
    protected = serializers.BooleanField()


def _combined(indicator: Indicator, row: Mapping[str, Any], protect: bool) -> Any:
    n = row["n"]
    if not n:
        return None
    total = Decimal(row["total"] or 0)
    if indicator.unit == Unit.YES_NO:
        yes = row["yes"] or 0
        return disclosure.share(yes, n, (Decimal(yes) * 100 / n).quantize(Decimal("1")), protect)
    if indicator.unit in (Unit.PERCENT, Unit.RATE):
        return disclosure.number((total / n).quantize(Decimal("0.1")))
    if indicator.unit == Unit.COUNT:
        return disclosure.total(total, f"indicator_sum:{indicator.pk}", row["key"] or 0, protect)
    return disclosure.number(total)


class IndicatorTotalsView(ApiView):
    """A period's approved indicator values combined over a region or the country."""

    @extend_schema(
        summary=_("Indicator values combined over a region or the country"),
        description=_(
            "Approved values of a reporting period, combined per indicator over a Husbanken "
            "region (region=code) or the whole country. Protected by the same disclosure "
            "control as the reports, unless you may see every municipality counted in full."
        ),
        tags=["programme"],
        parameters=[
            OpenApiParameter("period", int, required=True),
            OpenApiParameter("region", str, required=False),
        ],
        responses={200: IndicatorTotalSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        # As the national report: for everyone with a role.
        if not access.grants_of(request.user) and not access.is_admin(request.user):
            raise PermissionDenied
        period_id = request.query_params.get("period", "")
        if not period_id.isdigit():
            raise ValidationError({"period": [_("Give the reporting period's id.")]})
        period = get_object_or_404(ReportingPeriod, pk=int(period_id))
        scope = Q(period=period, status=IndicatorValue.Status.APPROVED)
        code = request.query_params.get("region")
        if code:
            scope &= Q(municipality__region=get_object_or_404(Region, code=code))
        values = IndicatorValue.objects.filter(scope)
        counted = set(values.values_list("municipality", flat=True).distinct())
        protect = disclosure.entitled_in_full(request.user, counted) != counted
        rows = {
            row["indicator"]: row
            for row in values.values("indicator")
            .annotate(
                n=disclosure.keyed_count("indicator_value"),
                total=Sum("value"),
                yes=disclosure.keyed_count("indicator_value", filter=Q(value__gte=1)),
                key=disclosure.fingerprint(),
            )
            .order_by()
        }
        result = []
        for indicator in Indicator.objects.filter(strategy=period.strategy_id).order_by("code"):
            row = rows.get(indicator.pk)
            result.append(
                {
                    "indicator": indicator.pk,
                    "indicator_code": indicator.code,
                    "unit": indicator.unit,
                    "values_counted": disclosure.count(row["n"] if row else 0, protect),
                    "value": _combined(indicator, row, protect) if row else None,
                    "protected": protect,
                }
            )
        return Response(IndicatorTotalSerializer(result, many=True).data)
