from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Social housing work")
    default_auto_field = "django.db.models.BigAutoField"
