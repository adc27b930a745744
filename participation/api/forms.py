"""The forms of the token pages: a personal token (name, scope, expiry) and a system token
(the same, bound to a municipality or a region)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.core.privacy import protect_free_text
from participation.places.models import Municipality, Region

from .models import ApiToken

EXPIRY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("One year")),
]


class PersonalTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Power BI at the regional office”."),
    )
    scope = forms.ChoiceField(
        label=_("What the token may do"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("A token may never do more than you: your roles decide what it sees and does."),
    )
    expires_in = forms.TypedChoiceField(
        label=_("Valid for"), choices=EXPIRY_CHOICES, coerce=int, initial=90
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        protect_free_text(self)


class SystemTokenForm(PersonalTokenForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.current().order_by("name"),
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Husbanken region"), queryset=Region.objects.order_by("name"), required=False
    )
    expires_in = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=[*EXPIRY_CHOICES, (730, _("Two years"))],
        coerce=int,
        initial=365,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].help_text = _(
            "Read-write on a municipality acts as its municipal staff (events, input, "
            "indicator values); on a region as its adviser. Read acts as a viewer."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("municipality")) == bool(cleaned.get("region")):
            raise forms.ValidationError(gettext("Choose one municipality or one region, not both."))
        return cleaned
