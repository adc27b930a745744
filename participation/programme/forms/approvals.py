"""The adviser's review of a submitted indicator value: approve, or return with a comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.core.privacy import protect_free_text


class ReturnValueForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the municipality"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say what needs correcting. Required when a value is returned."),
        error_messages={
            "required": _("Say why the value is returned: a comment is required."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        protect_free_text(self)

    def clean_comment(self) -> str:
        comment: str = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Say why the value is returned: a comment is required."))
        return comment
