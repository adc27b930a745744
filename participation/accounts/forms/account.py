"""Forms of the account pages: the second-factor code and the password change."""

from __future__ import annotations

import re
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class SecondFactorCodeForm(forms.Form):
    """A six-digit code from the authenticator app (spaces between the digit groups allowed).

    The form checks only that six digits were typed; whether they are the device's code is
    checked by `participation.accounts.services.second_factor`, whose refusal the view shows on
    the code field.
    """

    code = forms.CharField(
        label=_("Six-digit code"),
        help_text=_("The code your authenticator app shows now."),
        max_length=12,  # room for spaces typed between the digit groups
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args: Any, submit_label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", submit_label or _("Confirm")))

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the six digits the app shows."), code="format")
        return code


class AccountPasswordChangeForm(PasswordChangeForm):
    """Django's password change (old password, new twice, the password validators), crispy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Change password")))
