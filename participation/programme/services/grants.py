"""Grants per municipality, year and instrument: saving them, and the totals per year.

Unspent is what was granted and not yet paid out (granted − paid).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from participation.accounts.audit import acting_as
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


@transaction.atomic
def save_grant(grant: Grant, *, municipality: Municipality, actor: User) -> Grant:
    """Create or update a grant (from a validated form's unsaved instance)."""
    grant.municipality = municipality
    if grant.pk is None:
        grant.created_by = actor
    grant.updated_by = actor
    with acting_as(actor):
        grant.save()
    return grant
