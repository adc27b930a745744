"""Forms for programme agreements, their checklist, and the programme's people.

The forms only validate and hand cleaned data to `participation.programme.services.agreements`; the
municipality (and for a renewal, the agreement renewed) is never a form field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from participation.core.forms import DateInput
from participation.core.privacy import protect_free_text
from participation.places.models import SubGoal
from participation.programme.models import AgreementCheckItem, ProgrammeAgreement, ProgrammeContact
from participation.programme.services.agreements import ENDING_WITHIN_DAYS

if TYPE_CHECKING:  # django-stubs is a development dependency only
    from django_stubs_ext import StrOrPromise


def _helper(label: str | StrOrPromise) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.add_input(Submit("save", label))
    return helper


class SubGoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class AgreementForm(forms.ModelForm):
    """An agreement's terms; `previous` (for a renewal) bounds its start."""

    priority_sub_goals = SubGoalChoiceField(
        label=_("Prioritised sub-goals"),
        queryset=SubGoal.objects.select_related("priority_area").order_by(
            "priority_area__order", "order", "code"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProgrammeAgreement
        fields = ("kind", "level", "start_date", "end_date", "signatories", "priority_sub_goals")
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "signatories": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "signatories": _("Who signed, by role, e.g. 'Mayor; regional director, Husbanken'."),
        }

    def __init__(
        self, *args: Any, previous: ProgrammeAgreement | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.previous = previous
        self.helper = _helper(_("Save agreement"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        if start and self.previous is not None and start < self.previous.start_date:
            self.add_error(
                "start_date", _("A renewal cannot start before the agreement it renews.")
            )
        return cleaned

    def _post_clean(self) -> None:
        # The services validate the model (with its municipality); nothing to do here.
        pass


class ChecklistForm(forms.Form):
    """Status and evidence for each of the agreement's seven commitments."""

    def __init__(self, *args: Any, items: list[AgreementCheckItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_item = {check.item: check for check in items}
        fieldsets = []
        for item, label in AgreementCheckItem.Item.choices:
            check = by_item.get(item)
            self.fields[f"{item}-status"] = forms.ChoiceField(
                label=_("Status"),
                choices=AgreementCheckItem.Status.choices,
                initial=check.status if check else AgreementCheckItem.Status.NOT_STARTED,
            )
            self.fields[f"{item}-evidence"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                initial=check.evidence if check else "",
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("What shows it: a decision, a plan, a document."),
            )
            fieldsets.append(Fieldset(label, f"{item}-status", f"{item}-evidence"))
        self.helper = _helper(_("Save checklist"))
        self.helper.layout = Layout(*fieldsets)
        protect_free_text(self)

    def entries(self) -> dict[str, tuple[str, str]]:
        return {
            item: (self.cleaned_data[f"{item}-status"], self.cleaned_data[f"{item}-evidence"])
            for item in AgreementCheckItem.Item.values
        }


class EndingFilterForm(forms.Form):
    days = forms.IntegerField(
        label=_("Ending within (days)"),
        min_value=0,
        max_value=3650,
        initial=ENDING_WITHIN_DAYS,
        required=False,
    )

    def within_days(self) -> int:
        if self.is_valid() and self.cleaned_data["days"] is not None:
            return int(self.cleaned_data["days"])
        return ENDING_WITHIN_DAYS


class ContactForm(forms.ModelForm):
    class Meta:
        model = ProgrammeContact
        fields = ("name", "role", "sector", "start_date", "end_date")
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "name": _("Municipal staff only: never record a resident here."),
            "sector": _("E.g. NAV, health and care, property, planning."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        return cleaned

    def _post_clean(self) -> None:
        # The services validate the model (with its municipality); nothing to do here.
        pass
