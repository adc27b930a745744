"""URLs. Redaction: finding personal data across records, audit trail and reports, and removing it.

Included by participation/urls.py into the one `participation` namespace. Under /revisjon/ beside
the audit-log search."""

from django.urls import path

from . import views

urlpatterns = [
    path("revisjon/fjerning/", views.redaction_search, name="redaction"),
    path("revisjon/fjerning/bekreft/", views.redaction_confirm, name="redaction-confirm"),
]
