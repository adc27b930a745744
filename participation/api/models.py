"""API tokens, the addresses they were used from, and the answers kept for idempotent writes.

A token is shown once, when it is made; only its SHA-256 is stored (`key_hash`), beside a short
public prefix (`prefix`) that finds the row. A token acts as its `user`, with that user's roles
and scope (participation.accounts.access), and no more than its `scope` allows: a read token
only reads. Personal tokens belong to the person who made them; system tokens belong to a
service account of their own, made with the token and given one role on the municipality or
region the token is bound to (participation/api/services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.core.fields import FreeCharField
from participation.places.models import Municipality, Region


class ApiToken(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal")
        SYSTEM = "system", _("System")

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        READ_WRITE = "read_write", _("Read and write")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = FreeCharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    # System tokens: the one municipality or region they are bound to.
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("Husbanken region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("key (SHA-256)"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The audit trail records a token's making and revocation, never its hash, nor each use.
    audit_not_diffed = ("key_hash", "last_used_at", "last_used_ip")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="personal", municipality__isnull=True, region__isnull=True)
                    | Q(kind="system", municipality__isnull=False, region__isnull=True)
                    | Q(kind="system", municipality__isnull=True, region__isnull=False)
                ),
                name="api_token_binding_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    @property
    def bound_to(self) -> Municipality | Region | None:
        return self.municipality or self.region


class ApiTokenAddress(models.Model):
    """An address a token was used from: the first use from a new one is a security event."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="addresses")
    ip_address = models.GenericIPAddressField()
    first_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "ip_address"], name="api_token_address_once")
        ]

    def __str__(self) -> str:
        return f"{self.token_id} {self.ip_address}"


class IdempotentRequest(models.Model):
    """A write sent with an `Idempotency-Key` header, and the answer it got: the same key from the
    same user again gets the same answer, and creates nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    # SHA-256 of the method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_once")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
