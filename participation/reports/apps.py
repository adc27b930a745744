from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "participation.reports"
    label = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The report tasks, registered with Celery in every process (web and worker): the
        # services send `participation.generate_report` by its name.
        from participation.reports import tasks  # noqa: F401
