from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Social housing work")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Restarts the session's idle and maximum-length clocks at every login.
        from participation import middleware  # noqa: F401

        from . import audit, signals

        audit.register_models()  # the audit trail of row changes (django-auditlog)
        signals.connect()  # security events: logins, failed logins, logouts, lockouts
