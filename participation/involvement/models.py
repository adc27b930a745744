"""Initiatives, involvement events, participant counts and input from residents.

Privacy: nothing here identifies a resident. Participants are counts per target group and role;
input is a summary, never a quote tied to a person.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from participation.accounts.access import ScopedQuerySet
from participation.core.bounds import MAX_COUNT, validate_count, validate_date_range
from participation.core.fields import FreeCharField, FreeTextField
from participation.core.models import AttributedModel, ReadModel, choice_label
from participation.places.models import (
    Factor,
    Goal,
    Method,
    Municipality,
    ParticipationForm,
    PriorityArea,
    TargetGroup,
    Theme,
)


class InfluenceLevel(models.IntegerChoices):
    """The five-step influence scale (after IAP2; Arnstein's ladder is the critical reference)."""

    INFORM = 1, _("Inform")
    CONSULT = 2, _("Consult")
    INVOLVE = 3, _("Involve")
    COLLABORATE = 4, _("Collaborate")
    EMPOWER = 5, _("Empower")


class Initiative(AttributedModel):
    """A municipality's measure, project or plan process (tiltak)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DELAYED = "delayed", _("Delayed")
        HALTED = "halted", _("Halted")
        COMPLETED = "completed", _("Completed")

    class Directness(models.TextChoices):
        DIRECT = "direct", _("Direct")
        INDIRECT = "indirect", _("Indirect (e.g. through parents)")
        BOTH = "both", _("Both direct and indirect")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    name = FreeCharField(_("name"), max_length=200)
    aim = FreeTextField(_("aim and content"))
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("primary target groups"), blank=True, related_name="+"
    )
    participation_forms = models.ManyToManyField(
        ParticipationForm, verbose_name=_("participation forms"), blank=True, related_name="+"
    )
    individual_level = models.BooleanField(_("individual level"), default=False)
    collective_level = models.BooleanField(_("collective level"), default=False)
    system_level = models.BooleanField(_("system level"), default=False)
    directness = models.CharField(
        _("direct or indirect"),
        max_length=10,
        choices=Directness.choices,
        default=Directness.DIRECT,
    )
    intended_influence = models.PositiveSmallIntegerField(
        _("intended influence"), choices=InfluenceLevel.choices, null=True, blank=True
    )
    participation_description = FreeTextField(_("type of participation"), blank=True)
    strengths = FreeTextField(_("strength and gain"), blank=True)
    success_factors = FreeTextField(_("success factors"), blank=True)
    challenges = FreeTextField(_("challenges"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONGOING
    )
    start_date = models.DateField(
        _("start"), null=True, blank=True, validators=[validate_date_range]
    )
    end_date = models.DateField(_("end"), null=True, blank=True, validators=[validate_date_range])
    staffing_fte = models.DecimalField(
        _("staffing (full-time equivalents)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("main goals served"), blank=True, related_name="initiatives"
    )
    priority_areas = models.ManyToManyField(
        PriorityArea,
        verbose_name=_("priority areas served"),
        blank=True,
        related_name="initiatives",
    )
    is_example = models.BooleanField(_("example data"), default=False)

    objects = ScopedQuerySet.as_manager()

    def get_status_display(self) -> str:  # type: ignore[no-redef]
        """The status's label (Django's, looked up without translating every choice)."""
        return choice_label(self.Status, self.status)  # type: ignore[no-any-return]

    # Scope (participation.accounts.access): how a row reaches its municipality and initiative.
    municipality_path = "municipality"
    initiative_path = "pk"

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            models.Index(fields=["municipality", "status"], name="initiative_muni_status_idx"),
            # The list's sorts by name and by start, each way, with the id that makes the order
            # total: the page's rows read in order from the index (a deep page walks it) instead
            # of sorting all the scope's initiatives (migration 0009).
            models.Index(fields=["name", "id"], name="initiative_name_idx"),
            models.Index(fields=["-name", "id"], name="initiative_name_desc_idx"),
            models.Index(fields=["start_date", "id"], name="initiative_start_idx"),
            models.Index(fields=["-start_date", "id"], name="initiative_start_desc_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="initiative_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(staffing_fte__isnull=True) | Q(staffing_fte__gte=0),
                name="initiative_staffing_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.reference:
            self.reference = self._next_reference()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("participation:initiative-detail", args=[self.pk])

    def _next_reference(self) -> str:
        """A human reference: municipality number and a running number, e.g. 1833-0007."""
        prefix = f"{self.municipality.number}-"
        last = (
            Initiative.objects.filter(reference__startswith=prefix)
            .order_by("-reference")
            .values_list("reference", flat=True)
            .first()
        )
        running = int(last.removeprefix(prefix)) + 1 if last else 1
        return f"{prefix}{running:04d}"

    @property
    def levels(self) -> list[str]:
        labels = []
        if self.individual_level:
            labels.append(str(_("individual level")))
        if self.collective_level:
            labels.append(str(_("collective level")))
        if self.system_level:
            labels.append(str(_("system level")))
        return labels


class FactorAssessment(AttributedModel):
    """Whether a success factor or barrier was present in an initiative."""

    class Presence(models.TextChoices):
        PRESENT = "present", _("Present")
        PARTLY = "partly", _("Partly")
        ABSENT = "absent", _("Absent")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="factor_assessments",
    )
    factor = models.ForeignKey(
        Factor, verbose_name=_("factor"), on_delete=models.PROTECT, related_name="+"
    )
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices)
    comment = FreeTextField(_("comment"), blank=True)

    objects = ScopedQuerySet.as_manager()
    # Scope (participation.accounts.access): how a row reaches its municipality and initiative.
    municipality_path = "initiative__municipality"
    initiative_path = "initiative"

    class Meta:
        ordering = ["initiative", "factor__kind", "factor__group", "factor__order"]
        verbose_name = _("factor assessment")
        verbose_name_plural = _("factor assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "factor"], name="factor_assessment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.factor} ({self.get_presence_display()})"


# The event's own fields a form or an import may set (not the initiative, not the feedback given).
EVENT_FIELDS = (
    "title",
    "method",
    "channel",
    "date",
    "start_time",
    "description",
    "accessibility_measures",
    "expectations_clarified",
    "promise_to_participants",
    "feedback_due",
    "consent_noted",
    "consent_how",
)


class InvolvementEvent(AttributedModel):
    """A participation activity (medvirkningsaktivitet): a meeting, workshop, survey, visit …"""

    class Channel(models.TextChoices):
        PHYSICAL = "physical", _("In person")
        DIGITAL = "digital", _("Digital")
        HYBRID = "hybrid", _("Hybrid")
        OUTREACH = "outreach", _("Outreach")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="events"
    )
    # Denormalised: always the initiative's municipality, so that one municipality's events
    # (and their input) can be walked by date (index below) instead of the country's. Set by
    # `save()`; in PostgreSQL kept by triggers (migration 0006) whoever writes: an event's
    # insert or move, an initiative's move. Not part of the audit diff (derived).
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # the index (municipality, date, id) below serves it
    )
    title = FreeCharField(_("title"), max_length=200)
    date = models.DateField(_("date"), validators=[validate_date_range])
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    method = models.ForeignKey(
        Method, verbose_name=_("method"), on_delete=models.PROTECT, related_name="events"
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.PHYSICAL
    )
    description = FreeTextField(_("description"), blank=True)
    accessibility_measures = FreeTextField(_("accessibility measures"), blank=True)
    expectations_clarified = models.BooleanField(
        _("expectations clarified up front"), default=False
    )
    promise_to_participants = FreeTextField(
        _("promise to participants"),
        blank=True,
        help_text=_("What participants were told about how their input would be used."),
    )
    feedback_due = models.DateField(
        _("feedback due"), null=True, blank=True, validators=[validate_date_range]
    )
    feedback_given = models.DateField(
        _("feedback given"), null=True, blank=True, validators=[validate_date_range]
    )
    feedback_how = FreeTextField(_("how feedback was given"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="+")
    consent_noted = models.BooleanField(_("consent noted"), default=False)
    consent_how = FreeTextField(_("how consent was obtained"), blank=True)
    is_example = models.BooleanField(_("example data"), default=False)

    objects = ScopedQuerySet.as_manager()

    def get_channel_display(self) -> str:  # type: ignore[no-redef]
        """The channel's label (Django's, looked up without translating every choice)."""
        return choice_label(self.Channel, self.channel)  # type: ignore[no-any-return]

    # Scope (participation.accounts.access): how a row reaches its municipality and initiative.
    municipality_path = "initiative__municipality"
    initiative_path = "initiative"
    # Columns derived from other rows, left out of the audit diff (participation.accounts.audit).
    derived_fields = ("municipality",)

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("involvement event")
        verbose_name_plural = _("involvement events")
        indexes = [
            models.Index(fields=["initiative", "date"], name="event_initiative_date_idx"),
            # The "feedback overdue" lists filter on these two columns.
            models.Index(fields=["feedback_due", "feedback_given"], name="event_feedback_idx"),
            # Lists across many municipalities (the open input, the municipality page's recent
            # events) walk events by date instead of sorting all of them.
            models.Index(fields=["date", "id"], name="event_date_idx"),
            # One municipality's events (and so its open input) by date: Oslo's deep pages of
            # the input list walked the whole country's events by date (issue 11).
            models.Index(fields=["municipality", "date", "id"], name="event_municipality_date_idx"),
            # The dashboard's "what changed since your last visit": the events recorded since,
            # counted in the index with their initiative (the scope) without reading the rows.
            models.Index(fields=["created_at"], include=["initiative"], name="event_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_given__isnull=True) | Q(feedback_given__gte=F("date")),
                name="event_feedback_not_before_event",
            ),
            models.CheckConstraint(
                condition=Q(feedback_due__isnull=True) | Q(feedback_due__gte=F("date")),
                name="event_feedback_due_not_before_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def validate_constraints(self, exclude: Any = None) -> None:
        """Django's check, without the check constraints that name an excluded field: Django
        would skip them too, but only after building each one's query (about 0.3 ms) and catching
        the error that the field is missing. The event import validates up to 1 000 rows with
        the form, which excludes `feedback_due` (it checks the same rule in its own words) and
        never sets `feedback_given`."""
        excluded = set(exclude or ())
        errors: dict[str, Any] = {}
        for constraint in self._meta.constraints:
            if isinstance(constraint, models.CheckConstraint) and (
                Q(constraint.condition).referenced_base_fields & excluded
            ):
                continue
            try:
                constraint.validate(type(self), self, exclude=excluded)
            except ValidationError as error:
                fields: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
                if getattr(error, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # From the initiative in hand (no query); a new event whose initiative is not loaded
        # reads it. (PostgreSQL's trigger sets the column from the initiative in any case.)
        if InvolvementEvent.initiative.is_cached(self) or self.municipality_id is None:
            self.municipality_id = self.initiative.municipality_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "initiative" in update_fields:
            kwargs["update_fields"] = {*update_fields, "municipality"}
        super().save(*args, **kwargs)

    @property
    def participant_total(self) -> int:
        return sum(c.count for c in self.participant_counts.all())


# The most participants one cell of an event's count grid (a target group × role) may hold, and
# the most its total may say, in the count form (the event page and the import) and the services:
# more is a typo or a hostile number, and 99999999999999999999 overflowed the column (a 500).
# The model-level bound on counts (`core/bounds.py`).
MAX_PARTICIPANTS = MAX_COUNT


class ParticipantCount(models.Model):
    """How many took part, per target group and role. Aggregates only: never a person."""

    class Role(models.TextChoices):
        RESIDENT = "resident", _("Resident or service user")
        RELATIVE = "relative", _("Relative or next of kin")
        REPRESENTATIVE = "representative", _("User representative or organisation")
        CITIZEN = "citizen", _("Citizen")
        PEER = "peer", _("Person with lived experience or peer worker")
        STAFF = "staff", _("Staff")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        InvolvementEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participant_counts",
    )
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    count = models.PositiveIntegerField(_("count"), validators=[validate_count])

    objects = ScopedQuerySet.as_manager()
    # Scope (participation.accounts.access): how a row reaches its municipality and initiative.
    municipality_path = "event__initiative__municipality"
    initiative_path = "event__initiative"

    class Meta:
        ordering = ["event", "target_group__order", "role"]
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "target_group", "role"],
                name="participant_count_unique_cell",
            ),
            models.CheckConstraint(
                condition=Q(count__gte=0), name="participant_count_not_negative"
            ),
        ]

    def __str__(self) -> str:
        # The role's label as get_role_display() gives it, without the dictionary of every
        # choice that it builds (and translates) at each call: the event import names
        # thousands of counts in their audit entries.
        try:
            role: Any = self.Role(self.role).label
        except ValueError:
            role = self.role
        return f"{self.target_group} / {role}: {self.count}"


class Input(AttributedModel):
    """What came out of an event (innspill), summarised without identifying anyone."""

    class FollowUp(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not assessed")
        TAKEN_FORWARD = "taken_forward", _("Taken forward")
        INCORPORATED = "incorporated", _("Incorporated")
        PARTLY_MET = "partly_met", _("Partly met / alternative offered")
        DECLINED = "declined", _("Declined with reasons")
        PARKED = "parked", _("Parked for a later phase")

    event = models.ForeignKey(
        InvolvementEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="inputs"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="inputs"
    )
    summary = FreeTextField(_("summary"))
    follow_up_status = models.CharField(
        _("follow-up status"),
        max_length=20,
        choices=FollowUp.choices,
        default=FollowUp.NOT_ASSESSED,
    )
    follow_up_date = models.DateField(
        _("follow-up decided"), null=True, blank=True, validators=[validate_date_range]
    )
    answer = FreeTextField(_("answer given back"), blank=True)
    answered_on = models.DateField(
        _("answered on"), null=True, blank=True, validators=[validate_date_range]
    )
    is_example = models.BooleanField(_("example data"), default=False)

    objects = ScopedQuerySet.as_manager()

    def get_follow_up_status_display(self) -> str:  # type: ignore[no-redef]
        """The follow up status's label (Django's, looked up without translating every choice)."""
        return choice_label(self.FollowUp, self.follow_up_status)  # type: ignore[no-any-return]

    # Scope (participation.accounts.access): how a row reaches its municipality and initiative.
    # (the event's own copy of its initiative's municipality: one join, and an index by date)
    municipality_path = "event__municipality"
    initiative_path = "event__initiative"

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("input")
        verbose_name_plural = _("input")
        indexes = [
            models.Index(fields=["event", "follow_up_status"], name="input_event_status_idx"),
            models.Index(fields=["theme", "follow_up_status"], name="input_theme_status_idx"),
            # Open input (not assessed yet, about a fifth of all): the open-input list and the
            # dashboards' counts read this small index instead of the whole table.
            models.Index(
                fields=["event"],
                condition=Q(follow_up_status="not_assessed"),
                name="input_open_event_idx",
            ),
            # The dashboard's "what changed since your last visit": the input recorded since,
            # counted in the index with its event (the scope) without reading the rows.
            models.Index(fields=["created_at"], include=["event"], name="input_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | ~Q(answer=""),
                name="input_answer_date_needs_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.summary[:60]


class EventImport(AttributedModel):
    """One confirmed event import, committed by the Celery task `participation.import_events`
    (participation/involvement/services/imports.py, `run_import`) so that no web request waits
    for it: who asked (`created_by`), for which initiative and municipality, how far it has come
    and how it ended.

    `payload` holds what the commit needs and nothing else: the checked file's header and rows,
    as text. Only the task reads it, and it is emptied (None) in the same transaction that
    saves the events, or when the import fails: it is never in the audit trail
    (`audit_not_diffed`). Only the user who started an import sees it (`visible_to` and
    `created_by`; anyone else gets 404)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being imported")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="event_imports",
    )
    # The initiative's municipality when the import was confirmed: the scope it was made in.
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    language = models.CharField(_("language"), max_length=8, default="nb")
    digest = models.CharField(_("file fingerprint (SHA-256)"), max_length=64)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("events created"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows already imported"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The rows that failed the check again in the task: [row, column, message], the first 50.
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    payload = models.JSONField(_("rows to import"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality and initiative.
    municipality_path = "municipality"
    initiative_path = "initiative"
    # Never in the audit trail: the file's rows; and the progress, which moves row by row.
    audit_not_diffed = ("payload", "rows_done")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("event import")
        verbose_name_plural = _("event imports")
        indexes = [
            models.Index(
                fields=["initiative", "created_by", "status"], name="event_import_job_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{capfirst(str(_('event import')))} {self.pk or ''}".strip()

    def get_absolute_url(self) -> str:
        return reverse("participation:event-import-job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        """How far it has come: the checks up to 90, the writes to 100."""
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total or self.status != self.Status.RUNNING:
            return 0
        return min(95, 1 + self.rows_done * 89 // self.rows_total)


# The read model: the figures the dashboard and the municipality page show, per municipality,
# kept by database triggers (migration 0003) in the same transaction as every write to
# initiatives, events and input, whoever writes (services, the admin, imports, COPY). Read them
# through `participation.involvement.readmodel`; `manage.py rebuild_read_models` recomputes them.


class MunicipalityFigures(ReadModel):
    """A municipality's number of initiatives, events, input items and open input, and of events
    awaiting feedback (a due date, no feedback given yet; `FeedbackDueCount` by due date)."""

    municipality = models.OneToOneField(
        Municipality,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="involvement_figures",
    )
    initiative_count = models.IntegerField(default=0)
    event_count = models.IntegerField(default=0)
    input_count = models.IntegerField(default=0)
    open_input_count = models.IntegerField(default=0)
    awaiting_feedback_count = models.IntegerField(default=0)


class FeedbackDueCount(ReadModel):
    """How many of a municipality's events await feedback (not given yet) due on a date.

    Which of them are overdue depends on the day asked: those due before it, which is the
    municipality's `awaiting_feedback_count` less those due on or after the day (few: recent
    events only). Rows may hold 0.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    feedback_due = models.DateField()
    event_count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "feedback_due"], name="feedback_due_count_unique"
            )
        ]
        indexes = [models.Index(fields=["feedback_due"], name="feedback_due_count_due_idx")]


class InputYearFigures(ReadModel):
    """A municipality's input items of a year (of their event's date): all, assessed, answered.

    Rows may hold 0 (the year's input deleted or moved).
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.IntegerField()
    input_count = models.IntegerField(default=0)
    assessed_count = models.IntegerField(default=0)
    answered_count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="input_year_unique")
        ]


class EventYearFigures(ReadModel):
    """A municipality's involvement events of a year (of the event's date) and the participants
    counted at them (the sum of their `ParticipantCount`s): the dashboard's trends.

    Kept by database triggers (migration `0009_event_year_figures`) like the figures above, on
    initiatives, events and participant counts. Rows may hold 0.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.IntegerField()
    event_count = models.IntegerField(default=0)
    participant_count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="event_year_unique")
        ]
