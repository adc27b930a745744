"""The token pages of the web: a user's personal tokens (linked from the account page) and the
admins' system tokens. A new token is shown once, on the page that made it; only its hash is
kept. Writes go through participation/api/services.py (security events included)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participation.accounts.shortcuts import require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.core.services import ServiceError
from participation.core.views import client_ip, show_service_error

from . import services
from .forms import PersonalTokenForm, SystemTokenForm
from .models import ApiToken


@require_http_methods(["GET", "POST"])
@login_required
def personal_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own tokens: make one (shown once), see when each was last used, revoke."""
    form = PersonalTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.create_personal_token(
                request.user,
                actor=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_in=form.cleaned_data["expires_in"],
                ip_address=client_ip(request),
            )
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            form = PersonalTokenForm()
    tokens = ApiToken.objects.filter(user=request.user, kind=ApiToken.Kind.PERSONAL)
    response = render(
        request,
        "participation/api/tokens.html",
        {"form": form, "tokens": tokens, "new_key": new_key},
    )
    if new_key:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def personal_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, kind=ApiToken.Kind.PERSONAL)
    services.revoke_token(token, actor=request.user, ip_address=client_ip(request))
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("participation:api-tokens")


@require_http_methods(["GET", "POST"])
@login_required
def system_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Admins: tokens for integrations, bound to a municipality or a region."""
    require_permission(request.user, "participation.manage_users")
    form = SystemTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.create_system_token(
                actor=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                municipality=form.cleaned_data["municipality"],
                region=form.cleaned_data["region"],
                expires_in=form.cleaned_data["expires_in"],
                ip_address=client_ip(request),
            )
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            form = SystemTokenForm()
    tokens = ApiToken.objects.filter(kind=ApiToken.Kind.SYSTEM).select_related(
        "municipality", "region", "user", "created_by"
    )
    response = render(
        request,
        "participation/api/system_tokens.html",
        {"form": form, "tokens": tokens, "new_key": new_key},
    )
    if new_key:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def system_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_permission(request.user, "participation.manage_users")
    token = get_object_or_404(ApiToken, pk=pk, kind=ApiToken.Kind.SYSTEM)
    services.revoke_token(token, actor=request.user, ip_address=client_ip(request))
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("participation:api-system-tokens")
