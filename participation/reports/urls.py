"""URLs. Reports: the list, asking for one, a report's page, its progress and files, the definitions of the figures.

Included by participation/urls.py into the one `participation` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("rapporter/", views.report_list, name="report-list"),
    path("rapporter/ny/", views.report_request, name="report-request"),
    path("rapporter/definisjoner/", views.report_definitions_page, name="report-definitions"),
    path("rapporter/<int:pk>/", views.report_detail, name="report-detail"),
    path("rapporter/<int:pk>/framdrift/", views.report_progress, name="report-progress"),
    path("rapporter/<int:pk>/igjen/", views.report_again, name="report-again"),
    path(
        "rapporter/<int:pk>/last-ned/pdf/",
        views.report_download,
        {"fmt": "pdf"},
        name="report-download-pdf",
    ),
    path(
        "rapporter/<int:pk>/last-ned/xlsx/",
        views.report_download,
        {"fmt": "xlsx"},
        name="report-download-xlsx",
    ),
    path(
        "rapporter/<int:pk>/last-ned/csv/",
        views.report_download,
        {"fmt": "csv"},
        name="report-download-csv",
    ),
]
