"""What a municipality has chosen to show the public: a `Publication` per initiative (which of
its events and which input, with the answers given back) and a `PublicSite` per municipality
(whether search engines may index its public pages).

Both are domain models: audited by django-auditlog like every other (registered in
`participation.accounts.audit`, many-to-many fields included, so choosing and removing an event
or an input is in the initiative's history), and chained by hash with the rest of the audit
trail. Nothing here holds free text: what the public reads is the initiative's, events' and
input's own text, read when the page is made (`content.py`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.accounts.access import ScopedQuerySet
from participation.core.models import AttributedModel
from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.places.models import Municipality


class Publication(AttributedModel):
    """An initiative shown on the public pages, with the events and input chosen for it.

    Live while `withdrawn_at` is empty; a withdrawn publication's page answers 410 Gone until it
    is published again.
    """

    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="publication",
    )
    events = models.ManyToManyField(
        InvolvementEvent, verbose_name=_("published events"), blank=True, related_name="+"
    )
    inputs = models.ManyToManyField(
        Input, verbose_name=_("published input"), blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("first published"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    # Scope (participation.accounts.access): how a row reaches its municipality and initiative.
    municipality_path = "initiative__municipality"
    initiative_path = "initiative"

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [models.Index(fields=["withdrawn_at"], name="publication_withdrawn_idx")]

    def __str__(self) -> str:
        return str(self.initiative)

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class PublicSite(AttributedModel):
    """A municipality's choices for its public pages: whether search engines may index them
    (robots.txt, the sitemap and each page's robots header follow it)."""

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="public_site",
    )
    allow_indexing = models.BooleanField(
        _("let search engines index the public pages"),
        default=False,
        help_text=_(
            "When on, the municipality's public pages are listed in the sitemap and robots.txt "
            "lets search engines read them. When off, they ask search engines not to index them."
        ),
    )

    objects = ScopedQuerySet.as_manager()

    municipality_path = "municipality"

    class Meta:
        verbose_name = _("public site settings")
        verbose_name_plural = _("public site settings")

    def __str__(self) -> str:
        return str(self.municipality)
