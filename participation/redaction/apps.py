from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedactionConfig(AppConfig):
    name = "participation.redaction"
    label = "redaction"
    verbose_name = _("Redaction of personal data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The task, registered with Celery in every process (web and worker): the services send
        # `participation.remake_redacted_report_files` by its name.
        from participation.redaction import tasks  # noqa: F401
