"""The staff's choice of what to publish, and the municipality's indexing choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.involvement.models import Initiative, Input, InvolvementEvent

from .models import PublicSite


class PublicationForm(forms.Form):
    """Which of the initiative's events, and which input of those events, the public sees.

    The template lists each event with its input beneath it; the choices are limited to the
    initiative's own records, so an id from elsewhere is refused as an invalid choice."""

    events = forms.ModelMultipleChoiceField(
        label=_("Events to show"),
        queryset=InvolvementEvent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    inputs = forms.ModelMultipleChoiceField(
        label=_("Input to show, with its answer"),
        queryset=Input.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.fields["events"].queryset = InvolvementEvent.objects.filter(initiative=initiative)  # type: ignore[attr-defined]
        self.fields["inputs"].queryset = Input.objects.filter(  # type: ignore[attr-defined]
            event__initiative=initiative
        ).select_related("event")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        events = set(cleaned.get("events") or [])
        orphans = [i for i in cleaned.get("inputs") or [] if i.event not in events]
        if orphans:
            self.add_error(
                "inputs",
                _("Input can only be published together with its event: choose the event too."),
            )
        return cleaned


class PublicSiteForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PublicSite
        fields = ["allow_indexing"]
