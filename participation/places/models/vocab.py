"""Vocabularies kept as data so admins can extend them without a release."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.core.fields import FreeTextField
from participation.core.models import BilingualNameModel


class VocabularyModel(BilingualNameModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    description = FreeTextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive entries are kept but not offered.")
    )

    class Meta:
        abstract = True
        ordering = ["order", "name"]


class TargetGroup(VocabularyModel):
    class Meta(VocabularyModel.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Method(VocabularyModel):
    """A participation method, e.g. dialogue café, workshop, residents' meeting."""

    class Meta(VocabularyModel.Meta):
        verbose_name = _("participation method")
        verbose_name_plural = _("participation methods")


class ParticipationForm(VocabularyModel):
    """Form or role of participation, e.g. brukermedvirkning, samskaping, brukerstyring."""

    class Meta(VocabularyModel.Meta):
        verbose_name = _("participation form")
        verbose_name_plural = _("participation forms")


class Theme(VocabularyModel):
    """One of the themes residents want a say in (the dialogue café's ten)."""

    class Meta(VocabularyModel.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Factor(VocabularyModel):
    """A success factor or a barrier, in the research's four groups."""

    class Kind(models.TextChoices):
        SUCCESS_FACTOR = "success", _("Success factor")
        BARRIER = "barrier", _("Barrier")

    class Group(models.TextChoices):
        FOCUS = "focus", _("Focus and framing")
        RESOURCES = "resources", _("Resources")
        FRAMEWORK = "framework", _("Framework conditions")
        OVERARCHING = "overarching", _("Overarching")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)

    class Meta(VocabularyModel.Meta):
        ordering = ["kind", "group", "order", "name"]
        verbose_name = _("success factor or barrier")
        verbose_name_plural = _("success factors and barriers")


class Instrument(VocabularyModel):
    """One of Husbanken's instruments (virkemidler), e.g. startlån, investeringstilskudd."""

    class Meta(VocabularyModel.Meta):
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
