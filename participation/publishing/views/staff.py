"""The staff's side: choosing what an initiative shows the public, previewing exactly that,
publishing, changing and withdrawing it; and the municipality's public pages with its indexing
choice. Only those who may edit the initiative (`participation.publish_initiative`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.accounts.shortcuts import get_municipality_or_404
from participation.core.http import AuthenticatedHttpRequest
from participation.core.services import ServiceError
from participation.core.views import show_service_error
from participation.involvement.models import Initiative, Input
from participation.involvement.shortcuts import get_initiative_or_404

from .. import content, services
from ..forms import PublicationForm, PublicSiteForm
from ..models import Publication, PublicSite

PERMISSION = "participation.publish_initiative"


def _events_with_inputs(initiative: Initiative) -> list[tuple[Any, list[Input]]]:
    events = list(initiative.events.select_related("method").order_by("date", "pk"))
    inputs: dict[int, list[Input]] = {e.pk: [] for e in events}
    for item in Input.objects.filter(event__initiative=initiative).select_related("theme"):
        inputs[item.event_id].append(item)
    return [(event, inputs[event.pk]) for event in events]


def selection_signature(events: Iterable[Any], inputs: Iterable[Any]) -> str:
    """The choice previewed, carried by the preview's form: *Publish* publishes only what was
    previewed."""
    event_ids = ",".join(str(pk) for pk in sorted(e.pk for e in events))
    input_ids = ",".join(str(pk) for pk in sorted(i.pk for i in inputs))
    return f"events:{event_ids};inputs:{input_ids}"


@login_required
@require_http_methods(["GET", "POST"])
def publication_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_or_404(request, pk, "municipality", perm=PERMISSION)
    publication = Publication.objects.filter(initiative=initiative).first()
    initial = {}
    if publication is not None:
        initial = {
            "events": list(publication.events.values_list("pk", flat=True)),
            "inputs": list(publication.inputs.values_list("pk", flat=True)),
        }
    form = PublicationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        initiative=initiative,
    )
    preview = None
    problems: list[str] = []
    previewed = ""
    if request.method == "POST" and form.is_valid():
        events = list(form.cleaned_data["events"])
        inputs = list(form.cleaned_data["inputs"])
        previewed = selection_signature(events, inputs)
        publishing = request.POST.get("action") == "publish"
        if publishing and request.POST.get("previewed") != previewed:
            form.add_error(
                None,
                _("The choice changed after the preview: look at the preview again, then publish."),
            )
            publishing = False
        if publishing:
            try:
                services.publish_initiative(
                    initiative, actor=request.user, events=events, inputs=inputs
                )
            except ServiceError as error:
                show_service_error(request, error, form)
            else:
                messages.success(request, _("The public page was published."))
                return redirect("participation:publication-edit", pk=initiative.pk)
        else:
            problems = content.guard_problems(initiative, events, inputs)
            shown = publication or Publication(initiative=initiative)
            preview = content.build(
                shown, event_ids=[e.pk for e in events], input_ids=[i.pk for i in inputs]
            )
    if request.method == "POST":
        chosen_events = {str(v) for v in request.POST.getlist("events")}
        chosen_inputs = {str(v) for v in request.POST.getlist("inputs")}
    else:
        chosen_events = {str(v) for v in initial.get("events", [])}
        chosen_inputs = {str(v) for v in initial.get("inputs", [])}
    return render(
        request,
        "participation/publishing/edit.html",
        {
            "initiative": initiative,
            "publication": publication,
            "form": form,
            "rows": _events_with_inputs(initiative),
            "chosen_events": chosen_events,
            "chosen_inputs": chosen_inputs,
            "preview": preview,
            "problems": problems,
            "previewed": previewed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def publication_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_or_404(request, pk, "municipality", perm=PERMISSION)
    publication = Publication.objects.filter(initiative=initiative).first()
    if publication is None or not publication.is_live:
        messages.info(request, _("The initiative is not on the public pages."))
        return redirect("participation:publication-edit", pk=initiative.pk)
    if request.method == "POST":
        try:
            services.withdraw_publication(publication, actor=request.user)
        except ServiceError as error:
            show_service_error(request, error)
        else:
            messages.success(
                request, _("The public page was withdrawn; its address now says it is gone.")
            )
        return redirect("participation:publication-edit", pk=initiative.pk)
    return render(
        request,
        "participation/publishing/withdraw.html",
        {"initiative": initiative, "publication": publication},
    )


@login_required
@require_http_methods(["GET", "POST"])
def public_site_edit(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(request, number, perm=PERMISSION)
    site = PublicSite.objects.filter(municipality=municipality).first()
    form = PublicSiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        services.set_public_site(
            municipality,
            actor=request.user,
            allow_indexing=form.cleaned_data["allow_indexing"],
        )
        messages.success(request, _("The choice for search engines was saved."))
        return redirect("participation:public-site-edit", number=municipality.number)
    publications = (
        Publication.objects.filter(initiative__municipality=municipality)
        .select_related("initiative")
        .order_by("initiative__name")
    )
    return render(
        request,
        "participation/publishing/site.html",
        {"municipality": municipality, "form": form, "publications": publications},
    )
