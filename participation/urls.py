from django.urls import path

from . import views
from .views import (
    account,
    advisers,
    agreements,
    approvals,
    audit,
    criteria,
    events,
    grants,
    history,
    imports,
    initiatives,
    inputs,
    meetings,
    reports,
    risks,
    users,
    values,
)

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
    # The adviser's review of submitted values, and success criteria (views/approvals.py,
    # views/criteria.py).
    path("radgiver/verdier/", approvals.review_list, name="review-list"),
    path(
        "kommuner/<str:number>/perioder/<int:period>/godkjenning/",
        approvals.value_review,
        name="value-review",
    ),
    path(
        "kommuner/<str:number>/suksesskriterier/<int:year>/",
        criteria.criteria_year,
        name="criteria-year",
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
    # Meetings with municipalities and their commitments (views/meetings.py).
    path("radgiver/moter/", meetings.meeting_list, name="meeting-list"),
    path("radgiver/moter/ny/", meetings.meeting_create, name="meeting-create"),
    path("radgiver/moter/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("radgiver/moter/<int:pk>/endre/", meetings.meeting_update, name="meeting-update"),
    path(
        "radgiver/moter/<int:pk>/oppfolging/ny/",
        meetings.commitment_add,
        name="commitment-add",
    ),
    path("radgiver/oppfolging/", meetings.overdue_list, name="commitment-overdue"),
    path(
        "radgiver/oppfolging/<int:pk>/status/",
        meetings.commitment_status,
        name="commitment-status",
    ),
    path(
        "kommuner/<str:number>/oppfolging/",
        meetings.municipality_commitments,
        name="municipality-commitments",
    ),
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
    # Programme agreements and the programme's people (views/agreements.py).
    path("kommuner/<str:number>/avtaler/", agreements.agreement_list, name="agreement-list"),
    path("kommuner/<str:number>/avtaler/ny/", agreements.agreement_create, name="agreement-create"),
    path("avtaler/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path("avtaler/<int:pk>/endre/", agreements.agreement_update, name="agreement-update"),
    path("avtaler/<int:pk>/forny/", agreements.agreement_renew, name="agreement-renew"),
    path(
        "avtaler/<int:pk>/sjekkliste/", agreements.agreement_checklist, name="agreement-checklist"
    ),
    path("radgiver/avtaler/", agreements.agreements_ending, name="agreement-ending"),
    path("kommuner/<str:number>/personer/", agreements.contact_list, name="contact-list"),
    path("kommuner/<str:number>/personer/ny/", agreements.contact_create, name="contact-create"),
    path("personer/<int:pk>/endre/", agreements.contact_update, name="contact-update"),
    # Advisers' dashboards, the risk rules, grants and risk flags (views/advisers.py, grants.py,
    # risks.py).
    path("radgiver/", advisers.adviser_dashboard, name="adviser-dashboard"),
    path("radgiver/risikoregler/", advisers.risk_rules, name="risk-rules"),
    path("radgiver/region/<slug:code>/", advisers.region_dashboard, name="region-dashboard"),
    path(
        "radgiver/region/<slug:code>/eksport.csv",
        advisers.region_export,
        {"fmt": "csv"},
        name="region-export-csv",
    ),
    path(
        "radgiver/region/<slug:code>/eksport.xlsx",
        advisers.region_export,
        {"fmt": "xlsx"},
        name="region-export-xlsx",
    ),
    path("kommuner/<str:number>/tilskudd/", grants.grant_list, name="grant-list"),
    path("kommuner/<str:number>/tilskudd/ny/", grants.grant_create, name="grant-create"),
    path("tilskudd/<int:pk>/endre/", grants.grant_update, name="grant-update"),
    path("kommuner/<str:number>/risikoflagg/", risks.flag_list, name="riskflag-list"),
    path("kommuner/<str:number>/risikoflagg/ny/", risks.flag_create, name="riskflag-create"),
    path("risikoflagg/<int:pk>/lukk/", risks.flag_close, name="riskflag-close"),
    # Reports (views/reports.py): the list, asking for one, a report's page, its progress, its
    # files, asking again, and the definitions of the figures.
    path("rapporter/", reports.report_list, name="report-list"),
    path("rapporter/ny/", reports.report_request, name="report-request"),
    path("rapporter/definisjoner/", reports.report_definitions_page, name="report-definitions"),
    path("rapporter/<int:pk>/", reports.report_detail, name="report-detail"),
    path("rapporter/<int:pk>/framdrift/", reports.report_progress, name="report-progress"),
    path("rapporter/<int:pk>/igjen/", reports.report_again, name="report-again"),
    path(
        "rapporter/<int:pk>/last-ned/pdf/",
        reports.report_download,
        {"fmt": "pdf"},
        name="report-download-pdf",
    ),
    path(
        "rapporter/<int:pk>/last-ned/xlsx/",
        reports.report_download,
        {"fmt": "xlsx"},
        name="report-download-xlsx",
    ),
    path(
        "rapporter/<int:pk>/last-ned/csv/",
        reports.report_download,
        {"fmt": "csv"},
        name="report-download-csv",
    ),
]
