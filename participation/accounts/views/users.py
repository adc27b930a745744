"""Admins' user management under /brukere/: accounts, roles and scopes, lockouts, and resetting
another admin's second factor.

Every view demands `participation.manage_users` (logged-in users without it get 403, before any
lookup, so they learn nothing about which accounts exist); every change goes through
`participation.accounts.services.users` or `.second_factor`, which record a security event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.accounts.access import is_admin
from participation.accounts.forms.users import (
    RoleAssignmentForm,
    SecondFactorResetForm,
    UserCreateForm,
    UserFilterForm,
)
from participation.accounts.models import RoleAssignment, SecurityEvent
from participation.accounts.services import second_factor
from participation.accounts.services import users as service
from participation.core.http import AuthenticatedHttpRequest
from participation.core.views import client_ip, show_service_error

PAGE_SIZE = 25
RECENT_EVENTS = 20

View = Callable[..., HttpResponse]


def manage_users_required(view: View) -> View:
    """Anonymous users go to the login page; logged-in users without the right get 403."""
    return login_required(
        permission_required("participation.manage_users", raise_exception=True)(view)
    )


def _assignments() -> Prefetch:
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.select_related("region", "municipality").order_by(
            "role", "region__name", "municipality__name"
        ),
    )


def _filtered_users(form: UserFilterForm) -> QuerySet[User]:
    users = User.objects.prefetch_related(_assignments()).order_by("username")
    if not form.is_valid():
        return users
    for word in form.cleaned_data["q"].split():
        users = users.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    role = form.cleaned_data["role"]
    if role == UserFilterForm.NO_ROLE:
        users = users.filter(role_assignments__isnull=True, is_superuser=False)
    elif role == RoleAssignment.Role.ADMIN:
        users = users.filter(Q(role_assignments__role=role) | Q(is_superuser=True)).distinct()
    elif role:
        users = users.filter(role_assignments__role=role).distinct()
    return users


@require_http_methods(["GET"])
@manage_users_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET)
    page = Paginator(_filtered_users(form), PAGE_SIZE).get_page(request.GET.get("page"))
    locked = service.locked_out_usernames([u.username for u in page.object_list])
    for user in page.object_list:
        user.is_locked_out = user.username in locked  # type: ignore[attr-defined]
    filtered = bool(request.GET.get("q") or request.GET.get("role"))
    return render(
        request,
        "participation/users/list.html",
        {"form": form, "page": page, "filtered": filtered},
    )


@require_http_methods(["GET", "POST"])
@manage_users_required
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = service.create_user(
            actor=request.user,
            username=form.cleaned_data["username"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        messages.success(
            request,
            _("The user %(username)s was created. Give them a role so they can see something.")
            % {"username": user.username},
        )
        return redirect("participation:user-detail", pk=user.pk)
    return render(
        request,
        "participation/users/form.html",
        {"form": form, "title": _("New user"), "subject": None},
    )


@require_http_methods(["GET"])
@manage_users_required
def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(User.objects.prefetch_related(_assignments()), pk=pk)
    events = (
        SecurityEvent.objects.filter(Q(target_user=subject) | Q(actor=subject))
        .select_related("actor", "target_user")
        .order_by("-created_at", "-pk")[:RECENT_EVENTS]
    )
    return render(
        request,
        "participation/users/detail.html",
        {
            "subject": subject,
            "assignments": subject.role_assignments.all(),  # type: ignore[attr-defined]
            "is_locked_out": service.is_locked_out(subject),
            "has_second_factor": second_factor.confirmed_device(subject) is not None,
            "needs_second_factor": is_admin(subject),
            "events": events,
            "is_self": subject.pk == request.user.pk,
        },
    )


@require_http_methods(["GET", "POST"])
@manage_users_required
def user_role_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(User, pk=pk)
    # The user comes from the URL only: a "user" field smuggled into the POST is ignored.
    form = RoleAssignmentForm(request.POST or None, user=subject)
    if request.method == "POST" and form.is_valid():
        assignment = service.grant_role(
            subject,
            actor=request.user,
            role=form.cleaned_data["role"],
            region=form.cleaned_data["region"],
            municipality=form.cleaned_data["municipality"],
            is_programme_leader=form.cleaned_data["is_programme_leader"],
        )
        messages.success(
            request,
            _("%(username)s now has the role %(role)s.")
            % {"username": subject.username, "role": _describe_assignment(assignment)},
        )
        return redirect("participation:user-detail", pk=subject.pk)
    return render(
        request,
        "participation/users/form.html",
        {"form": form, "title": _("Add a role"), "subject": subject},
    )


def _describe_assignment(assignment: RoleAssignment) -> str:
    scope = assignment.municipality or assignment.region
    if scope is None:
        return str(assignment.get_role_display())
    return _("%(role)s for %(scope)s") % {"role": assignment.get_role_display(), "scope": scope}


def _confirm(request: HttpRequest, subject: User, **context: Any) -> HttpResponse:
    return render(request, "participation/users/confirm.html", {"subject": subject, **context})


@require_http_methods(["GET", "POST"])
@manage_users_required
def user_role_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "region", "municipality"), pk=pk
    )
    subject = assignment.user
    description = _describe_assignment(assignment)
    try:
        service.ensure_can_revoke(assignment, actor=request.user)
    except service.UserManagementError as refusal:
        if request.method == "POST":
            show_service_error(request, refusal)
            return redirect("participation:user-detail", pk=subject.pk)
        return _confirm(request, subject, title=_("Remove a role"), refusal=str(refusal))

    if request.method == "POST":
        service.revoke_role(assignment, actor=request.user)
        messages.success(
            request,
            _("%(username)s no longer has the role %(role)s.")
            % {"username": subject.username, "role": description},
        )
        return redirect("participation:user-detail", pk=subject.pk)
    return _confirm(
        request,
        subject,
        title=_("Remove a role"),
        question=_("Remove the role %(role)s from %(username)s?")
        % {"role": description, "username": subject.username},
        explanation=_(
            "They lose what this role lets them see and do at once. The records they made stay."
        ),
        button=_("Remove the role"),
        danger=True,
    )


@require_http_methods(["GET", "POST"])
@manage_users_required
def user_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(User, pk=pk)
    title = _("Deactivate user")
    try:
        service.ensure_can_deactivate(subject, actor=request.user)
    except service.UserManagementError as refusal:
        if request.method == "POST":
            show_service_error(request, refusal)
            return redirect("participation:user-detail", pk=subject.pk)
        return _confirm(request, subject, title=title, refusal=str(refusal))
    if not subject.is_active:
        messages.info(
            request, _("%(username)s is already deactivated.") % {"username": subject.username}
        )
        return redirect("participation:user-detail", pk=subject.pk)

    if request.method == "POST":
        service.deactivate_user(subject, actor=request.user)
        messages.success(
            request,
            _("%(username)s was deactivated and can no longer log in.")
            % {"username": subject.username},
        )
        return redirect("participation:user-detail", pk=subject.pk)
    return _confirm(
        request,
        subject,
        title=title,
        question=_("Deactivate %(username)s?") % {"username": subject.username},
        explanation=_(
            "They can no longer log in. Nothing is deleted: their records, who made them and "
            "the history all stay, and you can reactivate the account later."
        ),
        button=_("Deactivate"),
        danger=True,
    )


@require_http_methods(["GET", "POST"])
@manage_users_required
def user_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(User, pk=pk)
    if subject.is_active:
        messages.info(
            request, _("%(username)s is already active.") % {"username": subject.username}
        )
        return redirect("participation:user-detail", pk=subject.pk)
    if request.method == "POST":
        service.reactivate_user(subject, actor=request.user)
        messages.success(
            request,
            _("%(username)s was reactivated and can log in again with their roles.")
            % {"username": subject.username},
        )
        return redirect("participation:user-detail", pk=subject.pk)
    return _confirm(
        request,
        subject,
        title=_("Reactivate user"),
        question=_("Reactivate %(username)s?") % {"username": subject.username},
        explanation=_("They can log in again, with the roles they still have."),
        button=_("Reactivate"),
    )


@require_http_methods(["GET", "POST"])
@manage_users_required
def user_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(User, pk=pk)
    if request.method == "POST":
        if service.unlock_user(subject, actor=request.user):
            messages.success(
                request,
                _("%(username)s can try to log in again.") % {"username": subject.username},
            )
        else:
            messages.info(
                request,
                _("%(username)s had no failed logins to clear.") % {"username": subject.username},
            )
        return redirect("participation:user-detail", pk=subject.pk)
    locked = service.is_locked_out(subject)
    return _confirm(
        request,
        subject,
        title=_("Unlock login"),
        question=(
            _("%(username)s is locked out after too many failed logins. Unlock now?")
            if locked
            else _("%(username)s is not locked out. Clear their failed logins anyway?")
        )
        % {"username": subject.username},
        explanation=_(
            "Their failed login attempts are cleared, so they can try again at once. Make sure "
            "it was really them who mistyped."
        ),
        button=_("Unlock"),
    )


@require_http_methods(["GET", "POST"])
@manage_users_required
def user_second_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove another admin's authenticator app (a lost phone): asks first, with an optional
    reason; at their next login they are asked to set up a new one."""
    subject = get_object_or_404(User, pk=pk)
    title = _("Reset second factor")
    try:
        second_factor.ensure_can_reset_second_factor(subject, actor=request.user)
    except second_factor.SecondFactorError as refusal:
        if request.method == "POST":
            show_service_error(request, refusal)
            return redirect("participation:user-detail", pk=subject.pk)
        return _confirm(request, subject, title=title, refusal=str(refusal))
    if not second_factor.has_device(subject):
        messages.info(
            request,
            _("%(username)s has no authenticator app to reset.") % {"username": subject.username},
        )
        return redirect("participation:user-detail", pk=subject.pk)

    form = SecondFactorResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        second_factor.reset_second_factor(
            subject,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
        )
        messages.success(
            request,
            _(
                "The second factor of %(username)s was reset. At their next login they are "
                "asked to set up a new authenticator app."
            )
            % {"username": subject.username},
        )
        return redirect("participation:user-detail", pk=subject.pk)
    return _confirm(
        request,
        subject,
        title=title,
        question=_("Reset the second factor of %(username)s?") % {"username": subject.username},
        explanation=_(
            "Their authenticator app stops working at once, also in a session they are logged in "
            "to now. At their next login they set up a new app. Do this only when you are sure "
            "it is them asking, for example after a call."
        ),
        form=form,
        button=_("Reset second factor"),
        danger=True,
    )
