""" "My tasks": what the user must do, from every part of the product (participation/front/todo.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from participation.core.http import AuthenticatedHttpRequest
from participation.front import todo


@login_required
@require_GET
def my_tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    tasks = todo.my_tasks(request.user, today)
    response = render(
        request,
        "participation/tasks.html",
        {"tasks": tasks, "today": today, "limit": todo.LIMIT},
    )
    todo.mark_read(tasks.notices)
    return response
