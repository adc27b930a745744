"""The admins' redaction pages under /revisjon/fjerning/: look for a text or a kind of personal
data, see every place it occurs, give a reason, confirm, and it is replaced by the marker.

Every view demands `participation.redact_personal_data` (admins). The text looked for is
personal data: it travels only in POST bodies (never in a URL, which servers log), the pages are
never cached, and the places are shown masked. Every change goes through
`participation.redaction.services.redact`, which records the security event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from participation.core.http import AuthenticatedHttpRequest
from participation.core.views import client_ip

from . import services
from .forms import RedactForm, SearchForm

View = Callable[..., HttpResponse]


def redactor_required(view: View) -> View:
    """Anonymous users go to the login page; logged-in users without the right get 403."""
    return never_cache(
        login_required(
            permission_required("participation.redact_personal_data", raise_exception=True)(view)
        )
    )


def _results(
    request: HttpRequest, form: SearchForm, redact_form: RedactForm | None = None
) -> HttpResponse:
    """The search page, with the places found when the search form is valid."""
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        findings = services.search(form.needle())
        context["findings"] = findings
        context["groups"] = [
            (services.Source(source).label, places)
            for source, places in findings.by_source().items()
            if places
        ]
        context["reports"] = findings.reports()
        if findings.places:
            context["redact_form"] = redact_form or RedactForm(
                initial={
                    "kind": form.cleaned_data["kind"],
                    "text": form.cleaned_data["text"],
                    "fingerprint": findings.fingerprint,
                }
            )
    return render(request, "participation/redaction/search.html", context)


@redactor_required
@require_http_methods(["GET", "POST"])
def redaction_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.POST if request.method == "POST" else None)
    return _results(request, form)


@redactor_required
@require_POST
def redaction_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """First POST (from the search page): the confirmation page. Second POST (with `confirmed`):
    the redaction, then back to the search page with what was done."""
    form = RedactForm(request.POST)
    if not form.is_valid():
        return _results(request, SearchForm(request.POST), redact_form=form)
    needle = form.needle()
    if request.POST.get("confirmed") != "yes":
        findings = services.search(needle)
        if not findings.places:
            return _results(request, SearchForm(request.POST))  # "not found anywhere"
        return render(
            request,
            "participation/redaction/confirm.html",
            {
                "form": form,
                "findings": findings,
                "reports": findings.reports(),
                "changed": findings.fingerprint != form.cleaned_data["fingerprint"],
            },
        )
    try:
        outcome = services.redact(
            needle,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            fingerprint=form.cleaned_data["fingerprint"],
            ip_address=client_ip(request),
        )
    except services.RedactionError as error:
        messages.error(request, str(error))
        return _results(request, SearchForm(request.POST))
    places = ngettext("%(count)s place", "%(count)s places", outcome.places) % {
        "count": outcome.places
    }
    records = ngettext("%(count)s record", "%(count)s records", outcome.records) % {
        "count": outcome.records
    }
    message = _("Removed: %(places)s in %(records)s now read “%(marker)s”.") % {
        "places": places,
        "records": records,
        "marker": services.MARKER,
    }
    if outcome.reports:
        message += " " + ngettext(
            "%(count)s report was made again.",
            "%(count)s reports were made again.",
            len(outcome.reports),
        ) % {"count": len(outcome.reports)}
    message += " " + _("The removal is recorded as a security event.")
    messages.success(request, message)
    return redirect("participation:redaction")
