"""Forms for input (innspill): several items at once, one item's follow-up, the open-input filter."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.core.forms import DateInput
from participation.core.privacy import protect_free_text
from participation.involvement.forms.events import check_date_in_sense
from participation.involvement.models import Input
from participation.places.models import Municipality, Theme

BLANK_ROWS = 5


class InputRowForm(forms.Form):
    """One row of the quick-entry grid: a theme and a summary. A row left blank is ignored."""

    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        protect_free_text(self)
        # The warning stands once above the grid, not under every row.
        self.fields["summary"].help_text = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        theme = cleaned.get("theme")
        summary = (cleaned.get("summary") or "").strip()
        if theme and not summary and "summary" not in self.errors:
            self.add_error("summary", gettext("Write what was said about this theme."))
        if summary and not theme:
            self.add_error("theme", gettext("Choose the theme this input is about."))
        return cleaned

    @property
    def is_blank(self) -> bool:
        return not self.cleaned_data.get("theme") and not self.cleaned_data.get("summary")


class BaseInputRowFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(
                gettext("Fill in at least one row: a theme and a summary."), code="empty"
            )

    def items(self) -> list[tuple[Theme, str]]:
        return [
            (form.cleaned_data["theme"], form.cleaned_data["summary"].strip())
            for form in self.forms
            if form.cleaned_data and not form.is_blank
        ]


# At most 50 rows, however many the request claims (its TOTAL_FORMS): absolute_max stops Django
# from building a thousand forms for a forged count, validate_max says so on the page.
InputRowFormSet = forms.formset_factory(
    InputRowForm,
    formset=BaseInputRowFormSet,
    extra=BLANK_ROWS,
    max_num=50,
    absolute_max=50,
    validate_max=True,
)


class InputForm(forms.ModelForm):
    """One input item: its theme and summary, the follow-up decided and the answer given back."""

    class Meta:
        model = Input
        fields = (
            "theme",
            "summary",
            "follow_up_status",
            "follow_up_date",
            "answer",
            "answered_on",
        )
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
            "follow_up_date": DateInput(),
            "answered_on": DateInput(),
        }
        help_texts = {
            "follow_up_date": _("When the follow-up was decided."),
            "answer": _("What the participants were told came of this input."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = Theme.objects.filter(is_active=True)
        if self.instance.pk:
            themes = Theme.objects.filter(is_active=True) | Theme.objects.filter(
                pk=self.instance.theme_id
            )
        self.fields["theme"].queryset = themes.distinct()  # type: ignore[attr-defined]
        protect_free_text(self)

    def _check_date(self, name: str) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get(name)
        check_date_in_sense(value, timezone.localdate())
        if value is not None and value < self.instance.event.date:
            raise forms.ValidationError(
                gettext("This date is before the event (%(date)s).")
                % {"date": self.instance.event.date.strftime("%d.%m.%Y")}
            )
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(gettext("This date cannot be in the future."))
        return value

    def clean_follow_up_date(self) -> datetime.date | None:
        return self._check_date("follow_up_date")

    def clean_answered_on(self) -> datetime.date | None:
        return self._check_date("answered_on")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answer = (cleaned.get("answer") or "").strip()
        if "answer" in cleaned:
            cleaned["answer"] = answer
        if cleaned.get("answered_on") and not answer and "answer" not in self.errors:
            self.add_error("answer", gettext("Write the answer that was given on this date."))
        if answer and not cleaned.get("answered_on") and "answered_on" not in self.errors:
            self.add_error("answered_on", gettext("Give the date the answer was given."))
        return cleaned


class InputFilterForm(forms.Form):
    """The open-input list's filters. The default shows input without a follow-up decision."""

    OPEN = "open"
    UNANSWERED = "unanswered"
    ALL = "all"

    status = forms.ChoiceField(label=_("Follow-up"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("All")
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (self.OPEN, _("Open: not assessed yet")),
            (self.UNANSWERED, _("Not answered yet")),
            *[c for c in Input.FollowUp.choices if c[0] != Input.FollowUp.NOT_ASSESSED],
            (self.ALL, _("All input")),
        ]
        self.fields["theme"].queryset = Theme.objects.order_by("order", "name")  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
