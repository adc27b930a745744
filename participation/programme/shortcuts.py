"""The programme's records a view names, fetched within the user's scope (404 for outsiders)
and, given `perm`, checked (403); see participation/accounts/shortcuts.py.

`related` as for `select_related`; `queryset` (of the same model) for a view that prefetches or
annotates more.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from participation.accounts.access import ScopedQuerySet
from participation.accounts.shortcuts import get_visible_or_404
from participation.programme.models import (
    Commitment,
    Grant,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ProgrammeContact,
    RiskFlag,
)


def get_agreement_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> ProgrammeAgreement:
    queryset = ProgrammeAgreement.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)


def get_contact_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> ProgrammeContact:
    queryset = ProgrammeContact.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)


def get_meeting_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> Meeting:
    queryset = Meeting.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)


def get_commitment_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> Commitment:
    queryset = Commitment.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)


def get_grant_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> Grant:
    queryset = Grant.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)


def get_risk_flag_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> RiskFlag:
    queryset = RiskFlag.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)


def get_indicator_value_or_404(
    request: HttpRequest,
    pk: int,
    *related: str,
    perm: str | None = None,
    queryset: ScopedQuerySet[Any] | None = None,
) -> IndicatorValue:
    queryset = IndicatorValue.objects.all() if queryset is None else queryset
    return get_visible_or_404(request, queryset, *related, perm=perm, pk=pk)
