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
        name_third_party_apps()


def name_third_party_apps() -> None:
    """Translatable names for the Django admin's sections of django-otp's TOTP devices and
    django-axes, which give theirs as fixed English ("TOTP device", "Otp_Totp", "Axes")."""
    from django.apps import apps
    from django_otp.plugins.otp_totp.models import TOTPDevice

    apps.get_app_config("otp_totp").verbose_name = _("Second factor")
    apps.get_app_config("axes").verbose_name = _("Login attempts")
    TOTPDevice._meta.verbose_name = _("authenticator app")
    TOTPDevice._meta.verbose_name_plural = _("authenticator apps")
