"""Forms for risk flags: raising one by hand, and closing one with a note."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from participation.core.privacy import protect_free_text
from participation.programme.models import RiskFlag


class RiskFlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RiskFlag.Kind.choices)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the risk is and what it rests on. Never name residents."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Raise flag")))
        protect_free_text(self)


class RiskFlagCloseForm(forms.Form):
    note = forms.CharField(
        label=_("Closing note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, or why the risk is gone."),
    )
    confirm = forms.BooleanField(label=_("I confirm that this risk is dealt with."), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Close flag"), css_class="btn-danger"))
        protect_free_text(self)
