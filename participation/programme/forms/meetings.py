"""Forms for meetings, their commitments, and a commitment's status."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet
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
            # A list of checkboxes, filtered as one types by static/js/filter-choices.js.
            "municipalities": forms.CheckboxSelectMultiple(
                attrs={
                    "data-filter-choices": "",
                    "data-filter-label": _("Find a municipality by name"),
                }
            ),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only municipalities the user may manage can be chosen: a forged id is an invalid
        # choice, and nothing is saved.
        self.fields["municipalities"].queryset = manageable_municipalities(user)  # type: ignore[attr-defined]
        self.fields["municipalities"].help_text = _(
            "One municipality, or several for a regional gathering or network. Only the "
            "municipalities you follow are listed."
        )
        self.helper = _with_submit(_("Save meeting"))

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("municipalities")
        return data


ROLE_ORDER = (RoleAssignment.Role.ADMIN, RoleAssignment.Role.ADVISER, RoleAssignment.Role.MUNICIPAL)


class PersonChoiceField(forms.ModelChoiceField):
    """A user shown by name and role ("Kari Nordmann (kommuneansatt, Bodø)"), not by username.

    The queryset must carry the users' role assignments prefetched as `acting_roles`.
    """

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.get_username()
        roles = sorted(
            getattr(obj, "acting_roles", ()), key=lambda role: ROLE_ORDER.index(role.role)
        )
        if not roles:
            return name
        described = []
        for role in roles:
            place = role.municipality or role.region
            label = str(role.get_role_display())
            described.append(f"{label}, {place.name}" if place else label)
        return f"{name} ({'; '.join(described)})"


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["description", "municipality", "responsible", "responsible_name", "due_date"]
        field_classes = {"responsible": PersonChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = meeting.municipalities.order_by("name")
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        # Responsible: the people of one of the meeting's municipalities (its staff, its
        # advisers; never read-only viewers); the model checks that they belong to the item's
        # own municipality. Shown by name and role.
        people = User.objects.none()
        for municipality in municipalities.select_related(None):
            people = people | Commitment.eligible_responsible(municipality)
        roles = RoleAssignment.objects.filter(
            Q(municipality__in=municipalities.values("pk"))
            | Q(region__in=municipalities.values("region")),
            role__in=ROLE_ORDER,
        )
        self.fields["responsible"].queryset = (  # type: ignore[attr-defined]
            people.distinct()
            .prefetch_related(
                Prefetch(
                    "role_assignments",
                    queryset=roles.select_related("municipality", "region"),
                    to_attr="acting_roles",
                )
            )
            .order_by("first_name", "last_name", "username")
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
