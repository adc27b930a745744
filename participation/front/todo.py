""" "My tasks": what each user must do, gathered from every part of the product.

- commitments from meetings that name the user as responsible, open ones, due or not;
- indicator values the adviser returned, in the municipalities where the user submits them;
- feedback still owed to participants of the events the user recorded;
- submitted values waiting for review, in the municipalities the user advises;
- the reports the user asked for, newest first;
- the latest notices (participation/accounts/services/notifications.py), marked read once shown.

`task_count` is the number in the menu: everything above but the reports, in one query. Every
list starts from `visible_to(user)`, so a task never shows what its user may not see. The menu
is on every page: its returned and submitted values are summed from the read model of the
values' counts by status (`programme/readmodel.py`, never stale) over the same municipalities,
not counted over the values (120 ms for an adviser of 98 municipalities at scale 1).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, F, IntegerField, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from participation.accounts.access import municipalities_for_role
from participation.accounts.models import Notification, RoleAssignment
from participation.involvement.models import InvolvementEvent
from participation.programme import readmodel
from participation.programme.models import Commitment, IndicatorValue, ValueStatusCount
from participation.reports.models import ReportSnapshot

Role = RoleAssignment.Role

# How many rows of each list the page shows, the most urgent first.
LIMIT = 50
# How many of the latest notices the page shows.
NOTICES = 20


def open_commitments(user: User) -> QuerySet[Commitment]:
    return Commitment.objects.visible_to(user).open().filter(responsible=user)


def _submitting(user: User) -> QuerySet[Any]:
    """Where the user submits values (municipal staff), admins not everywhere."""
    return municipalities_for_role(user, [Role.MUNICIPAL], admins_everywhere=False)


def _reviewing(user: User) -> QuerySet[Any]:
    """Where the user reviews values (advisers), admins not everywhere."""
    return municipalities_for_role(user, [Role.ADVISER], admins_everywhere=False)


def returned_values(user: User) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.visible_to(user).filter(
        status=IndicatorValue.Status.RETURNED, municipality__in=_submitting(user)
    )


def feedback_owed(user: User) -> QuerySet[InvolvementEvent]:
    return InvolvementEvent.objects.visible_to(user).filter(
        created_by=user, feedback_due__isnull=False, feedback_given__isnull=True
    )


def values_to_review(user: User) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.visible_to(user).filter(
        status=IndicatorValue.Status.SUBMITTED, municipality__in=_reviewing(user)
    )


def _counted(queryset: QuerySet[Any], summed: str = "") -> Coalesce:
    """The number of `queryset`'s rows, or the sum of their `summed` column."""
    total = Sum(summed) if summed else Count("pk")
    grouped = queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=total)
    return Coalesce(Subquery(grouped.values("n"), output_field=IntegerField()), 0)


def task_count(user: User) -> int:
    """Open commitments, returned values, feedback owed and values to review: one query."""
    if readmodel.is_kept():
        # The values' counts by status, per period and municipality (`ValueStatusCount`).
        by_status = ValueStatusCount.objects.visible_to(user)
        returned = _counted(by_status.filter(municipality__in=_submitting(user)), "returned_count")
        submitted = _counted(by_status.filter(municipality__in=_reviewing(user)), "submitted_count")
    else:
        returned = _counted(returned_values(user))
        submitted = _counted(values_to_review(user))
    counts = (
        User.objects.filter(pk=user.pk)
        .annotate(
            total=_counted(open_commitments(user))
            + returned
            + _counted(feedback_owed(user))
            + submitted
        )
        .values_list("total", flat=True)
    )
    return next(iter(counts), 0)


@dataclass(frozen=True)
class ReviewRow:
    """Submitted values of one municipality and period, waiting for the user's review."""

    municipality_number: str
    municipality_name: str
    period_id: int
    period_name: str
    count: int


@dataclass
class MyTasks:
    commitments: list[Commitment]
    returned: list[IndicatorValue]
    feedback: list[InvolvementEvent]
    to_review: list[ReviewRow]
    reports: list[ReportSnapshot]
    notices: list[Notification]
    today: datetime.date

    @property
    def is_empty(self) -> bool:
        return not (self.commitments or self.returned or self.feedback or self.to_review)


REVIEW_FIELDS = ("municipality__number", "municipality__name", "period_id", "period__name")


def review_counts(user: User) -> QuerySet[Any]:
    """Per municipality and period, how many values wait for the user's review (dicts of
    `REVIEW_FIELDS` and `n`), by period name then municipality name. Read from the values'
    status counts (`ValueStatusCount`, never stale) rather than grouped over the values."""
    if not readmodel.is_kept():
        return live_review_counts(user)
    return (
        ValueStatusCount.objects.visible_to(user)
        .filter(municipality__in=_reviewing(user), submitted_count__gt=0)
        .annotate(n=F("submitted_count"))
        .values(*REVIEW_FIELDS, "n")
        .order_by("period__name", "municipality__name")
    )


def live_review_counts(user: User) -> QuerySet[Any]:
    """`review_counts` grouped over the values (the definition)."""
    return (
        values_to_review(user)
        .order_by()
        .values(*REVIEW_FIELDS)
        .annotate(n=Count("pk"))
        .order_by("period__name", "municipality__name")
    )


def my_tasks(user: User, today: datetime.date) -> MyTasks:
    """Each list, the most urgent first, at most `LIMIT` rows."""
    review = review_counts(user)[:LIMIT]
    return MyTasks(
        commitments=list(
            open_commitments(user)
            .select_related("meeting", "municipality")
            .order_by("due_date", "pk")[:LIMIT]
        ),
        returned=list(
            returned_values(user)
            .select_related("indicator", "period", "municipality")
            .order_by("period__name", "municipality__name", "indicator__code")[:LIMIT]
        ),
        feedback=list(
            feedback_owed(user)
            .select_related("initiative__municipality")
            .order_by("feedback_due", "pk")[:LIMIT]
        ),
        to_review=[
            ReviewRow(
                municipality_number=row["municipality__number"],
                municipality_name=row["municipality__name"],
                period_id=row["period_id"],
                period_name=row["period__name"],
                count=row["n"],
            )
            for row in review
        ],
        reports=list(
            ReportSnapshot.objects.visible_to(user).filter(requested_by=user).order_by("-pk")[:10]
        ),
        notices=list(Notification.objects.filter(user=user)[:NOTICES]),
        today=today,
    )


def mark_read(notices: list[Notification]) -> None:
    """The notices were shown to their user: they are read (the page still marks them new)."""
    unread = [n.pk for n in notices if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
