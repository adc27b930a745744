"""A report's parameters: the place it covers (`ReportScope`) and the period (`Period`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from participation.places.models import Municipality, Region
from participation.reports.models import ReportSnapshot

Kind = ReportSnapshot.PeriodKind


@dataclass(frozen=True)
class Period:
    """A quarter, half-year or year: both dates inclusive."""

    kind: str
    start: datetime.date
    end: datetime.date

    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> Period:
        """The period of `kind` that `day` falls in."""
        if kind == Kind.YEAR:
            return cls(kind, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
        months = 3 if kind == Kind.QUARTER else 6
        first_month = (day.month - 1) // months * months + 1
        start = datetime.date(day.year, first_month, 1)
        return cls(kind, start, _add_months(start, months) - datetime.timedelta(days=1))

    @classmethod
    def last_ended(cls, kind: str, today: datetime.date) -> Period:
        """The most recent period of `kind` that ended before `today`."""
        return cls.containing(kind, today).previous()

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return Period.containing(self.kind, self.start - datetime.timedelta(days=1))

    @property
    def number(self) -> int:
        """1–4 for quarters, 1–2 for half-years, 1 for years."""
        months = {Kind.QUARTER: 3, Kind.HALF_YEAR: 6}.get(self.kind, 12)  # type: ignore[call-overload]
        return (self.start.month - 1) // months + 1

    @property
    def label(self) -> str:
        """ "2. kvartal 2026", "1. halvår 2026", "2026" in Bokmål."""
        if self.kind == Kind.QUARTER:
            return _("Q%(number)s %(year)s") % {"number": self.number, "year": self.start.year}
        if self.kind == Kind.HALF_YEAR:
            return _("H%(number)s %(year)s") % {"number": self.number, "year": self.start.year}
        return str(self.start.year)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class ReportScope:
    """The place a report covers: one municipality, one Husbanken region, or the whole country."""

    kind: str
    municipality: Municipality | None = None
    region: Region | None = None

    @classmethod
    def national(cls) -> ReportScope:
        return cls(ReportSnapshot.Scope.NATIONAL)

    @classmethod
    def for_municipality(cls, municipality: Municipality) -> ReportScope:
        return cls(ReportSnapshot.Scope.MUNICIPALITY, municipality=municipality)

    @classmethod
    def for_region(cls, region: Region) -> ReportScope:
        return cls(ReportSnapshot.Scope.REGION, region=region)

    @classmethod
    def of(cls, snapshot: ReportSnapshot) -> ReportScope:
        return cls(snapshot.scope, municipality=snapshot.municipality, region=snapshot.region)

    @property
    def suppressed(self) -> bool:
        """Region and national reports protect every count (`reports.disclosure`); a
        municipality's own report shows its own figures exactly."""
        return self.kind != ReportSnapshot.Scope.MUNICIPALITY

    @property
    def name(self) -> str:
        if self.municipality is not None:
            return str(self.municipality)
        if self.region is not None:
            return str(self.region)
        return _("Norway")

    def municipalities(self) -> QuerySet[Municipality]:
        """The municipalities whose records the report counts (historical ones included)."""
        if self.kind == ReportSnapshot.Scope.MUNICIPALITY:
            assert self.municipality is not None
            return Municipality.objects.filter(pk=self.municipality.pk)
        if self.kind == ReportSnapshot.Scope.REGION:
            assert self.region is not None
            return Municipality.objects.filter(region=self.region)
        return Municipality.objects.all()
