"""Forms of the account pages: the login, the second-factor code and the password change."""

from __future__ import annotations

import re
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# Longer than any password a person types; keeps a hostile megabyte from being hashed.
PASSWORD_MAX_LENGTH = 4096


class _BoundedLogin:
    """Django's login forms set the username's max_length after the field is made, so no
    validator holds it: a username of any length reached authenticate() and django-axes'
    attempt table (255 characters), which answered 500. Here both fields are bounded."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(getattr(username, "max_length", None) or 150))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))


class LoginForm(_BoundedLogin, AuthenticationForm):
    """The product's login form."""


class AdminLoginForm(_BoundedLogin, AdminAuthenticationForm):
    """The Django admin's login form."""


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
