"""National strategies and their goal hierarchy, held as versioned data.

Strategy → Goal (main goal) → PriorityArea → SubGoal, with Indicators that may hang on any of
those levels; plus each strategy's success criteria and result targets. A new strategy is new
rows, not new code.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participation.core.bounds import validate_year
from participation.core.fields import FreeCharField, FreeTextField
from participation.core.models import TimeStampedModel


class Strategy(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = FreeCharField(_("name"), max_length=200, unique=True)
    subtitle = FreeCharField(_("subtitle"), max_length=250, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=[validate_year])
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=[validate_year])

    class Meta:
        ordering = ["start_year", "name"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="strategy_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"


class Goal(TimeStampedModel):
    """A main goal (hovedmål), or a cross-cutting special effort such as the one for families."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Main goal")
        SPECIAL_EFFORT = "special", _("Special effort")

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="goals"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MAIN)
    code = models.CharField(_("code"), max_length=20)
    name = FreeCharField(_("name"), max_length=250)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["strategy", "order", "code"]
        verbose_name = _("main goal")
        verbose_name_plural = _("main goals")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="goal_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class PriorityArea(TimeStampedModel):
    """A priority area (innsatsområde), under a main goal or directly under the strategy."""

    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="priority_areas",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("main goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="priority_areas",
    )
    code = models.CharField(_("code"), max_length=20)
    name = FreeCharField(_("name"), max_length=250)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["strategy", "order", "code"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="priority_area_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.goal is not None and self.goal.strategy_id != self.strategy_id:
            raise ValidationError({"goal": _("The main goal belongs to another strategy.")})


class SubGoal(TimeStampedModel):
    """A sub-goal (delmål) under a priority area; Husbanken defined 15 for Bolig for velferd."""

    priority_area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("priority area"),
        on_delete=models.CASCADE,
        related_name="sub_goals",
    )
    code = models.CharField(_("code"), max_length=20)
    name = FreeCharField(_("name"), max_length=250)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["priority_area", "order", "code"]
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        constraints = [
            models.UniqueConstraint(fields=["priority_area", "code"], name="sub_goal_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(TimeStampedModel):
    """A management parameter (styringsparameter) that municipalities report values for."""

    class Unit(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENT = "percent", _("Percent")
        NOK = "nok", _("NOK")
        YES_NO = "yes_no", _("Yes/no")
        RATE = "rate", _("Per 1 000 inhabitants")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="indicators"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("main goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    priority_area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("priority area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    sub_goal = models.ForeignKey(
        SubGoal,
        verbose_name=_("sub-goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.SlugField(_("code"), max_length=60)
    name = FreeCharField(_("name"), max_length=250)
    description = FreeTextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=[validate_year]
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    is_example = models.BooleanField(
        _("example indicator"),
        default=False,
        help_text=_("Illustrative indicator, not Husbanken's official wording."),
    )

    class Meta:
        ordering = ["strategy", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=~Q(unit="percent")
                | (
                    (Q(target__isnull=True) | Q(target__gte=0, target__lte=100))
                    & (Q(baseline__isnull=True) | Q(baseline__gte=0, baseline__lte=100))
                ),
                name="indicator_percent_within_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        for field in ("goal", "priority_area", "sub_goal"):
            parent = getattr(self, field)
            if parent is not None:
                strategy_id = (
                    parent.priority_area.strategy_id if field == "sub_goal" else parent.strategy_id
                )
                if strategy_id != self.strategy_id:
                    raise ValidationError({field: _("This belongs to another strategy.")})


class SuccessCriterion(TimeStampedModel):
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="success_criteria",
    )
    code = models.SlugField(_("code"), max_length=60)
    name = FreeCharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["strategy", "order"]
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "code"], name="success_criterion_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResultTarget(TimeStampedModel):
    """A result target (resultatmål), e.g. under Bolig for velferd's effort for families."""

    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="result_targets",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="result_targets",
    )
    text = FreeCharField(_("text"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["strategy", "order"]
        verbose_name = _("result target")
        verbose_name_plural = _("result targets")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "text"], name="result_target_unique_text"),
        ]

    def __str__(self) -> str:
        return self.text
