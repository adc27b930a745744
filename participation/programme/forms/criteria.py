"""The success-criteria form: for one side (the municipality's or the adviser's), a rating on the
four-step scale and the reasons for each criterion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.core.privacy import protect_free_text
from participation.places.models import SuccessCriterion
from participation.programme.models import SuccessCriterionAssessment
from participation.programme.services.criteria import Rating

RATING_CHOICES = [("", _("Not assessed")), *SuccessCriterionAssessment.Rating.choices]


class CriteriaForm(forms.Form):
    """Fields `rating_<criterion pk>` and `reason_<criterion pk>`; the form's prefix names the
    side, so both sides' forms can share a page."""

    def __init__(
        self,
        *args: Any,
        criteria: list[SuccessCriterion],
        saved: dict[int, SuccessCriterionAssessment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            current = saved.get(criterion.pk)
            self.fields[f"rating_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.rating if current else None,
            )
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=_("Reasons"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.reason if current else "",
            )
        protect_free_text(self)

    @property
    def rows(self) -> list[tuple[SuccessCriterion, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"rating_{c.pk}"], self[f"reason_{c.pk}"]) for c in self.criteria]

    def ratings(self) -> list[Rating]:
        """The criteria given a rating (those left "not assessed" are not saved)."""
        return [
            Rating(
                criterion=c,
                rating=self.cleaned_data[f"rating_{c.pk}"],
                reason=self.cleaned_data[f"reason_{c.pk}"].strip(),
            )
            for c in self.criteria
            if self.cleaned_data.get(f"rating_{c.pk}") is not None
        ]
