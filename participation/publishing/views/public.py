"""The public pages under /apen/, without login: the national overview of which municipalities
publish, a municipality's published initiatives, an initiative's page ("Dere sa – vi gjorde"),
its printable version, short address and QR code, the open data, robots.txt and the sitemap.

Every page is cached (`..cache`: its content is made once per generation and language, so a
page in the news does not reach the database on every request) and rate-limited per visitor
address (`PUBLIC_RATE_LIMIT`, 429 above it). A withdrawn initiative's page answers 410 Gone.
Search engines may index a municipality's pages only if it has chosen so (`PublicSite`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_ratelimit.core import is_ratelimited

from participation.places.models import Municipality

from .. import content, opendata
from ..cache import cached
from ..models import Publication, PublicSite

View = Callable[..., HttpResponse]


def client_address(group: str, request: HttpRequest) -> str:
    """The visitor's address, from `PUBLIC_CLIENT_IP_HEADER` behind a proxy (its first entry)."""
    header = settings.PUBLIC_CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    return value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def public_view(view: View) -> View:
    """GET and HEAD only, rate-limited per visitor address."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_ratelimited(
            request,
            group="publishing.public",
            key=client_address,
            rate=settings.PUBLIC_RATE_LIMIT,
            increment=True,
        ):
            response = HttpResponse(
                _("Too many requests. Please wait a minute and try again."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return require_safe(wrapped)


def _page(request: HttpRequest, page: dict[str, Any]) -> HttpResponse:
    """The page frame (language switch, per request) around the cached content."""
    response = render(
        request, "participation/public/page.html", page, status=page.get("status", 200)
    )
    if not page.get("index"):
        response["X-Robots-Tag"] = "noindex"
    return response


def _indexed_municipalities() -> set[int]:
    return set(
        PublicSite.objects.filter(allow_indexing=True).values_list("municipality_id", flat=True)
    )


def _live(publications: Any) -> Any:
    return publications.filter(withdrawn_at__isnull=True)


@public_view
def overview(request: HttpRequest) -> HttpResponse:
    def build() -> dict[str, Any]:
        municipalities = list(
            Municipality.objects.filter(
                initiatives__publication__isnull=False,
                initiatives__publication__withdrawn_at__isnull=True,
            )
            .annotate(published=Count("initiatives__publication"))
            .select_related("county")
            .order_by("name")
        )
        body = render_to_string(
            "participation/public/_overview.html", {"municipalities": municipalities}
        )
        return {
            "title": _("What came of residents' input"),
            "body": body,
            "index": bool(_indexed_municipalities()),
        }

    return _page(request, cached("overview", build))


@public_view
def municipality(request: HttpRequest, number: str) -> HttpResponse:
    def build() -> dict[str, Any] | None:
        place = Municipality.objects.filter(number=number).first()
        if place is None:
            return None
        publications = list(
            _live(Publication.objects.filter(initiative__municipality=place))
            .select_related("initiative")
            .annotate(event_count=Count("events", distinct=True))
            .order_by("initiative__name")
        )
        if not publications:
            return None
        body = render_to_string(
            "participation/public/_municipality.html",
            {"municipality": place, "publications": publications},
        )
        return {
            "title": _("Public pages of %(municipality)s") % {"municipality": place.name},
            "body": body,
            "index": place.pk in _indexed_municipalities(),
            "municipality": {"name": place.name, "number": place.number},
        }

    page = cached(f"municipality:{number}", build)
    if page is None:
        raise Http404
    return _page(request, page)


def _initiative_page(number: str, pk: int, *, printable: bool) -> dict[str, Any] | None:
    publication = (
        Publication.objects.filter(initiative_id=pk, initiative__municipality__number=number)
        .select_related("initiative__municipality")
        .prefetch_related("initiative__target_groups")
        .first()
    )
    if publication is None:
        return None
    place = publication.initiative.municipality
    frame = {
        "index": place.pk in _indexed_municipalities(),
        "municipality": {"name": place.name, "number": place.number},
    }
    if not publication.is_live:
        body = render_to_string(
            "participation/public/_gone.html", {"municipality": place, "publication": publication}
        )
        return {**frame, "status": 410, "title": _("This page has been withdrawn"), "body": body}
    item = content.build(publication)
    short = reverse("participation:public-short", kwargs={"pk": pk})
    body = render_to_string(
        "participation/public/_initiative.html",
        {
            "item": item,
            "short_url": settings.SITE_URL + short,
            "qr_url": reverse("participation:public-qr", kwargs={"number": number, "pk": pk}),
            "print_url": reverse("participation:public-print", kwargs={"number": number, "pk": pk}),
            "printable": printable,
        },
    )
    return {**frame, "title": item.name, "body": body, "printable": printable}


@public_view
def initiative(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    page = cached(
        f"initiative:{number}:{pk}", lambda: _initiative_page(number, pk, printable=False)
    )
    if page is None:
        raise Http404
    return _page(request, page)


@public_view
def initiative_print(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    page = cached(f"print:{number}:{pk}", lambda: _initiative_page(number, pk, printable=True))
    if page is None:
        raise Http404
    return _page(request, page)


@public_view
def short(request: HttpRequest, pk: int) -> HttpResponse:
    """The short address printed on the page and in its QR code: on to the initiative's page."""

    def build() -> str | None:
        number = (
            Publication.objects.filter(initiative_id=pk)
            .values_list("initiative__municipality__number", flat=True)
            .first()
        )
        if number is None:
            return None
        return reverse("participation:public-initiative", kwargs={"number": number, "pk": pk})

    target = cached(f"short:{pk}", build)
    if target is None:
        raise Http404
    return HttpResponseRedirect(target)


@public_view
def qr(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """The QR code of the initiative's short address, as SVG."""

    def build() -> bytes | None:
        if not _live(
            Publication.objects.filter(initiative_id=pk, initiative__municipality__number=number)
        ).exists():
            return None
        address = settings.SITE_URL + reverse("participation:public-short", kwargs={"pk": pk})
        image = qrcode.make(address, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
        out = io.BytesIO()
        image.save(out)
        return out.getvalue()

    svg = cached(f"qr:{number}:{pk}", build)
    if svg is None:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml")


def _municipality_filter(request: HttpRequest) -> str | None:
    number = request.GET.get("kommune", "").strip()
    if not number:
        return None
    if not (number.isdigit() and len(number) == 4):
        raise Http404
    return number


@public_view
def open_data_json(request: HttpRequest) -> HttpResponse:
    number = _municipality_filter(request)
    text = cached(
        f"json:{number or ''}",
        lambda: json.dumps(opendata.as_json(number), ensure_ascii=False, indent=2),
    )
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


@public_view
def open_data_csv(request: HttpRequest) -> HttpResponse:
    number = _municipality_filter(request)
    text = cached(f"csv:{number or ''}", lambda: opendata.as_csv(number))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="apne-data-medvirkning.csv"'
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


@public_view
def open_data(request: HttpRequest) -> HttpResponse:
    """The open data's page: what the files hold, the licence, the disclosure rule."""
    body = cached(
        "opendata-page",
        lambda: render_to_string(
            "participation/public/_opendata.html",
            {"licence_name": opendata.LICENCE_NAME, "licence_url": opendata.LICENCE_URL},
        ),
    )
    return _page(request, {"title": _("Open data"), "body": body, "index": True})


@public_view
def robots(request: HttpRequest) -> HttpResponse:
    """Search engines may read the public pages of the municipalities that allow it, and
    nothing else of the service."""

    def build() -> str:
        numbers = sorted(
            Municipality.objects.filter(pk__in=_indexed_municipalities()).values_list(
                "number", flat=True
            )
        )
        lines = ["User-agent: *"]
        lines += [
            f"Allow: {reverse('participation:public-municipality', args=[n])}" for n in numbers
        ]
        if numbers:
            lines.append(f"Allow: {reverse('participation:public-overview')}$")
        lines.append("Disallow: /")
        lines.append(f"Sitemap: {settings.SITE_URL}{reverse('participation:public-sitemap')}")
        return "\n".join(lines) + "\n"

    return HttpResponse(cached("robots", build), content_type="text/plain; charset=utf-8")


class PublicSitemap(Sitemap):  # type: ignore[type-arg]
    """The live pages of municipalities that allow indexing."""

    def items(self) -> list[tuple[str, int | None, Any]]:
        allowed = _indexed_municipalities()
        publications = (
            _live(Publication.objects.filter(initiative__municipality__in=allowed))
            .select_related("initiative__municipality")
            .order_by("initiative__municipality__number", "initiative_id")
        )
        items: list[tuple[str, int | None, Any]] = []
        seen: set[str] = set()
        for p in publications:
            number = p.initiative.municipality.number
            if number not in seen:
                seen.add(number)
                items.append((number, None, None))
            items.append((number, p.initiative_id, p.updated_at))
        return items

    def location(self, item: tuple[str, int | None, Any]) -> str:
        number, pk, _changed = item
        if pk is None:
            return reverse("participation:public-municipality", args=[number])
        return reverse("participation:public-initiative", kwargs={"number": number, "pk": pk})

    def lastmod(self, item: tuple[str, int | None, Any]) -> Any:
        return item[2]


@public_view
def sitemap(request: HttpRequest) -> HttpResponse:
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    def build() -> bytes:
        response = django_sitemap(request, {"public": PublicSitemap})
        response.render()  # type: ignore[attr-defined]
        return bytes(response.content)

    return HttpResponse(cached("sitemap", build), content_type="application/xml")
