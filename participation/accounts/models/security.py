"""Security events that are not changes to domain rows: logins, failed logins, lockouts,
exports, role and account changes. Changes to domain rows are recorded by django-auditlog.

Both tables are append-only: a database trigger refuses UPDATE and DELETE on them. The one
exception is the audited redaction of personal data (participation/redaction), which may replace
text in their text columns through one database function and nothing else. Each row is also
chained by hash to the one written before it (`AuditChainLink`, in chain.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        LOCKED_OUT = "locked_out", _("Locked out after failed logins")
        UNLOCKED = "unlocked", _("Login unlocked")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        SECOND_FACTOR_ENROLLED = "otp_enrolled", _("Second factor enrolled")
        SECOND_FACTOR_RESET = "otp_reset", _("Second factor reset")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        USER_CREATED = "user_created", _("User created")
        USER_DEACTIVATED = "user_deactivated", _("User deactivated")
        USER_REACTIVATED = "user_reactivated", _("User reactivated")
        EXPORT = "export", _("Export")
        # Personal data replaced by a marker (participation.redaction): who, why, how many
        # places; never the removed text.
        REDACTION = "redaction", _("Personal data removed")
        # A user, role, group, second-factor device or lockout record added, changed or
        # deleted in the Django admin: which record, which fields (never a secret's value).
        ADMIN_SITE_CHANGE = "admin_site", _("Changed in the Django admin")
        # API tokens (participation.api): made, used from an address not seen before, revoked.
        API_TOKEN_CREATED = "api_token_created", _("API token created")
        API_TOKEN_NEW_ADDRESS = "api_token_new_address", _("API token used from a new address")
        API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # Users are deactivated, never deleted; PROTECT keeps every row attributable.
        on_delete=models.PROTECT,
        related_name="security_events",
    )
    # The name typed at a failed login, which may match no user; kept as typed.
    username = models.CharField(_("username"), max_length=150, blank=True)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="security_events_concerning",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [
            models.Index(fields=["actor", "-created_at"], name="securityevent_actor_idx"),
            models.Index(fields=["kind", "-created_at"], name="securityevent_kind_idx"),
        ]

    def __str__(self) -> str:
        who = self.actor or self.username or "–"
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()} ({who})"
