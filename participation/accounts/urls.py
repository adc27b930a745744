"""URLs. Accounts: the user's own account and second factor, admins' user management, the audit trail's pages.

Included by participation/urls.py into the one `participation` namespace."""

from django.urls import path

from .views import account, audit, history, users

urlpatterns = [
    path(
        "kommuner/<str:number>/historikk/",
        history.municipality_history,
        name="municipality-history",
    ),
    path("revisjon/", audit.audit_log, name="audit-log"),
    path("revisjon/sikkerhet/", audit.security_events, name="security-events"),
    path("brukere/", users.user_list, name="user-list"),
    path("brukere/ny/", users.user_create, name="user-create"),
    path("brukere/<int:pk>/", users.user_detail, name="user-detail"),
    path("brukere/<int:pk>/roller/ny/", users.user_role_add, name="user-role-add"),
    path("brukere/roller/<int:pk>/fjern/", users.user_role_revoke, name="user-role-revoke"),
    path("brukere/<int:pk>/deaktiver/", users.user_deactivate, name="user-deactivate"),
    path("brukere/<int:pk>/aktiver/", users.user_reactivate, name="user-reactivate"),
    path("brukere/<int:pk>/opphev-sperre/", users.user_unlock, name="user-unlock"),
    path(
        "brukere/<int:pk>/tilbakestill-totp/",
        users.user_second_factor_reset,
        name="user-second-factor-reset",
    ),
    path("konto/", account.account, name="account"),
    path("konto/varsler/", account.notification_settings, name="notification-settings"),
    path("konto/passord/", account.AccountPasswordChangeView.as_view(), name="password-change"),
    path("konto/totp/ny/", account.totp_enrol, name="totp-enrol"),
    path("login/totp/", account.totp_verify, name="totp-verify"),
]
