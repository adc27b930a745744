"""The indicator-value form: one row per indicator of a reporting period, validated by unit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participation.core.privacy import protect_free_text
from participation.places.models import Indicator
from participation.programme.models import IndicatorValue
from participation.programme.services.values import Entry, is_editable

Unit = Indicator.Unit

YES_NO_CHOICES = [("", _("Not answered")), ("1", _("Yes")), ("0", _("No"))]


def _not_negative(value: Decimal) -> None:
    if value < 0:
        raise ValidationError(_("The value cannot be negative."), code="negative")


def _count(value: Decimal) -> None:
    if value < 0:
        raise ValidationError(_("A count cannot be negative."), code="negative")
    if value != value.to_integral_value():
        raise ValidationError(_("A count must be a whole number."), code="not_whole")


def _percent(value: Decimal) -> None:
    if not 0 <= value <= 100:
        raise ValidationError(_("A percentage must be between 0 and 100."), code="percent")


UNIT_VALIDATORS: dict[str, Callable[[Decimal], None]] = {
    Unit.COUNT: _count,
    Unit.PERCENT: _percent,
    Unit.NOK: _not_negative,
    Unit.RATE: _not_negative,
}


def value_field(indicator: Indicator) -> forms.Field:
    """The form field for one indicator's value, by its unit."""
    if indicator.unit == Unit.YES_NO:
        return forms.TypedChoiceField(
            label=indicator.name,
            choices=YES_NO_CHOICES,
            coerce=Decimal,
            empty_value=None,
            required=False,
        )
    return forms.DecimalField(
        label=indicator.name,
        required=False,
        max_digits=14,
        decimal_places=2,
        localize=True,
        validators=[UNIT_VALIDATORS[indicator.unit]],
    )


def _initial(value: Decimal, unit: str) -> Decimal | int | str:
    """A saved value as its field shows it: counts as whole numbers ("74", not "74,00")."""
    if unit == Unit.YES_NO:
        return str(int(value))
    if unit == Unit.COUNT:
        return int(value)
    return value


@dataclass
class Row:
    """One indicator in the form, with its saved value (if any) and its two fields."""

    indicator: Indicator
    saved: IndicatorValue | None
    editable: bool
    value: forms.BoundField
    source: forms.BoundField


class IndicatorValuesForm(forms.Form):
    """Fields `value_<indicator pk>` and `source_<indicator pk>` for each indicator; rows that may
    not be changed (submitted, approved, or the whole period closed) are disabled."""

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        saved: dict[int, IndicatorValue],
        period_open: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.saved = saved
        self.editable = {i.pk: period_open and is_editable(saved.get(i.pk)) for i in indicators}
        for indicator in indicators:
            value = saved.get(indicator.pk)
            field = value_field(indicator)
            source = forms.CharField(label=_("Source"), max_length=200, required=False)
            if value is not None:
                field.initial = _initial(value.value, indicator.unit)
                source.initial = value.source
            field.disabled = source.disabled = not self.editable[indicator.pk]
            self.fields[f"value_{indicator.pk}"] = field
            self.fields[f"source_{indicator.pk}"] = source
        protect_free_text(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for indicator in self.indicators:
            name = f"value_{indicator.pk}"
            if (
                self.editable[indicator.pk]
                and indicator.pk in self.saved
                and name in cleaned
                and cleaned[name] is None
            ):
                self.add_error(
                    name,
                    _("This value has been saved before and cannot be emptied: enter a value."),
                )
        return cleaned

    @property
    def rows(self) -> list[Row]:
        return [
            Row(
                indicator=indicator,
                saved=self.saved.get(indicator.pk),
                editable=self.editable[indicator.pk],
                value=self[f"value_{indicator.pk}"],
                source=self[f"source_{indicator.pk}"],
            )
            for indicator in self.indicators
        ]

    @property
    def has_editable_rows(self) -> bool:
        return any(self.editable.values())

    def entries(self) -> list[Entry]:
        """The values entered in editable rows (blank rows are left out)."""
        return [
            Entry(
                indicator=indicator,
                value=self.cleaned_data[f"value_{indicator.pk}"],
                source=self.cleaned_data[f"source_{indicator.pk}"].strip(),
            )
            for indicator in self.indicators
            if self.editable[indicator.pk]
            and self.cleaned_data.get(f"value_{indicator.pk}") is not None
        ]
