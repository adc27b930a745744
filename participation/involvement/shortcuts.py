"""The municipality's own records a view names, fetched within the user's scope (404 for
outsiders) and, given `perm`, checked (403); see participation/accounts/shortcuts.py.

`related` as for `select_related`; `queryset` (of the same model) for a view that prefetches or
annotates more.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from participation.accounts.access import ScopedQuerySet
from participation.accounts.shortcuts import get_visible_or_404
from participation.involvement.models import Initiative, Input, InvolvementEvent


def get_initiative_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> Initiative:
    queryset = Initiative.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)


def get_event_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> InvolvementEvent:
    queryset = InvolvementEvent.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)


def get_input_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> Input:
    queryset = Input.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)
