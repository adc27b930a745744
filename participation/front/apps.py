from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    name = "participation.front"
    label = "front"
    verbose_name = _("Dashboards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every Celery task's count and time, for /metrics/, in every process that runs tasks.
        from . import task_metrics

        task_metrics.connect()
