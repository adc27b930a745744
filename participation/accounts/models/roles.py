from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.core.models import TimeStampedModel
from participation.places.models import Municipality, Region


class RoleAssignment(TimeStampedModel):
    """A user's role, and the region or municipality it applies to.

    Admins need no scope. Advisers and viewers may be scoped to a region or a municipality;
    municipal staff to a municipality. A user may hold several assignments.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        ADVISER = "adviser", _("Husbanken adviser")
        MUNICIPAL = "municipal", _("Municipal staff")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("Husbanken region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    is_programme_leader = models.BooleanField(_("programme leader"), default=False)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            # Admins have no scope; others have exactly one of region or municipality, and
            # municipal staff are always scoped to a municipality.
            models.CheckConstraint(
                condition=(
                    Q(role="admin", region__isnull=True, municipality__isnull=True)
                    | Q(role="municipal", region__isnull=True, municipality__isnull=False)
                    | (
                        Q(role__in=["adviser", "viewer"])
                        & (
                            Q(region__isnull=True, municipality__isnull=False)
                            | Q(region__isnull=False, municipality__isnull=True)
                        )
                    )
                ),
                name="role_assignment_scope_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(is_programme_leader=False) | Q(role="municipal"),
                name="role_assignment_leader_only_municipal",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region", "municipality"],
                name="role_assignment_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        scope = self.municipality or self.region or _("everything")
        return f"{self.user}: {self.get_role_display()} ({scope})"
