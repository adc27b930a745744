from django.urls import path

from . import views
from .views import account, audit, events, history, imports, initiatives, inputs, users, values

app_name = "participation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality-detail"),
    # Indicator values: the municipality's reporting periods, and the form for one period.
    path("kommuner/<str:number>/perioder/", values.period_list, name="period-list"),
    path(
        "kommuner/<str:number>/perioder/<int:period>/verdier/",
        values.period_values,
        name="period-values",
    ),
    path("tiltak/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative-detail"),
    # Initiatives: the list, new (in a municipality from the URL), edit, factor assessment.
    path("tiltak/", initiatives.initiative_list, name="initiative-list"),
    path(
        "kommuner/<str:number>/tiltak/ny/",
        initiatives.initiative_create,
        name="initiative-create",
    ),
    path("tiltak/<int:pk>/endre/", initiatives.initiative_update, name="initiative-update"),
    path("tiltak/<int:pk>/faktorer/", initiatives.initiative_factors, name="initiative-factors"),
    # Involvement events and their input (views/events.py, views/inputs.py).
    path("tiltak/<int:pk>/aktiviteter/ny/", events.event_create, name="event-create"),
    # Importing events from a spreadsheet (views/imports.py).
    path("tiltak/<int:pk>/aktiviteter/import/", imports.event_import, name="event-import"),
    path(
        "tiltak/<int:pk>/aktiviteter/import/lagre/",
        imports.event_import_commit,
        name="event-import-commit",
    ),
    path(
        "tiltak/<int:pk>/aktiviteter/import/mal.csv",
        imports.event_import_template,
        {"fmt": "csv"},
        name="event-import-template-csv",
    ),
    path(
        "tiltak/<int:pk>/aktiviteter/import/mal.xlsx",
        imports.event_import_template,
        {"fmt": "xlsx"},
        name="event-import-template-xlsx",
    ),
    path("aktiviteter/<int:pk>/", events.event_detail, name="event-detail"),
    path("aktiviteter/<int:pk>/endre/", events.event_update, name="event-update"),
    path("aktiviteter/<int:pk>/dupliser/", events.event_duplicate, name="event-duplicate"),
    path("aktiviteter/<int:pk>/tilbakemelding/", events.event_feedback, name="event-feedback"),
    path("aktiviteter/<int:pk>/innspill/ny/", inputs.input_add, name="input-add"),
    path("innspill/", inputs.input_list, name="input-list"),
    path("innspill/<int:pk>/endre/", inputs.input_update, name="input-update"),
    # The audit trail: history pages for those who may see the record, the search for admins.
    path(
        "kommuner/<str:number>/historikk/",
        history.municipality_history,
        name="municipality-history",
    ),
    path("tiltak/<int:pk>/historikk/", history.initiative_history, name="initiative-history"),
    path("revisjon/", audit.audit_log, name="audit-log"),
    path("revisjon/sikkerhet/", audit.security_events, name="security-events"),
    # Admins' user management.
    path("brukere/", users.user_list, name="user-list"),
    path("brukere/ny/", users.user_create, name="user-create"),
    path("brukere/<int:pk>/", users.user_detail, name="user-detail"),
    path("brukere/<int:pk>/roller/ny/", users.user_role_add, name="user-role-add"),
    path("brukere/roller/<int:pk>/fjern/", users.user_role_revoke, name="user-role-revoke"),
    path("brukere/<int:pk>/deaktiver/", users.user_deactivate, name="user-deactivate"),
    path("brukere/<int:pk>/aktiver/", users.user_reactivate, name="user-reactivate"),
    path("brukere/<int:pk>/opphev-sperre/", users.user_unlock, name="user-unlock"),
    # The user's own account, and the admins' second factor.
    path("konto/", account.account, name="account"),
    path("konto/passord/", account.AccountPasswordChangeView.as_view(), name="password-change"),
    path("konto/totp/ny/", account.totp_enrol, name="totp-enrol"),
    path("login/totp/", account.totp_verify, name="totp-verify"),
]
