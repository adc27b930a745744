"""URLs of the public pages (/apen/, no login; robots.txt) and of the staff's publishing pages.

Included by participation/urls.py into the one `participation` namespace."""

from django.urls import path

from . import api
from .views import public, staff

urlpatterns = [
    # Staff: choose, preview, publish, change, withdraw; the municipality's indexing choice.
    path("tiltak/<int:pk>/publisering/", staff.publication_edit, name="publication-edit"),
    path(
        "tiltak/<int:pk>/publisering/trekk-tilbake/",
        staff.publication_withdraw,
        name="publication-withdraw",
    ),
    path("kommuner/<str:number>/apne-sider/", staff.public_site_edit, name="public-site-edit"),
    # The public.
    path("robots.txt", public.robots, name="robots"),
    path("apen/", public.overview, name="public-overview"),
    path("apen/apne-data/", public.open_data, name="public-open-data"),
    path("apen/apne-data.json", public.open_data_json, name="public-open-data-json"),
    path("apen/apne-data.csv", public.open_data_csv, name="public-open-data-csv"),
    # The same JSON through the API, without a token (in the API's OpenAPI schema).
    path("api/v1/open-data/", api.open_data, name="api-open-data"),
    path("apen/sitemap.xml", public.sitemap, name="public-sitemap"),
    path("apen/t/<int:pk>/", public.short, name="public-short"),
    path("apen/<str:number>/", public.municipality, name="public-municipality"),
    path("apen/<str:number>/tiltak/<int:pk>/", public.initiative, name="public-initiative"),
    path(
        "apen/<str:number>/tiltak/<int:pk>/utskrift/",
        public.initiative_print,
        name="public-print",
    ),
    path("apen/<str:number>/tiltak/<int:pk>/qr.svg", public.qr, name="public-qr"),
]
