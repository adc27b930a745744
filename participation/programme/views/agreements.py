"""Programme agreements and the programme's people.

- Agreements: /kommuner/<number>/avtaler/ (list), …/ny/ (new), /avtaler/<pk>/ (detail with the
  renewal chain and the checklist), …/endre/, …/forny/ (renew), …/sjekkliste/ (the checklist's
  form), and the advisers' list of agreements nearing their end, /radgiver/avtaler/.
- People: /kommuner/<number>/personer/ (list), …/ny/, /personer/<pk>/endre/.

Who may do what: whoever may see the municipality sees its agreements and people (others get
404). Agreements are Husbanken's: changing them needs `participation.manage_agreements` (admins,
advisers in scope). People are recorded by both sides: advisers in scope and the municipality's
own staff may add and change them (`participation.manage_programme_people`); viewers may not
(403). The list of agreements nearing their end is for those who may manage
agreements anywhere (advisers, admins), scoped to what they may see.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.accounts.shortcuts import get_municipality_or_404, require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.core.services import ServiceError
from participation.core.views import show_service_error
from participation.places.models import Municipality, SubGoal
from participation.programme.forms.agreements import (
    AgreementForm,
    ChecklistForm,
    ContactForm,
    EndingFilterForm,
)
from participation.programme.models import AgreementCheckItem, ProgrammeAgreement, ProgrammeContact
from participation.programme.services import agreements as service
from participation.programme.shortcuts import get_agreement_or_404, get_contact_or_404

PAGE_SIZE = 25


def _agreement(
    request: AuthenticatedHttpRequest, pk: int, *, perm: str | None = None
) -> ProgrammeAgreement:
    return get_agreement_or_404(request, pk, "municipality", "municipality__region", perm=perm)


# Agreements -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def agreement_list(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(request, number)
    agreements = (
        ProgrammeAgreement.objects.filter(municipality=municipality)
        .select_related("previous", "renewal")
        .order_by("-start_date", "-pk")
    )
    return render(
        request,
        "participation/agreements/list.html",
        {"municipality": municipality, "agreements": agreements},
    )


def _agreement_form(
    request: AuthenticatedHttpRequest,
    form: AgreementForm,
    *,
    municipality: Municipality,
    title: str,
    cancel_url: str,
) -> HttpResponse:
    return render(
        request,
        "participation/agreements/form.html",
        {"form": form, "municipality": municipality, "title": title, "cancel_url": cancel_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(request, number)
    require_permission(request.user, "participation.manage_agreements", municipality)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = service.create_agreement(
                municipality, actor=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The agreement was saved with its checklist."))
            return redirect("participation:agreement-detail", pk=agreement.pk)
    return _agreement_form(
        request,
        form,
        municipality=municipality,
        title=_("New programme agreement"),
        cancel_url=municipality.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET"])
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    # The renewal chain both ways, one query per step (chains are a handful of agreements).
    earlier: list[ProgrammeAgreement] = []
    step = agreement.previous
    while step is not None and len(earlier) < 50:
        earlier.append(step)
        step = step.previous
    later: list[ProgrammeAgreement] = []
    following = ProgrammeAgreement.objects.filter(previous=agreement).first()
    while following is not None and len(later) < 50:
        later.append(following)
        following = ProgrammeAgreement.objects.filter(previous=following).first()
    sub_goals = SubGoal.objects.filter(agreements=agreement).select_related("priority_area")
    checks = {c.item: c for c in agreement.check_items.all()}
    checklist = [(label, checks.get(item)) for item, label in AgreementCheckItem.Item.choices]
    return render(
        request,
        "participation/agreements/detail.html",
        {
            "municipality": agreement.municipality,
            "agreement": agreement,
            "earlier": list(reversed(earlier)),
            "later": later,
            "renewed": bool(later),
            "sub_goals": sub_goals,
            "checklist": checklist,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, perm="participation.manage_agreements")
    previous = agreement.previous
    form = AgreementForm(request.POST or None, instance=agreement, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_agreement(agreement, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect("participation:agreement-detail", pk=agreement.pk)
    return _agreement_form(
        request,
        form,
        municipality=agreement.municipality,
        title=_("Change programme agreement"),
        cancel_url=_detail_url(agreement),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_renew(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    previous = _agreement(request, pk, perm="participation.manage_agreements")
    renewal = ProgrammeAgreement.objects.filter(previous=previous).first()
    if renewal is not None:
        messages.info(request, _("This agreement has already been renewed."))
        return redirect("participation:agreement-detail", pk=renewal.pk)
    form = AgreementForm(
        request.POST or None, initial=service.renewal_defaults(previous), previous=previous
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = service.renew_agreement(previous, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The renewal was saved with a new checklist."))
            return redirect("participation:agreement-detail", pk=agreement.pk)
    return _agreement_form(
        request,
        form,
        municipality=previous.municipality,
        title=_("Renew programme agreement"),
        cancel_url=_detail_url(previous),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_checklist(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, perm="participation.manage_agreements")
    form = ChecklistForm(request.POST or None, items=list(agreement.check_items.all()))
    if request.method == "POST" and form.is_valid():
        changed = service.update_checklist(agreement, actor=request.user, entries=form.entries())
        if changed:
            messages.success(request, _("The checklist was saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("participation:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "participation/agreements/checklist.html",
        {"form": form, "agreement": agreement, "municipality": agreement.municipality},
    )


def _detail_url(agreement: ProgrammeAgreement) -> str:
    return reverse("participation:agreement-detail", args=[agreement.pk])


@login_required
@require_http_methods(["GET"])
def agreements_ending(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Agreements without a renewal that end soon or have ended, for advisers."""
    require_permission(request.user, "participation.manage_agreements", None)
    form = EndingFilterForm(request.GET or None)
    days = form.within_days()
    today = timezone.localdate()
    agreements = service.ending_agreements(
        ProgrammeAgreement.objects.visible_to(request.user).select_related("municipality"),
        today=today,
        within_days=days,
    )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/agreements/ending.html",
        {"form": form, "page": page, "days": days, "today": today},
    )


# People ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def contact_list(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(request, number)
    today = timezone.localdate()
    contacts = list(
        ProgrammeContact.objects.filter(municipality=municipality).order_by(
            "role", "-start_date", "name"
        )
    )
    current = set(
        service.current_leaders(
            ProgrammeContact.objects.filter(municipality=municipality), today
        ).values_list("pk", flat=True)
    )
    return render(
        request,
        "participation/agreements/contacts.html",
        {
            "municipality": municipality,
            "leaders": [c for c in contacts if c.role == ProgrammeContact.Role.PROGRAMME_LEADER],
            "members": [c for c in contacts if c.role == ProgrammeContact.Role.RESOURCE_GROUP],
            "current_leader_ids": current,
            "may_edit": request.user.has_perm(
                "participation.manage_programme_people", municipality
            ),
            "today": today,
        },
    )


def _contact_form(
    request: AuthenticatedHttpRequest, form: ContactForm, municipality: Municipality, title: str
) -> HttpResponse:
    return render(
        request,
        "participation/agreements/form.html",
        {
            "form": form,
            "municipality": municipality,
            "title": title,
            "cancel_url": reverse("participation:contact-list", args=[municipality.number]),
            "people": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(
        request, number, perm="participation.manage_programme_people"
    )
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.create_contact(municipality, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The person was added."))
            return redirect("participation:contact-list", number=municipality.number)
    return _contact_form(request, form, municipality, _("Add a person"))


@login_required
@require_http_methods(["GET", "POST"])
def contact_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_or_404(
        request, pk, "municipality", perm="participation.manage_programme_people"
    )
    municipality = contact.municipality
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_contact(contact, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The person was saved."))
            return redirect("participation:contact-list", number=municipality.number)
    return _contact_form(request, form, municipality, _("Change person"))
