"""What the product tells a user: notices on "My tasks" and by e-mail, as each user chooses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.core.fields import FreeCharField


class NotificationSettings(models.Model):
    """How a user wants their notices by e-mail (a user without a row gets the defaults)."""

    class Email(models.TextChoices):
        DAILY = "daily", _("A daily digest; returned values at once")
        IMMEDIATE = "immediate", _("Each notice at once")
        NONE = "none", _("No e-mail: only on My tasks")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    email = models.CharField(
        _("notices by e-mail"), max_length=20, choices=Email.choices, default=Email.DAILY
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_email_display()})"


class Notification(models.Model):
    """One notice for one user: what happened, and a link straight to it.

    `key` names the occasion (e.g. "value-returned:41:2026-03-02T10:00"), so the same occasion
    never makes two notices. `emailed_at` is set, under a row lock, when the notice went out by
    e-mail, so no notice is e-mailed twice.
    """

    class Kind(models.TextChoices):
        VALUE_RETURNED = "value_returned", _("A value was returned")
        COMMITMENT_ASSIGNED = "commitment_assigned", _("A commitment was given to you")
        FEEDBACK_DUE = "feedback_due", _("Feedback to participants is due soon")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    key = models.CharField(_("occasion"), max_length=120)
    text = FreeCharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_occasion")
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_to_email",
            )
        ]

    def __str__(self) -> str:
        return self.text
