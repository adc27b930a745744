"""Django admin of publications and the municipalities' public-site choices (staff publish in
the product's own screens, with the preview and the personal-data check; the admin is for
looking into any record, and its changes are audited like any other)."""

from django.contrib import admin

from participation.core.admin import AttributedAdmin
from participation.publishing.models import Publication, PublicSite


@admin.register(Publication)
class PublicationAdmin(AttributedAdmin):
    list_display = ("initiative", "published_at", "withdrawn_at")
    list_filter = ("withdrawn_at",)
    list_select_related = ("initiative",)
    search_fields = ("initiative__name", "initiative__municipality__name")
    raw_id_fields = ("initiative", "events", "inputs")


@admin.register(PublicSite)
class PublicSiteAdmin(AttributedAdmin):
    list_display = ("municipality", "allow_indexing")
    list_filter = ("allow_indexing",)
    list_select_related = ("municipality",)
    search_fields = ("municipality__name", "municipality__number")
    raw_id_fields = ("municipality",)
