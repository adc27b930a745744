"""The redaction's two forms: what to look for, then why (with the confirmed places)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_TEXT, MIN_TEXT, Kind, Needle


class SearchForm(forms.Form):
    """A plain text, or every instance of one kind of personal data the detector recognises."""

    kind = forms.ChoiceField(
        label=_("Look for"), choices=Kind.choices, initial=Kind.TEXT, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_TEXT,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "At least %(min)s characters, exactly as written; upper and lower case are the same. "
            "Needed when you look for a text."
        ) % {"min": MIN_TEXT}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Kind.TEXT:
            text = data.get("text") or ""
            if len(text) < MIN_TEXT:
                self.add_error(
                    "text",
                    _("Write the text to look for, at least %(min)s characters.")
                    % {"min": MIN_TEXT},
                )
        else:
            data["text"] = ""
        return data

    def needle(self) -> Needle:
        return Needle(self.cleaned_data["kind"], self.cleaned_data["text"])


class RedactForm(SearchForm):
    """The search again (hidden), the places the admin saw (their fingerprint), and the reason."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why the data is removed, for example the request or case it answers. Do not repeat "
            "the text that is removed, or any other personal data."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.HiddenInput()
        self.fields["text"].widget = forms.HiddenInput()
