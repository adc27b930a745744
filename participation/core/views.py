"""Helpers every app's views share: showing a service's refusal, and what a write needs from the
request (the services never see one)."""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest

from participation.core.services import ServiceError


def show_service_error(
    request: HttpRequest, error: ServiceError, form: BaseForm | None = None
) -> None:
    """Show the user why a write was refused.

    With a form, each message goes to its field (or, for a field the form does not have, to the
    form as a whole), and the page shows the form again. Without one, each message becomes a page
    message (`messages.error`), for a view that redirects.
    """
    for field, field_messages in error.errors.items():
        for message in field_messages:
            if form is None:
                messages.error(request, message)
            else:
                form.add_error(field if field in form.fields else None, message)


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from, as a write's `ip_address` (None if unknown)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def posted_id(raw: str | None) -> int | None:
    """A record id sent in a form or query parameter, or None when it is not one (a word, a
    date, a number too long for any id): looked up as None, it finds nothing (404)."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)
