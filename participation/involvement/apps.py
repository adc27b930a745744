from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvolvementConfig(AppConfig):
    name = "participation.involvement"
    label = "involvement"
    verbose_name = _("Initiatives and involvement")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The involvement tasks, registered with Celery in every process (web and worker): the
        # import's confirm sends `participation.import_events` by its name.
        from participation.involvement import tasks  # noqa: F401
