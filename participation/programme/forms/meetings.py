"""Forms for meetings, their commitments, and a commitment's status."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from participation.accounts.access import municipalities_for_role
from participation.accounts.models import RoleAssignment
from participation.core.privacy import protect_free_text
from participation.places.models import Municipality
from participation.programme.models import Commitment, Meeting


def manageable_municipalities(user: User | AnonymousUser) -> QuerySet[Municipality]:
    """The current municipalities the user may hold meetings with (manage_agreements).

    Admins: all of them. Advisers: their scope. Everyone else: none.
    """
    return municipalities_for_role(user, {RoleAssignment.Role.ADVISER}).current().order_by("name")


def _with_submit(label: Any) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "date", "municipalities", "participants", "minutes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "municipalities": forms.SelectMultiple(attrs={"size": 8}),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only municipalities the user may manage can be chosen: a forged id is an invalid
        # choice, and nothing is saved.
        self.fields["municipalities"].queryset = manageable_municipalities(user)  # type: ignore[attr-defined]
        self.fields["municipalities"].help_text = _(
            "One municipality, or several for a regional gathering or network."
        )
        self.helper = _with_submit(_("Save meeting"))

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("municipalities")
        return data


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["description", "municipality", "responsible", "responsible_name", "due_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = meeting.municipalities.order_by("name")
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        # Responsible: the people of one of the meeting's municipalities (its staff, its
        # advisers); the model checks that they belong to the item's own municipality.
        people = User.objects.none()
        for municipality in municipalities.select_related(None):
            people = people | Commitment.eligible_responsible(municipality)
        self.fields["responsible"].queryset = people.distinct().order_by(  # type: ignore[attr-defined]
            "first_name", "last_name", "username"
        )
        self.fields["responsible"].help_text = _(
            "A user gets an e-mail reminder when the item is overdue. Choose someone from the "
            "item's municipality, or its Husbanken adviser."
        )
        self.helper = _with_submit(_("Add commitment"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("responsible") and not cleaned.get("responsible_name", "").strip():
            raise forms.ValidationError(_("Name who is responsible: a user, or a name."))
        return cleaned


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Commitment.Status.choices)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _with_submit(_("Save status"))
        protect_free_text(self)
