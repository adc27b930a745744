from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.core.bounds import validate_date_range, validate_population, validate_year
from participation.core.fields import FreeCharField
from participation.core.models import TimeStampedModel


class Region(TimeStampedModel):
    """A Husbanken region (regional office) that advisers follow municipalities from."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = FreeCharField(_("name"), max_length=120, unique=True)
    office = FreeCharField(_("office location"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Husbanken region")
        verbose_name_plural = _("Husbanken regions")

    def __str__(self) -> str:
        return self.name


class County(TimeStampedModel):
    number = models.CharField(_("county number"), max_length=2, unique=True)
    name = FreeCharField(_("name"), max_length=120)
    region = models.ForeignKey(
        Region,
        verbose_name=_("Husbanken region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counties",
    )
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, validators=[validate_date_range]
    )
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, validators=[validate_date_range]
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="county_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def current(self) -> MunicipalityQuerySet:
        return self.filter(valid_to__isnull=True)


class Municipality(TimeStampedModel):
    """A municipality (kommune), current or historical.

    Numbers changed in 2020 and 2024; a historical number is kept as its own row with valid_to
    set and a link to its successor, so programme work across those years keeps its place.
    """

    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    name = FreeCharField(_("name"), max_length=120)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="municipalities"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("Husbanken region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="municipalities",
    )
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, validators=[validate_population]
    )
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True, validators=[validate_year]
    )
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, validators=[validate_date_range]
    )
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, validators=[validate_date_range]
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    objects = MunicipalityQuerySet.as_manager()

    # Scope (participation.accounts.access): a municipality belongs to itself. Which ones a user
    # may see is `access.visible_municipalities(user)`.
    municipality_path = "pk"

    class Meta:
        ordering = ["name", "number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        indexes = [
            models.Index(fields=["name"], name="municipality_name_idx"),
            models.Index(fields=["region", "name"], name="municipality_region_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_four_digits"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="municipality_valid_to_after_from",
            ),
            models.CheckConstraint(
                condition=Q(population_year__isnull=True) | Q(population_year__gte=1800),
                name="municipality_population_year_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    def get_absolute_url(self) -> str:
        return reverse("participation:municipality-detail", args=[self.number])

    @property
    def is_current(self) -> bool:
        return self.valid_to is None
