from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from participation.models import Municipality


@login_required
def municipality_detail(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), number=number)
    return render(request, "participation/municipality_detail.html", {"municipality": municipality})
