"""Grants per municipality, year and instrument: recording them, and the totals per year.

The writes follow `participation.core.services`: `create_grant(municipality, *, actor, **fields)`
and `update_grant(grant, *, actor, **fields)`, atomic and attributed; the model's checks (no
negative amounts, no more paid than granted) refuse with `ServiceError`.

Unspent is what was granted and not yet paid out (granted − paid).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from participation.accounts.audit import acting_as
from participation.core.services import check_model
from participation.places.models import Municipality
from participation.programme.models import Grant


@dataclass
class YearTotals:
    year: int
    grants: list[Grant] = field(default_factory=list)
    applied: Decimal = Decimal(0)
    granted: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)

    @property
    def unspent(self) -> Decimal:
        return self.granted - self.paid


def grants_by_year(grants: list[Grant]) -> list[YearTotals]:
    """Group grants (any order) by year, newest first, with each year's totals."""
    years: dict[int, YearTotals] = {}
    for grant in sorted(grants, key=lambda g: (-g.year, str(g.instrument))):
        totals = years.setdefault(grant.year, YearTotals(grant.year))
        totals.grants.append(grant)
        totals.applied += grant.applied
        totals.granted += grant.granted
        totals.paid += grant.paid
    return list(years.values())


GRANT_FIELDS = frozenset({"instrument", "year", "applied", "granted", "paid", "purpose"})


def _checked(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - GRANT_FIELDS
    if unknown:
        raise ValueError(f"These fields are not set through this service: {sorted(unknown)}")


@transaction.atomic
def create_grant(municipality: Municipality, *, actor: User | None, **fields: Any) -> Grant:
    """A new grant to `municipality`."""
    _checked(fields)
    with acting_as(actor):
        grant = Grant(municipality=municipality, created_by=actor, updated_by=actor, **fields)
        check_model(grant)
        grant.save()
    return grant


@transaction.atomic
def update_grant(grant: Grant, *, actor: User | None, **fields: Any) -> Grant:
    """Change the given fields of `grant`; its municipality stays."""
    _checked(fields)
    with acting_as(actor):
        for name, value in fields.items():
            setattr(grant, name, value)
        grant.updated_by = actor
        check_model(grant)
        grant.save()
    return grant
