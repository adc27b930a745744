"""Forms of the account pages: the second-factor code and the password change."""

from __future__ import annotations

import math
import re
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice


class SecondFactorCodeForm(forms.Form):
    """A six-digit code from the authenticator app, checked against `device`.

    django-otp throttles the device: after each wrong code the next attempt must wait twice as
    long (1, 2, 4, 8 … seconds). Call `is_valid()` inside a transaction that locked the device
    row (`select_for_update`), so two requests cannot both try the same code.
    """

    code = forms.CharField(
        label=_("Six-digit code"),
        help_text=_("The code your authenticator app shows now."),
        max_length=12,  # room for spaces typed between the digit groups
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(
        self, *args: Any, device: TOTPDevice, submit_label: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", submit_label or _("Confirm")))

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the six digits the app shows."), code="format")
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            if details and details.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                wait = details["locked_until"] - timezone.now()
                seconds = max(1, math.ceil(wait.total_seconds()))
                raise forms.ValidationError(
                    ngettext(
                        "Too many wrong codes in a row. Wait %(seconds)d second, then try again.",
                        "Too many wrong codes in a row. Wait %(seconds)d seconds, then try again.",
                        seconds,
                    )
                    % {"seconds": seconds},
                    code="throttled",
                )
            raise forms.ValidationError(_("Codes cannot be checked just now."), code="throttled")
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code is not right. Check the time on your phone and try the new code."),
                code="invalid",
            )
        return code


class AccountPasswordChangeForm(PasswordChangeForm):
    """Django's password change (old password, new twice, the password validators), crispy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Change password")))
