from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "participation.programme"
    label = "programme"
    verbose_name = _("Municipal programme")
    default_auto_field = "django.db.models.BigAutoField"
