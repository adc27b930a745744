"""Forms for reports: asking for one, and narrowing the list down."""

from __future__ import annotations

import datetime
from typing import Any

import rules
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participation.accounts.access import municipalities_for_role, regions_for_role
from participation.accounts.models import RoleAssignment
from participation.core.bounds import LAST_YEAR
from participation.places.models import Municipality, Region, Strategy
from participation.reports.models import ReportSnapshot
from participation.reports.params import Period, ReportScope

Scope = ReportSnapshot.Scope
Kind = ReportSnapshot.PeriodKind
FIRST_YEAR = 2014  # the first strategy with reports in the product (Bolig for velferd)


# Who may ask for which report is `participation.request_report` (participation/reports/rules.py);
# these are the same places as querysets, to offer as choices.
REQUESTING_ROLES = {RoleAssignment.Role.ADVISER, RoleAssignment.Role.MUNICIPAL}


def requestable_municipalities(user: User | AnonymousUser) -> QuerySet[Municipality]:
    """Current municipalities the user may ask for a report on."""
    return municipalities_for_role(user, REQUESTING_ROLES).current().order_by("name")


def requestable_regions(user: User | AnonymousUser) -> QuerySet[Region]:
    """Regions the user may ask for a report on."""
    return regions_for_role(user, {RoleAssignment.Role.ADVISER}).order_by("name")


class ReportRequestForm(forms.Form):
    scope = forms.ChoiceField(label=_("Report for"))
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        to_field_name="number",
        help_text=_("For a municipality's report."),
    )
    region = forms.ModelChoiceField(
        label=_("Husbanken region"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        help_text=_("For a region's report."),
    )
    strategy = forms.ModelChoiceField(
        label=_("Strategy"), queryset=Strategy.objects.order_by("-start_year"), empty_label=None
    )
    period_kind = forms.ChoiceField(label=_("Period"), choices=Kind.choices, initial=Kind.QUARTER)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    number = forms.IntegerField(
        label=_("Quarter or half-year"),
        min_value=1,
        max_value=4,
        required=False,
        help_text=_("1–4 for a quarter, 1–2 for a half-year; leave empty for a year."),
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    new_version = forms.BooleanField(
        label=_("Make a new version"),
        required=False,
        help_text=_(
            "When this report already exists, make a new version from today's data instead of "
            "opening the existing one. Older versions stay as they were."
        ),
    )

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        municipalities = requestable_municipalities(user)
        regions = requestable_regions(user)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        scopes = [(Scope.MUNICIPALITY.value, Scope.MUNICIPALITY.label)]
        if regions.exists():
            scopes.append((Scope.REGION.value, Scope.REGION.label))
        if rules.has_perm("participation.request_report", user, ReportScope.national()):
            scopes.append((Scope.NATIONAL.value, Scope.NATIONAL.label))
        self.fields["scope"].choices = scopes  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["year"].validators.append(MaxValueValidator(today.year))
        self.fields["year"].widget.attrs["max"] = today.year
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("number", (today.month - 1) // 3 + 1)
        self.initial.setdefault("language", get_language())
        if len(municipalities) == 1:
            self.initial.setdefault("municipality", municipalities[0].number)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Make the report")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope_kind = data.get("scope")
        if scope_kind == Scope.MUNICIPALITY:
            if data.get("municipality") is None:
                self.add_error("municipality", _("Choose the municipality."))
            else:
                data["report_scope"] = ReportScope.for_municipality(data["municipality"])
        elif scope_kind == Scope.REGION:
            if data.get("region") is None:
                self.add_error("region", _("Choose the region."))
            else:
                data["report_scope"] = ReportScope.for_region(data["region"])
        elif scope_kind == Scope.NATIONAL:
            data["report_scope"] = ReportScope.national()
        report_scope = data.get("report_scope")
        if report_scope is not None and not rules.has_perm(
            "participation.request_report", self.user, report_scope
        ):
            # The choices already hold only what the user may ask for; this guards forged posts.
            raise forms.ValidationError(_("You may not ask for this report."))
        period = self._period(data)
        if period is not None:
            data["period"] = period
        return data

    def _period(self, data: dict[str, Any]) -> Period | None:
        kind, year, number = data.get("period_kind"), data.get("year"), data.get("number")
        if kind is None or year is None:
            return None
        if kind == Kind.YEAR:
            first_month = 1
        else:
            count = 4 if kind == Kind.QUARTER else 2
            if number is None or not 1 <= number <= count:
                self.add_error(
                    "number",
                    _("Give a number from 1 to %(count)s for this period.") % {"count": count},
                )
                return None
            first_month = (number - 1) * (3 if kind == Kind.QUARTER else 6) + 1
        period = Period.containing(kind, datetime.date(year, first_month, 1))
        if period.start > timezone.localdate():
            self.add_error("year", _("The period has not begun yet."))
            return None
        return period


class ReportFilterForm(forms.Form):
    """Narrowing the report list down: by kind of place, kind of period and year."""

    scope = forms.ChoiceField(
        label=_("Report for"), choices=[("", _("All places")), *Scope.choices], required=False
    )
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=[("", _("All periods")), *Kind.choices], required=False
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )

    def filter(self, queryset: QuerySet[ReportSnapshot]) -> QuerySet[ReportSnapshot]:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("scope"):
            queryset = queryset.filter(scope=data["scope"])
        if data.get("period_kind"):
            queryset = queryset.filter(period_kind=data["period_kind"])
        if data.get("year"):
            queryset = queryset.filter(period_end__year=data["year"])
        return queryset

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())
