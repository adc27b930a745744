from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "participation.accounts"
    label = "accounts"
    verbose_name = _("Accounts, access and audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Restarts the session's idle and maximum-length clocks at every login.
        from participation.accounts import audit, middleware, signals  # noqa: F401

        audit.register_models()  # the audit trail of row changes (django-auditlog)
        signals.connect()  # security events: logins, failed logins, logouts, lockouts
