"""Success criteria (suksesskriterier) of a municipality for a year, under
/kommuner/<number>/suksesskriterier/<year>/: the municipality's self-assessment beside the
adviser's, with the reasons, a form for each side the user may fill in, and the trend across
years.

Whoever may see the municipality sees the page; the self-assessment needs
`participation.self_assess_successcriteria`, the adviser's `participation.assess_successcriteria`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from participation.accounts.shortcuts import get_municipality_or_404, require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.places.models import SuccessCriterion
from participation.programme.forms.criteria import CriteriaForm
from participation.programme.models import SuccessCriterionAssessment
from participation.programme.services import criteria as service

Assessor = SuccessCriterionAssessment.Assessor
# The side → the permission that fills it in.
SIDE_PERMISSIONS: dict[str, str] = {
    Assessor.SELF: "participation.self_assess_successcriteria",
    Assessor.ADVISER: "participation.assess_successcriteria",
}
MAX_YEAR = 32767  # the year field's range (PositiveSmallIntegerField)


@dataclass
class TrendRow:
    criterion: SuccessCriterion
    # Per year of the trend, in order: (self-assessment, adviser's assessment); None: not assessed.
    cells: list[tuple[SuccessCriterionAssessment | None, SuccessCriterionAssessment | None]]


@dataclass
class YearRow:
    criterion: SuccessCriterion
    own: SuccessCriterionAssessment | None
    adviser: SuccessCriterionAssessment | None


@login_required
@require_http_methods(["GET", "POST"])
def criteria_year(request: AuthenticatedHttpRequest, number: str, year: int) -> HttpResponse:
    municipality = get_municipality_or_404(request, number)
    if not 1 <= year <= MAX_YEAR:
        raise Http404
    may: dict[str, bool] = {
        side: request.user.has_perm(perm, municipality) for side, perm in SIDE_PERMISSIONS.items()
    }
    posted_side = None
    if request.method == "POST":
        posted_side = request.POST.get("side")
        if posted_side not in SIDE_PERMISSIONS:
            return HttpResponseBadRequest(_("Unknown side."))
        require_permission(request.user, SIDE_PERMISSIONS[posted_side], municipality)
    criteria = service.criteria()
    assessments = list(
        SuccessCriterionAssessment.objects.filter(
            municipality=municipality, criterion__in=[c.pk for c in criteria]
        )
    )
    by_key = {(a.criterion_id, a.year, a.assessor): a for a in assessments}
    forms: dict[str, CriteriaForm] = {
        side: CriteriaForm(
            request.POST if side == posted_side else None,
            prefix=side,
            criteria=criteria,
            saved={a.criterion_id: a for a in assessments if a.year == year and a.assessor == side},
        )
        for side in SIDE_PERMISSIONS
        if may[side]
    }
    if posted_side is not None:
        form = forms[posted_side]
        if form.is_valid():
            saved = service.save_assessments(
                municipality,
                actor=request.user,
                year=year,
                assessor=posted_side,
                ratings=form.ratings(),
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s assessment was saved.",
                    "%(count)s assessments were saved.",
                    len(saved),
                )
                % {"count": len(saved)},
            )
            return redirect(
                reverse("participation:criteria-year", args=[municipality.number, year])
            )
        messages.error(request, _("Some ratings need correcting; see the messages below."))
    years = sorted({a.year for a in assessments} | {year})
    trend = [
        TrendRow(
            criterion=c,
            cells=[
                (by_key.get((c.pk, y, Assessor.SELF)), by_key.get((c.pk, y, Assessor.ADVISER)))
                for y in years
            ],
        )
        for c in criteria
    ]
    this_year = [
        YearRow(
            criterion=c,
            own=by_key.get((c.pk, year, Assessor.SELF)),
            adviser=by_key.get((c.pk, year, Assessor.ADVISER)),
        )
        for c in criteria
    ]
    return render(
        request,
        "participation/criteria/year.html",
        {
            "municipality": municipality,
            "year": year,
            "previous_year": year - 1 if year > 1 else None,
            "next_year": year + 1 if year < MAX_YEAR else None,
            "current_year": timezone.localdate().year,
            "criteria": criteria,
            "this_year": this_year,
            "years": years,
            "trend": trend,
            "self_form": forms.get(Assessor.SELF),
            "adviser_form": forms.get(Assessor.ADVISER),
        },
    )
