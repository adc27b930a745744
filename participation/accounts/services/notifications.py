"""Notices for users: made by the services where something happens to them, shown on "My tasks",
e-mailed as each user chooses (`NotificationSettings`).

- `notify` makes a notice once per occasion (its `key`); a notice the user wants at once (a
  returned value, unless they chose no e-mail; everything, if they chose "at once") is e-mailed
  by a Celery task after the transaction commits.
- `send_digests` (daily, CELERY_BEAT_SCHEDULE) e-mails each user one message with their notices
  not yet e-mailed (none for users who chose no e-mail).

Each notice is e-mailed at most once: it is locked and marked `emailed_at` in the transaction
that sends it, and a second run finds nothing to send. Users without an e-mail address get their
notices on "My tasks" only.
"""

from __future__ import annotations

import logging

import kombu.exceptions
import redis.exceptions
from celery import current_app
from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participation.accounts.models import Notification, NotificationSettings

Kind = Notification.Kind
Email = NotificationSettings.Email

logger = logging.getLogger(__name__)
SEND_NOTIFICATION = "participation.send_notification"

# Kinds e-mailed at once for users on the default (daily digest) setting.
AT_ONCE = frozenset({Kind.VALUE_RETURNED})


def email_choice(user: User) -> str:
    found = NotificationSettings.objects.filter(user=user).values_list("email", flat=True).first()
    return found or Email.DAILY


def set_email_choice(user: User, *, actor: User, email: str) -> NotificationSettings:
    """Save how `user` wants their notices by e-mail (only they themselves choose)."""
    if actor.pk != user.pk:
        raise PermissionError("Users choose their own notification settings.")
    chosen, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email": Email(email)}
    )
    return chosen


def notify(user: User | None, *, kind: str, key: str, text: str, url: str) -> Notification | None:
    """Tell `user` (nobody, if None or inactive) about `key`, once; e-mail it at once if they
    want that kind at once."""
    if user is None or not user.is_active:
        return None
    notice, created = Notification.objects.get_or_create(
        user=user, key=key[:120], defaults={"kind": kind, "text": text[:300], "url": url}
    )
    if not created:
        return notice
    choice = email_choice(user)
    if user.email and (choice == Email.IMMEDIATE or (choice == Email.DAILY and kind in AT_ONCE)):
        pk = notice.pk
        transaction.on_commit(lambda: _send_at_once(pk))
    return notice


def _send_at_once(notification_id: int) -> None:
    # By name: the tasks module sits above the services (it calls them). A broker that cannot
    # be reached loses nothing: the daily digest sends what was not e-mailed.
    try:
        current_app.tasks[SEND_NOTIFICATION].delay(notification_id)
    except (kombu.exceptions.OperationalError, redis.exceptions.ConnectionError):
        logger.warning(
            "Notice %s: the broker is not reachable; the digest sends it.", notification_id
        )


def _link(notice: Notification) -> str:
    return settings.SITE_URL + notice.url


def send_one(notification_id: int) -> bool:
    """E-mail one notice, unless it went out already. Returns whether it was sent."""
    with transaction.atomic():
        notice = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notice is None or not notice.user.email:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            send_mail(
                notice.text,
                _(
                    "%(text)s\n\nOpen it here:\n%(link)s\n\nYou can choose how you get notices on your account page."
                )
                % {"text": notice.text, "link": _link(notice)},
                settings.DEFAULT_FROM_EMAIL,
                [notice.user.email],
            )
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
    return True


def send_digests() -> int:
    """One e-mail per user with notices not yet e-mailed (all of the digest's users', and any
    that could not go out at once), except users who chose no e-mail; returns how many e-mails
    went out."""
    no_email = NotificationSettings.objects.filter(email=Email.NONE).values("user")
    waiting = (
        Notification.objects.filter(emailed_at__isnull=True, user__is_active=True)
        .exclude(user__email="")
        .exclude(user__in=no_email)
    )
    sent = 0
    for user_id in sorted(set(waiting.values_list("user_id", flat=True))):
        with transaction.atomic():
            notices = list(
                waiting.filter(user_id=user_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .order_by("created_at", "pk")
            )
            if not notices:
                continue  # another run took them
            with translation.override(settings.LANGUAGE_CODE):
                lines = "\n\n".join(f"- {n.text}\n  {_link(n)}" for n in notices)
                send_mail(
                    ngettext(
                        "%(count)d new notice in Social housing work",
                        "%(count)d new notices in Social housing work",
                        len(notices),
                    )
                    % {"count": len(notices)},
                    _(
                        "%(lines)s\n\nAll your tasks: %(tasks)s\n\n"
                        "You can choose how you get notices on your account page."
                    )
                    % {"lines": lines, "tasks": settings.SITE_URL + "/oppgaver/"},
                    settings.DEFAULT_FROM_EMAIL,
                    [notices[0].user.email],
                )
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent
