from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality-detail"),
    path("tiltak/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative-detail"),
]
