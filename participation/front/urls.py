"""URLs of the pages that read across apps: dashboard, municipality page, advisers' overviews.

Included by participation/urls.py into the one `participation` namespace."""

from django.urls import path

from . import monitoring
from .views import advisers, dashboard, places, tasks

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("oppgaver/", tasks.my_tasks, name="my-tasks"),
    # For operators' load balancers and Prometheus; 404 unless MONITORING_ALLOWED_NETWORKS.
    path("helse/", monitoring.health, name="health"),
    path("metrics/", monitoring.metrics, name="metrics"),
    path("kommuner/<str:number>/", places.municipality_detail, name="municipality-detail"),
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
]
