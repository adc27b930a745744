"""The form for one grant: instrument, year and the amounts applied for, granted and paid."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from participation.places.models import Instrument
from participation.programme.models import Grant


class GrantForm(forms.ModelForm):
    class Meta:
        model = Grant
        fields = ["instrument", "year", "applied", "granted", "paid", "purpose"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.order_by("name")  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save grant")))

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 2000 and 2100."))
        return year

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        granted, paid = cleaned.get("granted"), cleaned.get("paid")
        for name in ("applied", "granted", "paid"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("The amount cannot be negative."))
        if granted is not None and paid is not None and paid > granted:
            self.add_error("paid", _("More cannot be paid out than was granted."))
        return cleaned
