from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participation.core.fields import FreeCharField


def choice_label(choices: type[models.Choices], value: Any) -> Any:
    """What Django's `get_FOO_display()` gives for `value` (its label as text; a value that is
    not a choice as it is), looked up in the choices' enumeration. Django's own builds a
    dictionary of every choice's label, translating each, on every call: a tenth of a list
    page's rendering where each row shows a status."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AttributedModel(TimeStampedModel):
    """Domain data that records which user created it and last changed it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class BilingualNameModel(models.Model):
    """Reference data with a Norwegian name and an optional English one.

    Domain terms stay Norwegian in the Norwegian interface; the English name is shown when the
    user has chosen English and one has been given.
    """

    name = FreeCharField(_("name (Norwegian)"), max_length=200)
    name_en = FreeCharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name_en and (get_language() or "nb").startswith("en"):
            return self.name_en
        return self.name


class ReadModel(models.Model):
    """A table derived from the domain rows, for pages to read instead of counting them.

    Its rows are written by the database (triggers in the owning app's migrations), in the same
    transaction as the rows they summarise, and can be rebuilt from them at any time; they are
    not domain data: not audited, not edited in the admin, not part of a redaction (no free
    text), and left out of `domain_models()`.
    """

    class Meta:
        abstract = True


def domain_models() -> list[type[models.Model]]:
    """Every concrete model of the product's own apps (`participation.*`), in app order; the
    read models (`ReadModel`), derived from the others, are left out."""
    from django.apps import apps

    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("participation.")
        for model in config.get_models()
        if not issubclass(model, ReadModel)
    ]
