"""Request checks every view relies on."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class RefuseNulCharactersMiddleware:
    """Answers 400 to a request whose query string or posted fields hold a NUL character.

    No person types one, PostgreSQL cannot store or compare one (a query with it fails), and
    Django's form fields refuse it only where a form reads the value: query parameters, posted
    buttons and filters would reach the database with it. The page says the address or form
    held characters that cannot be used.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or _holds_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def _holds_nul(request: HttpRequest) -> bool:
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for params in sources:
        for key, values in params.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False
