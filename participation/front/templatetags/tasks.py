"""`{% task_count user as count %}`: the number beside "My tasks" in the menu."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser, User

from participation.front import todo

register = template.Library()


@register.simple_tag
def task_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return todo.task_count(user)
