"""The open data through the API: `/api/v1/open-data/`, the same JSON as `/apen/apne-data.json`
(every live publication, NLOD 2.0, the same disclosure rules and cache), without a token.

A view of this app, not of `participation.api`: the two apps sit side by side in the layers
and do not import each other. It is a Django REST framework view so that it is in the API's
OpenAPI schema; it takes no authentication (a token sent with it is ignored) and is
rate-limited per visitor address like the public pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request

from .views import public


@extend_schema(
    operation_id="open_data",
    summary=_("Open data: what the municipalities publish"),
    description=_(
        "Every published initiative with its published events (how many took part, under the "
        "same disclosure rules as the reports) and its input with the answers given back, "
        "under the Norwegian licence for open government data (NLOD 2.0). No token needed. "
        "The same as /apen/apne-data.json; /apen/apne-data.csv has it as CSV."
    ),
    parameters=[
        OpenApiParameter(
            "kommune",
            OpenApiTypes.STR,
            description=_("Only this municipality's publications (four-digit number, e.g. 1804)."),
        )
    ],
    responses={200: OpenApiTypes.OBJECT},
    tags=["open-data"],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def open_data(request: Request) -> HttpResponse:
    return public.open_data_json(request._request)
