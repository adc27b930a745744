from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    name = "participation.front"
    label = "front"
    verbose_name = _("Dashboards")
    default_auto_field = "django.db.models.BigAutoField"
