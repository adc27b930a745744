"""The OpenAPI 3 schema (drf-spectacular) and its documentation page (Swagger UI, served from the
product's own static files by drf-spectacular-sidecar: nothing from a CDN).

The page loads its start-up script from its own address (`?script`), not inline, so the
Content-Security-Policy (script-src 'self') holds. Schema and page speak the language the user
chose (Bokmål or English), or the one `?lang=nb|en` asks for.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .base import TokenScope


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, for anyone logged in or with a token."""

    permission_classes = [TokenScope]


@method_decorator(login_required, name="dispatch")
class DocsView(SpectacularSwaggerSplitView):
    """The documentation page: Swagger UI over the schema, for the logged-in user (it calls the
    API with the browser's session; a token can be given under "Authorize")."""

    permission_classes = [TokenScope]
    url_name = "participation:api-schema"
    template_name = "participation/api/docs.html"
