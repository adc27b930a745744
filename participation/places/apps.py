from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "participation.places"
    label = "places"
    verbose_name = _("Places, strategies and vocabularies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from participation.core import checks  # noqa: F401  # the project's system checks
