"""Forms for admins' user management: new account, role assignment, the filter on the list."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from participation.accounts.models import RoleAssignment
from participation.core.privacy import validate_no_personal_data
from participation.places.models import Municipality, Region

Role = RoleAssignment.Role


class UserCreateForm(UserCreationForm):
    """A new account: username, name, e-mail and a first password the admin hands over.

    The password goes through Django's password validators; the user changes it after logging
    in. The form only validates: `services.users.create_user` creates the account.
    """

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["password1"].label = _("First password")
        self.fields["password1"].help_text = _(
            "Give this password to the user in a safe way; they can change it after logging in. "
            "It must have at least 8 characters, not be a common password, not be only digits "
            "and not be too like the username or name."
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create user")))


class RoleAssignmentForm(forms.ModelForm):
    """A role for one user, with its scope. The checks mirror the database constraints on
    `RoleAssignment`, in words an admin can act on."""

    region = forms.ModelChoiceField(
        label=_("Husbanken region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        help_text=_("For advisers and viewers who follow a whole region."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.current().order_by("name"),
        required=False,
        help_text=_("For municipal staff, and for advisers and viewers of one municipality."),
    )

    class Meta:
        model = RoleAssignment
        fields = ("role", "region", "municipality", "is_programme_leader")
        help_texts = {
            "is_programme_leader": _("Only for municipal staff."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.user = user
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Add role")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        region = cleaned.get("region")
        municipality = cleaned.get("municipality")
        leader = cleaned.get("is_programme_leader")
        if role is None:
            return cleaned

        if role == Role.ADMIN:
            if region is not None:
                self.add_error("region", _("Admins see everything: leave the region empty."))
            if municipality is not None:
                self.add_error(
                    "municipality", _("Admins see everything: leave the municipality empty.")
                )
        elif role == Role.MUNICIPAL:
            if region is not None:
                self.add_error(
                    "region",
                    _("Municipal staff work for a municipality, not a region: leave it empty."),
                )
            if municipality is None:
                self.add_error("municipality", _("Choose the municipality this person works for."))
        elif region is not None and municipality is not None:
            self.add_error(
                "municipality",
                _("Choose a region or one municipality, not both. Add a second role for more."),
            )
        elif region is None and municipality is None:
            self.add_error("region", _("Choose a region or a municipality."))

        if leader and role != Role.MUNICIPAL:
            self.add_error(
                "is_programme_leader", _("Only municipal staff can be programme leaders.")
            )

        if not self.errors and (
            RoleAssignment.objects.filter(
                user=self.user, role=role, region=region, municipality=municipality
            ).exists()
        ):
            raise forms.ValidationError(_("This user already has this role for this scope."))
        return cleaned


class UserFilterForm(forms.Form):
    """Search and role filter on the user list. Unknown values are ignored, not errors."""

    NO_ROLE = "none"

    q = forms.CharField(label=_("Search by name, username or e-mail"), required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All roles")), *Role.choices, (NO_ROLE, _("No role"))],
    )


class SecondFactorResetForm(forms.Form):
    """The optional reason an admin gives for resetting another admin's second factor; it is
    kept in the security log, so it is checked for personal data like other free text."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: lost phone. Kept in the security log; no phone numbers or e-mail "
            "addresses."
        ),
        validators=[validate_no_personal_data],
    )
