"""Forms for initiatives: the initiative itself, and its success-factor/barrier assessment.

The forms only validate and hand cleaned data to `participation.involvement.services.initiatives`; the
municipality is never a form field (it comes from the URL or from the initiative).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from participation.core.privacy import protect_free_text
from participation.involvement.models import FactorAssessment, InfluenceLevel, Initiative
from participation.places.models import Factor, Goal, ParticipationForm, PriorityArea, TargetGroup

LEVEL_FIELDS = ("individual_level", "collective_level", "system_level")


def _active_or_chosen(queryset: QuerySet[Any], instance: Initiative, name: str) -> QuerySet[Any]:
    """Active vocabulary entries, plus inactive ones the initiative already has (so editing
    never silently drops them)."""
    if instance.pk is None:
        return queryset.filter(is_active=True)
    chosen = getattr(instance, name).values("pk")
    return queryset.filter(Q(is_active=True) | Q(pk__in=chosen))


def _grouped_by_strategy(items: QuerySet[Any]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Choices grouped by strategy, in the strategies' order, for a grouped checkbox list."""
    groups: dict[Model, list[tuple[int, str]]] = defaultdict(list)
    for item in items:
        groups[item.strategy].append((item.pk, item.name))
    return [(str(strategy), choices) for strategy, choices in groups.items()]


class InitiativeForm(forms.ModelForm):
    staffing_fte = forms.DecimalField(
        label=_("Staffing (full-time equivalents)"),
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        help_text=_("For example 1.5 for one and a half full-time positions."),
        error_messages={"min_value": _("Staffing cannot be negative.")},
    )

    class Meta:
        model = Initiative
        fields = (
            "name",
            "aim",
            "target_groups",
            "participation_forms",
            "individual_level",
            "collective_level",
            "system_level",
            "directness",
            "intended_influence",
            "participation_description",
            "strengths",
            "success_factors",
            "challenges",
            "status",
            "start_date",
            "end_date",
            "staffing_fte",
            "goals",
            "priority_areas",
        )
        widgets = {
            "aim": forms.Textarea(attrs={"rows": 4}),
            "participation_description": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "success_factors": forms.Textarea(attrs={"rows": 3}),
            "challenges": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "participation_forms": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
            "priority_areas": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "aim": _("Aim and content"),
            "target_groups": _("Primary target groups"),
            "participation_forms": _("Participation forms"),
            "individual_level": _("Individual level"),
            "collective_level": _("Collective level"),
            "system_level": _("System level"),
            "directness": _("Direct or indirect participation"),
            "intended_influence": _("Intended influence"),
            "participation_description": _("Type of participation, in your own words"),
            "strengths": _("Strength and gain"),
            "success_factors": _("Success factors"),
            "challenges": _("Challenges"),
            "start_date": _("Start date"),
            "end_date": _("End date"),
            "goals": _("Main goals served"),
            "priority_areas": _("Priority areas served"),
        }
        help_texts = {
            "name": _("A short name people in the municipality recognise, e.g. «Bolig Nu»."),
            "aim": _(
                "What the initiative is meant to achieve and what it does. Do not name or "
                "describe individual residents."
            ),
            "intended_influence": _(
                "How much say participants are meant to have, from being informed to "
                "deciding themselves."
            ),
            "end_date": _("Leave empty if the initiative has no planned end."),
        }
        error_messages = {
            "name": {"required": _("Give the initiative a name.")},
            "aim": {"required": _("Describe the aim and content of the initiative.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        fields = self.fields
        fields["target_groups"].queryset = _active_or_chosen(  # type: ignore[attr-defined]
            TargetGroup.objects.all(), instance, "target_groups"
        )
        fields["participation_forms"].queryset = _active_or_chosen(  # type: ignore[attr-defined]
            ParticipationForm.objects.all(), instance, "participation_forms"
        )
        goals = Goal.objects.select_related("strategy").order_by(
            "strategy__start_year", "order", "code"
        )
        areas = PriorityArea.objects.select_related("strategy").order_by(
            "strategy__start_year", "order", "code"
        )
        fields["goals"].queryset = goals  # type: ignore[attr-defined]
        fields["priority_areas"].queryset = areas  # type: ignore[attr-defined]
        # Grouped by strategy, so goals of different strategies are never confused.
        fields["goals"].choices = _grouped_by_strategy(goals)  # type: ignore[attr-defined]
        fields["priority_areas"].choices = _grouped_by_strategy(areas)  # type: ignore[attr-defined]
        fields["intended_influence"].choices = [  # type: ignore[attr-defined]
            ("", _("Not decided")),
            *InfluenceLevel.choices,
        ]

        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("The initiative"), "name", "aim", "target_groups"),
            Fieldset(
                _("Type of participation"),
                "participation_forms",
                "individual_level",
                "collective_level",
                "system_level",
                "directness",
                "intended_influence",
                "participation_description",
            ),
            Fieldset(_("Experience"), "strengths", "success_factors", "challenges"),
            Fieldset(_("Status and resources"), "status", "start_date", "end_date", "staffing_fte"),
            Fieldset(_("Strategy goals served"), "goals", "priority_areas"),
        )
        label = _("Save changes") if instance.pk else _("Create initiative")
        self.helper.add_input(Submit("submit", label))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        if cleaned.get("participation_forms") and not any(cleaned.get(f) for f in LEVEL_FIELDS):
            self.add_error(
                "individual_level",
                _(
                    "You chose a participation form: say at which level residents take part "
                    "(individual, collective or system level)."
                ),
            )
        if cleaned.get("status") == Initiative.Status.COMPLETED and not end:
            self.add_error("end_date", _("A completed initiative needs an end date."))
        return cleaned

    def _post_clean(self) -> None:
        # The service applies the values and runs the model's checks (full_clean); clean()
        # above gives the same checks' messages in plain words. Leaving the instance untouched
        # here keeps a rejected edit from showing half-applied values elsewhere on the page.
        pass

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the service takes it."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FactorAssessmentForm(forms.Form):
    """One factor's assessment; a prefix per factor keeps the forms apart on one page."""

    NOT_ASSESSED = ""

    presence = forms.ChoiceField(
        label=_("Assessment"),
        required=False,
        choices=[(NOT_ASSESSED, _("Not assessed")), *FactorAssessment.Presence.choices],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How it showed in this initiative. Do not name residents."),
    )

    def __init__(self, *args: Any, factor: Factor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.factor = factor
        protect_free_text(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("comment", "").strip() and not cleaned.get("presence"):
            self.add_error(
                "presence",
                _(
                    "You wrote a comment: also say whether the factor was present, partly or absent."
                ),
            )
        return cleaned


def factor_assessment_forms(
    factors: list[Factor],
    assessments: dict[int, FactorAssessment],
    data: Any = None,
) -> list[FactorAssessmentForm]:
    forms_: list[FactorAssessmentForm] = []
    for factor in factors:
        current = assessments.get(factor.pk)
        initial = (
            {"presence": current.presence, "comment": current.comment}
            if current
            else {"presence": FactorAssessmentForm.NOT_ASSESSED}
        )
        forms_.append(
            FactorAssessmentForm(data, prefix=f"factor-{factor.pk}", initial=initial, factor=factor)
        )
    return forms_
