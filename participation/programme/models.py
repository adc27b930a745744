"""Husbanken's municipal programme: agreements, people, meetings, commitments, grants, risks,
success-criteria assessments, reporting periods and indicator values."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.accounts.access import ScopedQuerySet
from participation.accounts.models import RoleAssignment
from participation.core.bounds import validate_date_range, validate_year
from participation.core.fields import FreeCharField, FreeTextField
from participation.core.models import AttributedModel, ReadModel, TimeStampedModel
from participation.places.models import (
    Indicator,
    Instrument,
    Municipality,
    Strategy,
    SubGoal,
    SuccessCriterion,
)


class ProgrammeAgreement(AttributedModel):
    class Level(models.TextChoices):
        BASIC = "basic", _("Basic offer (grunntilbud)")
        TOWN = "town", _("City and town programme")
        CITY = "city", _("Large city programme")
        FOCUS = "focus", _("Focus municipality (satsningskommune)")

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme agreement")
        COOPERATION = "cooperation", _("Cooperation agreement")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRAMME)
    level = models.CharField(_("programme level"), max_length=20, choices=Level.choices)
    start_date = models.DateField(_("start"), validators=[validate_date_range])
    end_date = models.DateField(_("end"), validators=[validate_date_range])
    signatories = FreeTextField(_("signatories"), blank=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewal",
    )
    priority_sub_goals = models.ManyToManyField(
        SubGoal, verbose_name=_("prioritised sub-goals"), blank=True, related_name="agreements"
    )
    is_example = models.BooleanField(_("example data"), default=False)

    objects = ScopedQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality.
    municipality_path = "municipality"

    class Meta:
        ordering = ["municipality__name", "-start_date"]
        verbose_name = _("programme agreement")
        verbose_name_plural = _("programme agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="agreement_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.start_date:%Y}–{self.end_date:%Y}"


class AgreementCheckItem(TimeStampedModel):
    """One commitment on an agreement's checklist, with its status and evidence."""

    class Item(models.TextChoices):
        PROGRAMME_LEADER = "programme_leader", _("Programme leader appointed")
        RESOURCE_GROUP = "resource_group", _("Cross-disciplinary resource group formed")
        ANCHORING = "anchoring", _("Political and administrative anchoring")
        ECONOMIC_PLAN = "economic_plan", _("Investment needs in the economic plan")
        LAND_USE = "land_use", _("Housing concerns in land-use planning")
        INSTRUMENTS = "instruments", _("Active use of Husbanken's instruments")
        REPORTING = "reporting", _("Reporting")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")

    agreement = models.ForeignKey(
        ProgrammeAgreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="check_items",
    )
    item = models.CharField(_("commitment"), max_length=30, choices=Item.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    evidence = FreeTextField(_("evidence"), blank=True)

    objects = ScopedQuerySet.as_manager()
    # Scope (participation.accounts.access): how a row reaches its municipality.
    municipality_path = "agreement__municipality"

    class Meta:
        ordering = ["agreement", "item"]
        verbose_name = _("agreement commitment")
        verbose_name_plural = _("agreement commitments")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "item"], name="agreement_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.get_status_display()}"


class ProgrammeContact(AttributedModel):
    """A member of municipal staff in the programme: leader or resource-group member.

    These are employees acting in their role; residents are never recorded by name.
    """

    class Role(models.TextChoices):
        PROGRAMME_LEADER = "leader", _("Programme leader")
        RESOURCE_GROUP = "resource_group", _("Resource group member")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="programme_contacts",
    )
    name = FreeCharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    sector = FreeCharField(_("sector"), max_length=120, blank=True)
    start_date = models.DateField(
        _("from"), null=True, blank=True, validators=[validate_date_range]
    )
    end_date = models.DateField(_("to"), null=True, blank=True, validators=[validate_date_range])

    objects = ScopedQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality.
    municipality_path = "municipality"

    class Meta:
        ordering = ["municipality__name", "role", "name"]
        verbose_name = _("programme contact")
        verbose_name_plural = _("programme contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="contact_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Meeting(AttributedModel):
    class Kind(models.TextChoices):
        OPERATIVE = "operative", _("Operative meeting")
        LEADERSHIP = "leadership", _("Leadership meeting")
        ANNUAL = "annual", _("Annual meeting")
        REGIONAL = "regional", _("Regional gathering")
        NETWORK = "network", _("Thematic network")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = FreeCharField(_("title"), max_length=200)
    date = models.DateField(_("date"), validators=[validate_date_range])
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), related_name="meetings"
    )
    participants = FreeTextField(
        _("participants by sector and level"),
        blank=True,
        help_text=_("Roles and sectors, e.g. 'NAV (leader), property (operative)'."),
    )
    minutes = FreeTextField(_("minutes"), blank=True)
    is_example = models.BooleanField(_("example data"), default=False)

    objects = ScopedQuerySet.as_manager()

    # Scope (participation.accounts.access): a meeting may concern several municipalities; it is
    # visible when at least one of them is in the user's scope.
    municipality_path = "municipalities"

    class Meta:
        ordering = ["-date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["date"], name="meeting_date_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"


class CommitmentQuerySet(ScopedQuerySet):
    def open(self) -> CommitmentQuerySet:
        """Commitments still open: neither done nor dropped."""
        return self.filter(Commitment.open_filter())

    def overdue(self, today: datetime.date) -> CommitmentQuerySet:
        """Commitments overdue on `today` (see `Commitment.overdue_filter`)."""
        return self.filter(Commitment.overdue_filter(today))


class Commitment(AttributedModel):
    """A follow-up item from a meeting: who does what by when (oppfølgingspunkt).

    Overdue is defined here once, for pages, risk flags, reminders and reports alike: a
    commitment still open whose due date is before today. `Commitment.objects.overdue(today)`
    and `overdue_filter` select them; `is_overdue` answers for one.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="commitments"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    description = FreeTextField(_("what"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    responsible_name = FreeCharField(_("responsible (if not a user)"), max_length=200, blank=True)
    due_date = models.DateField(_("due"), validators=[validate_date_range])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    note = FreeTextField(_("note"), blank=True)
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[validate_date_range]
    )
    # When the daily task last e-mailed the responsible user about this item (overdue reminders
    # go out at most once per interval; see services/meetings.py).
    last_reminded_on = models.DateField(
        _("last reminded on"), null=True, blank=True, editable=False
    )

    objects = CommitmentQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality.
    municipality_path = "municipality"

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            models.Index(fields=["status", "due_date"], name="commitment_status_due_idx"),
            # One municipality's open (or overdue) commitments by due date: the adviser
            # dashboard's figures per municipality, a municipality's follow-up list.
            models.Index(
                fields=["municipality", "status", "due_date"], name="commitment_muni_status_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @staticmethod
    def open_filter(prefix: str = "") -> Q:
        """Still open. `prefix` reaches commitments through a relation, e.g. "commitments__"."""
        return Q(**{f"{prefix}status": Commitment.Status.OPEN})

    @staticmethod
    def overdue_filter(today: datetime.date, prefix: str = "") -> Q:
        """Overdue on `today`: still open, and due before `today`."""
        return Commitment.open_filter(prefix) & Q(**{f"{prefix}due_date__lt": today})

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.status == self.Status.OPEN and self.due_date < today

    @staticmethod
    def responsible_roles_q(municipality: Any, region: Any) -> Q:
        """Role assignments that make a user one of a municipality's people for its items: its
        municipal staff, or an adviser for it or for its region (values or OuterRefs)."""
        return Q(role=RoleAssignment.Role.MUNICIPAL, municipality=municipality) | (
            Q(role=RoleAssignment.Role.ADVISER) & (Q(municipality=municipality) | Q(region=region))
        )

    @classmethod
    def eligible_responsible(cls, municipality: Municipality) -> models.QuerySet[Any]:
        """The active users who may be responsible for `municipality`'s items (and so get its
        reminders): its municipal staff and its advisers."""
        roles = RoleAssignment.objects.filter(
            cls.responsible_roles_q(municipality.pk, municipality.region_id)
        )
        return get_user_model()._default_manager.filter(is_active=True, pk__in=roles.values("user"))

    @classmethod
    def responsible_fits(cls) -> Exists:
        """For a queryset of commitments: the responsible user is still one of the item's
        municipality's people (roles change after an item is made)."""
        return Exists(
            RoleAssignment.objects.filter(
                cls.responsible_roles_q(OuterRef("municipality"), OuterRef("municipality__region")),
                user=OuterRef("responsible"),
            )
        )

    def clean(self) -> None:
        super().clean()
        if (
            self.responsible_id is not None
            and self.municipality_id is not None
            and not self.eligible_responsible(self.municipality)
            .filter(pk=self.responsible_id)
            .exists()
        ):
            raise ValidationError(
                {
                    "responsible": _(
                        "The responsible person must work in %(municipality)s or be its "
                        "Husbanken adviser."
                    )
                    % {"municipality": self.municipality.name}
                }
            )

    @property
    def is_overdue(self) -> bool:
        """Overdue today (in the site's time zone)."""
        return self.is_overdue_on(timezone.localdate())


class Grant(AttributedModel):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="grants"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_year])
    applied = models.DecimalField(_("applied (NOK)"), max_digits=14, decimal_places=0, default=0)
    granted = models.DecimalField(_("granted (NOK)"), max_digits=14, decimal_places=0, default=0)
    paid = models.DecimalField(_("paid (NOK)"), max_digits=14, decimal_places=0, default=0)
    purpose = FreeCharField(_("purpose"), max_length=250, blank=True)
    is_example = models.BooleanField(_("example data"), default=False)

    objects = ScopedQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality.
    municipality_path = "municipality"

    class Meta:
        ordering = ["municipality__name", "-year"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(
                condition=Q(applied__gte=0) & Q(granted__gte=0) & Q(paid__gte=0),
                name="grant_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(paid__lte=F("granted")), name="grant_paid_le_granted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.year}: {self.instrument}"

    @property
    def unspent(self) -> Decimal:
        return self.granted - self.paid


class SuccessCriterionAssessment(AttributedModel):
    class Rating(models.IntegerChoices):
        NOT_STARTED = 1, _("Not started")
        DEVELOPING = 2, _("Under development")
        ESTABLISHED = 3, _("Established")
        ANCHORED = 4, _("Anchored and lasting")

    class Assessor(models.TextChoices):
        SELF = "self", _("Municipality's self-assessment")
        ADVISER = "adviser", _("Husbanken's assessment")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="criterion_assessments",
    )
    criterion = models.ForeignKey(
        SuccessCriterion,
        verbose_name=_("success criterion"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_year])
    assessor = models.CharField(_("assessed by"), max_length=10, choices=Assessor.choices)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    reason = FreeTextField(_("reasons"), blank=True)
    is_example = models.BooleanField(_("example data"), default=False)

    objects = ScopedQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality.
    municipality_path = "municipality"

    class Meta:
        ordering = ["municipality__name", "-year", "criterion__order"]
        verbose_name = _("success criterion assessment")
        verbose_name_plural = _("success criterion assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "criterion", "year", "assessor"],
                name="criterion_assessment_unique",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=4), name="criterion_rating_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.year} {self.criterion}: {self.rating}"


class ReportingPeriod(TimeStampedModel):
    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        HALF_YEAR = "half_year", _("Half-year")
        YEAR = "year", _("Year")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.PROTECT,
        related_name="reporting_periods",
    )
    name = FreeCharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("start"), validators=[validate_date_range])
    end_date = models.DateField(_("end"), validators=[validate_date_range])
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, validators=[validate_date_range]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "kind", "start_date"], name="reporting_period_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="period_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValueQuerySet(ScopedQuerySet):
    def approved(self) -> IndicatorValueQuerySet:
        """Values the adviser has approved: the only ones that count where figures are shown."""
        return self.filter(status=IndicatorValue.Status.APPROVED)


class IndicatorValue(AttributedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="indicator_values",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = FreeCharField(_("source"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    comment = FreeTextField(_("adviser's comment"), blank=True)
    is_example = models.BooleanField(_("example data"), default=False)

    objects = IndicatorValueQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality.
    municipality_path = "municipality"

    class Meta:
        ordering = ["municipality__name", "indicator__code"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        indexes = [
            models.Index(fields=["period", "status"], name="value_period_status_idx"),
            # The dashboard's "what changed since your last visit": values changed since.
            models.Index(fields=["updated_at"], name="value_updated_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator", "period"], name="indicator_value_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} · {self.indicator} · {self.period}: {self.value}"


class ValueStatusCount(ReadModel):
    """Read model: how many of a municipality's indicator values of a reporting period are in
    each status. Kept by database triggers (migration `0003_value_status_count_triggers`) in the same
    transaction as every write to indicator values, whoever writes; the review queue and the
    reporting-period list read it through `participation.programme.readmodel` instead of
    counting the values (about 500 000 at scale 1). Rows may hold only zeros."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="status_counts"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    draft_count = models.IntegerField(default=0)
    submitted_count = models.IntegerField(default=0)
    approved_count = models.IntegerField(default=0)
    returned_count = models.IntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality.
    municipality_path = "municipality"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period"], name="value_status_count_unique"
            ),
        ]


class IndicatorYearFigures(ReadModel):
    """Read model: a municipality's approved values of indicators with a target, by the year
    their reporting period starts, and how many of them reach the target (at or above it where
    higher is better, at or below where lower is): the dashboard's trend. Kept by database
    triggers (migration `0005_indicator_year_figures`) in the same transaction as every write to
    indicator values, and to the indicators' targets and the periods' start dates; read through
    `participation.programme.readmodel`. Rows may hold only zeros."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.IntegerField()
    value_count = models.IntegerField(default=0)
    on_target_count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="indicator_year_unique"),
        ]


class RiskFlag(AttributedModel):
    class Kind(models.TextChoices):
        LEADER_LEFT = "leader_left", _("Programme leader has left")
        NO_LEADERSHIP = "no_leadership", _("No leadership support")
        UNSPENT = "unspent", _("Unspent grants")
        NO_FOLLOW_UP = "no_follow_up", _("No follow-up after a gathering")
        GRANT_ENDING = "grant_ending", _("State grant ending with no plan to continue")
        NO_MEETING = "no_meeting", _("No meeting for a long time")
        OVERDUE = "overdue", _("Overdue commitments")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        RULE = "rule", _("Raised by a rule")
        MANUAL = "manual", _("Raised by hand")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="risk_flags",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    note = FreeTextField(_("note"), blank=True)
    raised_on = models.DateField(_("raised on"), validators=[validate_date_range])
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[validate_date_range]
    )
    close_note = FreeTextField(_("closing note"), blank=True)
    is_example = models.BooleanField(_("example data"), default=False)

    objects = ScopedQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality.
    municipality_path = "municipality"

    class Meta:
        ordering = ["closed_on", "-raised_on"]
        verbose_name = _("risk flag")
        verbose_name_plural = _("risk flags")
        indexes = [
            models.Index(fields=["municipality", "closed_on"], name="riskflag_muni_open_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
                name="riskflag_closed_not_before_raised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name}: {self.get_kind_display()}"
