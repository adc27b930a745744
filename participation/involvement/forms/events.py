"""Forms for involvement events: the event itself, its participant counts, feedback given."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.core.bounds import validate_date_range
from participation.core.forms import DateInput, TimeInput
from participation.core.privacy import protect_free_text
from participation.involvement.models import MAX_PARTICIPANTS, InvolvementEvent, ParticipantCount
from participation.places.models import Method, TargetGroup, Theme

EARLIEST = datetime.date(2000, 1, 1)
# An event may be planned up to a year ahead; further is most likely a typo in the year.
MAX_DAYS_AHEAD = 365
# Feedback is due within a year of the event; a later due date is most likely a typo.
MAX_FEEDBACK_DAYS = 365


def check_date_in_sense(value: datetime.date | None, today: datetime.date) -> None:
    if value is None:
        return
    if value < EARLIEST:
        raise forms.ValidationError(
            gettext("Check the year: dates before 2000 are not accepted."), code="too_early"
        )
    if value > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise forms.ValidationError(
            gettext("Check the year: the date is more than a year from today."),
            code="too_late",
        )


class KnownChoiceField(forms.ModelChoiceField):
    """A model choice that, once given `known` (the valid choices by primary key, read once for
    many forms), looks a value up there instead of asking the database for each form."""

    known: dict[str, Any] | None = None

    def to_python(self, value: Any) -> Any:
        if self.known is None or value in self.empty_values:
            return super().to_python(value)
        found = self.known.get(str(value))
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class KnownMultipleChoiceField(forms.ModelMultipleChoiceField):
    """`KnownChoiceField` for several values; cleans to a list when `known` is given."""

    known: dict[str, Any] | None = None

    def _check_values(self, value: Any) -> Any:
        if self.known is None:
            return super()._check_values(value)  # type: ignore[misc]  # not in the stubs
        found = []
        for item in value:
            choice = self.known.get(str(item))
            if choice is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
            if choice not in found:
                found.append(choice)
        return found


class EventForm(forms.ModelForm):
    """The event's own fields. Text fields refuse personal data (participation/core/privacy.py).

    The event import checks up to 1 000 rows with one form each: it passes the active methods and
    themes, read once, as `methods` and `themes` (by primary key), and the form checks a row's
    choices against them with no query of its own.
    """

    class Meta:
        model = InvolvementEvent
        field_classes = {"method": KnownChoiceField, "themes": KnownMultipleChoiceField}
        fields = (
            "title",
            "method",
            "channel",
            "date",
            "start_time",
            "themes",
            "description",
            "accessibility_measures",
            "expectations_clarified",
            "promise_to_participants",
            "feedback_due",
            "consent_noted",
            "consent_how",
        )
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "feedback_due": DateInput(),
            "themes": forms.CheckboxSelectMultiple(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "accessibility_measures": forms.Textarea(attrs={"rows": 2}),
            "promise_to_participants": forms.Textarea(attrs={"rows": 2}),
            "consent_how": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "accessibility_measures": _(
                "For example step-free access, an interpreter, transport, food, the time of day."
            ),
            "feedback_due": _("When participants should hear what came of their input."),
            "consent_noted": _(
                "Tick if participants agreed to how their input and any photos would be used."
            ),
        }

    def __init__(
        self,
        *args: Any,
        methods: dict[int, Method] | None = None,
        themes: dict[int, Theme] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].required = False
        self.vocabularies_given = methods is not None
        # The choices offered and checked: the active ones, or those given (no queryset then:
        # building one is a cost per form, and a form given its choices is never rendered).
        if methods is None:
            self.fields["method"].queryset = Method.objects.filter(is_active=True)  # type: ignore[attr-defined]
        else:
            self.fields["method"].known = {str(pk): m for pk, m in methods.items()}  # type: ignore[attr-defined]
        if themes is None:
            self.fields["themes"].queryset = Theme.objects.filter(is_active=True)  # type: ignore[attr-defined]
        else:
            self.fields["themes"].known = {str(pk): t for pk, t in themes.items()}  # type: ignore[attr-defined]
        protect_free_text(self)

    def _get_validation_exclusions(self) -> set[str]:
        exclude: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]  # not in the stubs
        if self.vocabularies_given:
            # The method was found among the active methods given: the model's own check that
            # the row it names exists (one query a form) would say nothing more.
            exclude.add("method")
            # clean() below checks the rule of the constraint event_feedback_due_not_before_event
            # (feedback not due before the event) in its own words; the model's check of the
            # same rule is one query a form.
            exclude.add("feedback_due")
        return exclude

    def clean_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date"]
        check_date_in_sense(value, timezone.localdate())
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date = cleaned.get("date")
        due = cleaned.get("feedback_due")
        if date and due:
            if due < date:
                self.add_error(
                    "feedback_due",
                    gettext("Feedback cannot be due before the event. Choose a later date."),
                )
            elif due > date + datetime.timedelta(days=MAX_FEEDBACK_DAYS):
                self.add_error(
                    "feedback_due",
                    gettext("Check the year: feedback due more than a year after the event."),
                )
        given = self.instance.feedback_given if self.instance.pk else None
        if date and given and given < date:
            self.add_error(
                "date",
                gettext(
                    "Feedback was recorded as given on %(given)s, before this date. "
                    "Correct the feedback first."
                )
                % {"given": given.strftime("%d.%m.%Y")},
            )
        return cleaned


class ParticipantCountForm(forms.Form):
    """The participant counts as a grid: one number input per target group × role.

    Each input is named `count-<target group id>-<role>` and labelled "<target group>, <role>"
    so a screen reader announces the cell. Blank and zero cells are not stored.
    """

    total = forms.IntegerField(
        label=_("Total number of participants (optional check)"),
        required=False,
        min_value=0,
        max_value=MAX_PARTICIPANTS,
        help_text=_("If you counted heads, enter the total: the grid must add up to it."),
        error_messages={
            "min_value": _("A count cannot be negative."),
            "max_value": _("A count cannot be more than %(limit_value)s."),
        },
    )

    def __init__(
        self,
        *args: Any,
        target_groups: list[TargetGroup],
        other_groups: list[TargetGroup] | None = None,
        initial_counts: dict[tuple[int, str], int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.other_groups = other_groups or []
        target_groups = [*target_groups, *self.other_groups]
        self.target_groups = target_groups
        self.roles = list(ParticipantCount.Role.choices)
        initial_counts = initial_counts or {}
        self.rows: list[tuple[TargetGroup, list[str]]] = []
        for group in target_groups:
            names = []
            for role, role_label in self.roles:
                name = self.cell_name(group.pk, role)
                self.fields[name] = forms.IntegerField(
                    label=f"{group}, {role_label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_PARTICIPANTS,
                    initial=initial_counts.get((group.pk, role)),
                    error_messages={
                        "min_value": _("A count cannot be negative."),
                        "max_value": _("A count cannot be more than %(limit_value)s."),
                        "invalid": _("Enter a whole number."),
                    },
                    widget=forms.NumberInput(attrs={"min": 0, "step": 1, "class": "count"}),
                )
                names.append(name)
            self.rows.append((group, names))

    @staticmethod
    def cell_name(group_id: int, role: str) -> str:
        return f"count-{group_id}-{role}"

    def grid(self) -> list[tuple[TargetGroup, list[forms.BoundField]]]:
        """The rows of the target groups given first (the initiative's own)."""
        return self._bound(self.rows[: len(self.rows) - len(self.other_groups)])

    def other_grid(self) -> list[tuple[TargetGroup, list[forms.BoundField]]]:
        """The rows of `other_groups`: any other group that took part."""
        return self._bound(self.rows[len(self.rows) - len(self.other_groups) :])

    def others_in_use(self) -> bool:
        """Whether a cell of `other_groups` has a value or an error (its section opens)."""
        return any(
            field.value() not in (None, "") or field.errors
            for _group, fields in self.other_grid()
            for field in fields
        )

    def _bound(
        self, rows: list[tuple[TargetGroup, list[str]]]
    ) -> list[tuple[TargetGroup, list[forms.BoundField]]]:
        return [(group, [self[name] for name in names]) for group, names in rows]

    def counts(self) -> dict[tuple[int, str], int]:
        """The cleaned grid: (target group id, role) → count, blank cells left out."""
        result = {}
        for group, _names in self.rows:
            for role, _label in self.roles:
                value = self.cleaned_data.get(self.cell_name(group.pk, role))
                if value is not None:
                    result[(group.pk, role)] = value
        return result

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        total = cleaned.get("total")
        summed = sum(self.counts().values())
        if total is not None and total != summed:
            self.add_error(
                "total",
                gettext(
                    "The counts in the grid add up to %(sum)s, but the total says %(total)s. "
                    "Correct the grid or the total."
                )
                % {"sum": summed, "total": total},
            )
        return cleaned


class FeedbackForm(forms.Form):
    """Feedback given to the participants: when and how."""

    given_on = forms.DateField(
        label=_("Feedback given on"), widget=DateInput(), validators=[validate_date_range]
    )
    how = forms.CharField(
        label=_("How feedback was given"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a letter to the participants, a follow-up meeting, a notice."),
    )

    def __init__(self, *args: Any, event: InvolvementEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        protect_free_text(self)

    def clean_given_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["given_on"]
        if value < self.event.date:
            raise forms.ValidationError(
                gettext("Feedback cannot have been given before the event (%(date)s).")
                % {"date": self.event.date.strftime("%d.%m.%Y")}
            )
        if value > timezone.localdate():
            raise forms.ValidationError(gettext("Feedback given cannot be in the future."))
        return value
