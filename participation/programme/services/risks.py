"""Risk flags: raised by rules (daily, by the Celery task `participation.raise_risk_flags` in
participation/programme/tasks.py) or by hand, and closed with a note.

The rules are defined once, in `RULES`: `raise_all_rule_flags` runs them, and the advisers' page
/radgiver/risikoregler/ renders each one's description and threshold from the same dict.

Each rule takes `today` explicitly (tests and reruns need no frozen clock) and raises a
`RiskFlag(source=RULE)` per municipality where its condition holds, never a second one for the
same situation: no new flag while one of its kind is open for the municipality (the
programme-leader rule also not after a flag raised since the latest departure; see its
docstring). The rules other than the programme leader's look only at municipalities in the
programme: those with a programme agreement or a grant.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.accounts.audit import acting_as
from participation.core.services import ServiceError
from participation.places.models import Municipality
from participation.programme.models import Commitment, Grant, ProgrammeContact, RiskFlag
from participation.programme.services.agreements import current_leaders

Kind = RiskFlag.Kind

# A rule's findings: municipality id → the note the flag carries.
Findings = dict[int, str]


class FlagAlreadyClosed(ServiceError):
    """The flag was closed meanwhile (by someone else, or in another tab)."""

    def __init__(self) -> None:
        super().__init__(_("This risk flag is already closed."))


def in_programme() -> QuerySet[Municipality]:
    """Municipalities the rules look at: those with a programme agreement or a grant."""
    return Municipality.objects.filter(
        Q(pk__in=Grant.objects.values("municipality")) | Q(agreements__isnull=False)
    ).distinct()


def _programme_ids() -> QuerySet[Municipality, Any]:
    return in_programme().values("pk")


def _raise(municipality: Municipality, kind: str, today: datetime.date, note: str) -> RiskFlag:
    return RiskFlag.objects.create(
        municipality=municipality,
        kind=kind,
        source=RiskFlag.Source.RULE,
        raised_on=today,
        note=note,
    )


# The rules ------------------------------------------------------------------------------------


def no_meeting(today: datetime.date) -> Findings:
    """No meeting with the municipality for RISK_NO_MEETING_MONTHS months.

    Counted from the latest meeting, or from the first agreement's start if there has been none.
    """
    months = settings.RISK_NO_MEETING_MONTHS
    cutoff = today - relativedelta(months=months)
    rows = (
        in_programme()
        .annotate(last_meeting=Max("meetings__date", filter=Q(meetings__date__lte=today)))
        .annotate(first_start=Min("agreements__start_date"))
        .values("pk", "last_meeting", "first_start")
    )
    findings: Findings = {}
    for row in rows:
        since = row["last_meeting"] or row["first_start"]
        if since is None or since < cutoff:
            findings[row["pk"]] = (
                _("No meeting since %(date)s.") % {"date": since.isoformat()}
                if since
                else _("No meeting recorded.")
            )
    return findings


def overdue(today: datetime.date) -> Findings:
    """Open commitments whose due date has passed."""
    rows = (
        Commitment.objects.filter(
            municipality__in=_programme_ids(), status=Commitment.Status.OPEN, due_date__lt=today
        )
        .values("municipality")
        .annotate(oldest=Min("due_date"))
    )
    return {
        row["municipality"]: _("Open commitments overdue since %(date)s.")
        % {"date": row["oldest"].isoformat()}
        for row in rows
    }


def unspent(today: datetime.date) -> Findings:
    """Granted but not paid out over RISK_UNSPENT_NOK in one year, summed over instruments."""
    threshold = Decimal(settings.RISK_UNSPENT_NOK)
    rows = (
        Grant.objects.filter(year__lte=today.year)
        .values("municipality", "year")
        .annotate(unspent_nok=Sum(F("granted") - F("paid")))
        .filter(unspent_nok__gt=threshold)
        .order_by("municipality", "year")
    )
    findings: Findings = {}
    for row in rows:
        note = _("%(year)s: NOK %(amount)s unspent.") % {
            "year": row["year"],
            "amount": f"{row['unspent_nok']:,.0f}".replace(",", " "),
        }
        previous = findings.get(row["municipality"])
        findings[row["municipality"]] = f"{previous} {note}" if previous else note
    return findings


def grant_ending(today: datetime.date) -> Findings:
    """A grant for this year with nothing recorded for the same instrument next year."""
    next_year = Grant.objects.filter(year=today.year + 1).values_list("municipality", "instrument")
    following = set(next_year)
    findings: Findings = {}
    for grant in (
        Grant.objects.filter(year=today.year, granted__gt=0)
        .select_related("instrument")
        .order_by("municipality", "instrument__name")
    ):
        if (grant.municipality_id, grant.instrument_id) in following:
            continue
        note = _("%(instrument)s ends in %(year)s with no application for next year.") % {
            "instrument": grant.instrument,
            "year": today.year,
        }
        previous = findings.get(grant.municipality_id)
        findings[grant.municipality_id] = f"{previous} {note}" if previous else note
    return findings


@transaction.atomic
def _raise_findings(kind: str, findings: Findings, today: datetime.date) -> list[RiskFlag]:
    """Raise a flag for each finding that has no open flag of its kind yet."""
    already_open = set(
        RiskFlag.objects.filter(
            kind=kind, closed_on__isnull=True, municipality__in=list(findings)
        ).values_list("municipality", flat=True)
    )
    with acting_as(None):
        return [
            _raise(municipality, kind, today, note)
            for municipality in Municipality.objects.filter(pk__in=list(findings)).order_by("pk")
            for note in [findings[municipality.pk]]
            if municipality.pk not in already_open
        ]


@transaction.atomic
def raise_leader_left_flags(today: datetime.date) -> list[RiskFlag]:
    """A municipality whose programme leader's end date is before `today`, with no programme
    leader serving on `today` (start on or before today, no end or an end on or after today).

    Raised once per departure: not while a flag of this kind is open, nor when one was raised
    (and perhaps closed by an adviser) after the latest leader's end date.
    """
    leaders = ProgrammeContact.objects.filter(role=ProgrammeContact.Role.PROGRAMME_LEADER)
    flags = RiskFlag.objects.filter(municipality=OuterRef("pk"), kind=Kind.LEADER_LEFT)
    # The latest end date before today among the municipality's leaders, as a subquery: an
    # aggregate could not be compared inside the EXISTS below.
    left_on = (
        leaders.filter(municipality=OuterRef("pk"), end_date__lt=today)
        .order_by("-end_date")
        .values("end_date")[:1]
    )
    candidates = (
        Municipality.objects.annotate(left_on=Subquery(left_on))
        .filter(left_on__isnull=False)
        .exclude(pk__in=current_leaders(leaders, today).values("municipality"))
        .exclude(
            Exists(flags.filter(Q(closed_on__isnull=True) | Q(raised_on__gt=OuterRef("left_on"))))
        )
        .order_by("name")
    )
    with acting_as(None):
        return [
            _raise(
                municipality,
                Kind.LEADER_LEFT,
                today,
                _("The programme leader left on %(date)s and no successor has been recorded.")
                % {"date": date_format(municipality.left_on)},  # type: ignore[attr-defined]
            )
            for municipality in candidates
        ]


def raise_no_meeting_flags(today: datetime.date) -> list[RiskFlag]:
    return _raise_findings(Kind.NO_MEETING, no_meeting(today), today)


def raise_overdue_flags(today: datetime.date) -> list[RiskFlag]:
    return _raise_findings(Kind.OVERDUE, overdue(today), today)


def raise_unspent_flags(today: datetime.date) -> list[RiskFlag]:
    return _raise_findings(Kind.UNSPENT, unspent(today), today)


def raise_grant_ending_flags(today: datetime.date) -> list[RiskFlag]:
    return _raise_findings(Kind.GRANT_ENDING, grant_ending(today), today)


@dataclass(frozen=True)
class Rule:
    """One rule: how it raises its flags, and what the adviser reads about it."""

    kind: str
    description: Promise
    raise_flags: Callable[[datetime.date], list[RiskFlag]]
    threshold: Callable[[], str] | None = None

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label)


def _months() -> str:
    return _("%(months)s months") % {"months": settings.RISK_NO_MEETING_MONTHS}


def _nok() -> str:
    return _("NOK %(amount)s") % {"amount": f"{settings.RISK_UNSPENT_NOK:,}".replace(",", " ")}


# The one definition of the rules: run by `raise_all_rule_flags`, shown on the rules page.
RULES: dict[str, Rule] = {
    Kind.LEADER_LEFT: Rule(
        Kind.LEADER_LEFT,
        gettext_lazy(
            "The programme leader's end date has passed and no other programme leader is in post."
        ),
        raise_leader_left_flags,
    ),
    Kind.NO_MEETING: Rule(
        Kind.NO_MEETING,
        gettext_lazy(
            "No meeting with the municipality for longer than the threshold, counted from the "
            "latest meeting, or from the start of the first agreement if there has been none."
        ),
        raise_no_meeting_flags,
        _months,
    ),
    Kind.OVERDUE: Rule(
        Kind.OVERDUE,
        gettext_lazy("At least one open commitment is past its due date."),
        raise_overdue_flags,
    ),
    Kind.UNSPENT: Rule(
        Kind.UNSPENT,
        gettext_lazy(
            "Granted minus paid, summed over all instruments for one year (this year or "
            "earlier), is above the threshold."
        ),
        raise_unspent_flags,
        _nok,
    ),
    Kind.GRANT_ENDING: Rule(
        Kind.GRANT_ENDING,
        gettext_lazy(
            "A grant for the current year has no grant or application recorded for the same "
            "instrument next year."
        ),
        raise_grant_ending_flags,
    ),
}


# Raising and closing --------------------------------------------------------------------------


def raise_all_rule_flags(today: datetime.date) -> list[RiskFlag]:
    """Run every rule in `RULES`; returns the flags raised."""
    return [flag for rule in RULES.values() for flag in rule.raise_flags(today)]


@transaction.atomic
def raise_flag(
    municipality: Municipality, *, kind: str, note: str, actor: User, today: datetime.date
) -> RiskFlag:
    """An adviser raises a flag by hand."""
    with acting_as(actor):
        return RiskFlag.objects.create(
            municipality=municipality,
            kind=kind,
            source=RiskFlag.Source.MANUAL,
            note=note,
            raised_on=today,
            created_by=actor,
            updated_by=actor,
        )


@transaction.atomic
def close_flag(flag: RiskFlag, *, note: str, actor: User, today: datetime.date) -> RiskFlag:
    """Close an open flag with a note on what was done."""
    flag = RiskFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.closed_on is not None:
        raise FlagAlreadyClosed
    flag.closed_on = max(today, flag.raised_on)
    flag.close_note = note
    flag.updated_by = actor
    with acting_as(actor):
        flag.save(update_fields=["closed_on", "close_note", "updated_by", "updated_at"])
    return flag
