from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvolvementConfig(AppConfig):
    name = "participation.involvement"
    label = "involvement"
    verbose_name = _("Initiatives and involvement")
    default_auto_field = "django.db.models.BigAutoField"
