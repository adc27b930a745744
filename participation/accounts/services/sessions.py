"""Ending a user's sessions (on deactivation: participation/accounts/signals.py)."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions(user: AbstractBaseUser) -> int:
    """Delete every unexpired session logged in as `user`; return how many.

    The session table does not index sessions by user, so this reads each live session once;
    deactivations are rare, and the table holds only sessions younger than SESSION_COOKIE_AGE.
    """
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
