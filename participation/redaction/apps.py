from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedactionConfig(AppConfig):
    name = "participation.redaction"
    label = "redaction"
    verbose_name = _("Redaction of personal data")
    default_auto_field = "django.db.models.BigAutoField"
