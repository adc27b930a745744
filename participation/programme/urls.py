"""URLs. The municipal programme: agreements and people, meetings and commitments, grants, risk flags, indicator values, their review and the success criteria.

Included by participation/urls.py into the one `participation` namespace."""

from django.urls import path

from .views import agreements, approvals, criteria, grants, meetings, risks, values

urlpatterns = [
    path("kommuner/<str:number>/perioder/", values.period_list, name="period-list"),
    path(
        "kommuner/<str:number>/perioder/<int:period>/verdier/",
        values.period_values,
        name="period-values",
    ),
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
    path("kommuner/<str:number>/tilskudd/", grants.grant_list, name="grant-list"),
    path("kommuner/<str:number>/tilskudd/ny/", grants.grant_create, name="grant-create"),
    path("tilskudd/<int:pk>/endre/", grants.grant_update, name="grant-update"),
    path("kommuner/<str:number>/risikoflagg/", risks.flag_list, name="riskflag-list"),
    path("kommuner/<str:number>/risikoflagg/ny/", risks.flag_create, name="riskflag-create"),
    path("risikoflagg/<int:pk>/lukk/", risks.flag_close, name="riskflag-close"),
]
