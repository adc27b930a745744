"""URLs. Initiatives, involvement events, input and the event import.

Included by participation/urls.py into the one `participation` namespace."""

from django.urls import path

from .views import events, history, imports, initiatives, inputs

urlpatterns = [
    path("tiltak/<int:pk>/", initiatives.InitiativeDetailView.as_view(), name="initiative-detail"),
    path("tiltak/", initiatives.initiative_list, name="initiative-list"),
    path(
        "kommuner/<str:number>/tiltak/ny/",
        initiatives.initiative_create,
        name="initiative-create",
    ),
    path("tiltak/<int:pk>/historikk/", history.initiative_history, name="initiative-history"),
    path("tiltak/<int:pk>/endre/", initiatives.initiative_update, name="initiative-update"),
    path("tiltak/<int:pk>/faktorer/", initiatives.initiative_factors, name="initiative-factors"),
    path("tiltak/<int:pk>/historikk/", history.initiative_history, name="initiative-history"),
    path("tiltak/<int:pk>/aktiviteter/ny/", events.event_create, name="event-create"),
    path("tiltak/<int:pk>/aktiviteter/import/", imports.event_import, name="event-import"),
    path(
        "tiltak/<int:pk>/aktiviteter/import/lagre/",
        imports.event_import_commit,
        name="event-import-commit",
    ),
    path(
        "aktiviteter/import/<int:pk>/",
        imports.event_import_job,
        name="event-import-job",
    ),
    path(
        "aktiviteter/import/<int:pk>/framdrift/",
        imports.event_import_job_progress,
        name="event-import-job-progress",
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
]
