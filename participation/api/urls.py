"""URLs of the API, under /api/v1/: the endpoints, the OpenAPI schema and its documentation.

Included by participation/urls.py into the one `participation` namespace; every name starts
with `api-`.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import aggregates, docs, pages, views, writes

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="api-region")
router.register("counties", views.CountyViewSet, basename="api-county")
router.register("municipalities", views.MunicipalityViewSet, basename="api-municipality")
router.register("strategies", views.StrategyViewSet, basename="api-strategy")
router.register("goals", views.GoalViewSet, basename="api-goal")
router.register("priority-areas", views.PriorityAreaViewSet, basename="api-priority-area")
router.register("indicators", views.IndicatorViewSet, basename="api-indicator")
for slug, viewset in views.VOCABULARIES.items():
    router.register(f"vocabularies/{slug}", viewset, basename=f"api-vocabulary-{slug}")
router.register("initiatives", views.InitiativeViewSet, basename="api-initiative")
router.register("events", writes.EventViewSet, basename="api-event")
router.register("inputs", writes.InputViewSet, basename="api-input")
router.register("reporting-periods", views.ReportingPeriodViewSet, basename="api-period")
router.register("indicator-values", writes.IndicatorValueViewSet, basename="api-value")
router.register("agreements", views.AgreementViewSet, basename="api-agreement")
router.register("meetings", views.MeetingViewSet, basename="api-meeting")
router.register("commitments", views.CommitmentViewSet, basename="api-commitment")
router.register("reports", views.ReportViewSet, basename="api-report")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path(
        "api/v1/reports/<int:pk>/files/<slug:fmt>/",
        views.ReportFileView.as_view(),
        name="api-report-file",
    ),
    path(
        "api/v1/indicator-totals/",
        aggregates.IndicatorTotalsView.as_view(),
        name="api-indicator-totals",
    ),
    path("api/v1/schema/", docs.SchemaView.as_view(), name="api-schema"),
    path("api/v1/docs/", docs.DocsView.as_view(), name="api-docs"),
    # The web's token pages.
    path("konto/api-nokler/", pages.personal_tokens, name="api-tokens"),
    path(
        "konto/api-nokler/<int:pk>/trekk-tilbake/",
        pages.personal_token_revoke,
        name="api-token-revoke",
    ),
    path("api-nokler/", pages.system_tokens, name="api-system-tokens"),
    path(
        "api-nokler/<int:pk>/trekk-tilbake/",
        pages.system_token_revoke,
        name="api-system-token-revoke",
    ),
]
