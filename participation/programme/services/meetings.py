"""Meetings with municipalities, the commitments they leave, and the daily overdue reminders.

The writes follow `participation.core.services`: atomic, naming their actor, refusing with
`ServiceError`. Who may choose which municipalities is decided by the caller (the form offers
only those the user may manage; the view checks again); the services check the rules that hold
whatever the caller: a commitment belongs to one of its meeting's municipalities, and closing
one dates it.

The daily reminder sends its e-mail inside each recipient's transaction, on purpose: the items
are locked, the e-mail sent, the items marked, so a second run the same day sends nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participation.accounts.audit import acting_as
from participation.accounts.models import Notification
from participation.accounts.services.notifications import notify
from participation.core.services import ServiceError, check_model
from participation.places.models import Municipality
from participation.programme.models import Commitment, Meeting

# How long the daily task waits before reminding someone again about the same overdue item.
REMINDER_INTERVAL = datetime.timedelta(days=7)
MEETING_FIELDS = frozenset({"kind", "title", "date", "participants", "minutes"})


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"These fields are not set through this service: {sorted(unknown)}")


@transaction.atomic
def create_meeting(
    *, actor: User | None, municipalities: Iterable[Municipality], **fields: Any
) -> Meeting:
    _check_fields(fields, MEETING_FIELDS)
    chosen = list(municipalities)
    if not chosen:
        raise ServiceError({"municipalities": _("Choose at least one municipality.")})
    with acting_as(actor):
        meeting = Meeting(created_by=actor, updated_by=actor, **fields)
        check_model(meeting)
        meeting.save()
        meeting.municipalities.set(chosen)
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting,
    *,
    actor: User | None,
    municipalities: Iterable[Municipality] | None = None,
    **fields: Any,
) -> Meeting:
    _check_fields(fields, MEETING_FIELDS)
    with acting_as(actor):
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.updated_by = actor
        check_model(meeting)
        meeting.save()
        if municipalities is not None:
            chosen = list(municipalities)
            if not chosen:
                raise ServiceError({"municipalities": _("Choose at least one municipality.")})
            kept = {c.municipality_id for c in meeting.commitments.all()}
            missing = kept - {m.pk for m in chosen}
            if missing:
                raise ServiceError(
                    {
                        "municipalities": _(
                            "A municipality with commitments from this meeting cannot be removed."
                        )
                    }
                )
            meeting.municipalities.set(chosen)
    return meeting


@transaction.atomic
def add_commitment(
    meeting: Meeting,
    *,
    actor: User | None,
    municipality: Municipality,
    description: str,
    due_date: datetime.date,
    responsible: User | None = None,
    responsible_name: str = "",
) -> Commitment:
    """A follow-up item from `meeting`, for one of the meeting's municipalities."""
    if not meeting.municipalities.filter(pk=municipality.pk).exists():
        raise ServiceError(
            {"municipality": _("The municipality did not take part in this meeting.")}
        )
    with acting_as(actor):
        commitment = Commitment(
            meeting=meeting,
            municipality=municipality,
            description=description,
            due_date=due_date,
            responsible=responsible,
            responsible_name=responsible_name,
            created_by=actor,
            updated_by=actor,
        )
        check_model(commitment)
        commitment.save()
    if responsible is not None and responsible != actor:
        notify(
            responsible,
            kind=Notification.Kind.COMMITMENT_ASSIGNED,
            key=f"commitment-assigned:{commitment.pk}",
            text=_("A commitment for you from %(meeting)s, due %(due)s: %(what)s")
            % {
                "meeting": meeting.title,
                "due": formats.date_format(due_date, "SHORT_DATE_FORMAT"),
                "what": description,
            },
            url=reverse("participation:my-tasks"),
        )
    return commitment


@transaction.atomic
def set_commitment_status(
    commitment: Commitment,
    *,
    actor: User | None,
    status: str,
    note: str,
    today: datetime.date,
) -> Commitment:
    """Open, done or dropped, with a note; closing dates the item, reopening clears the date."""
    if status not in Commitment.Status.values:
        raise ServiceError({"status": _("Unknown status.")})
    with acting_as(actor):
        commitment.status = status
        commitment.note = note
        commitment.closed_on = None if status == Commitment.Status.OPEN else today
        commitment.updated_by = actor
        check_model(commitment)
        commitment.save()
    return commitment


# The daily reminder --------------------------------------------------------------------------


def reminders_due(today: datetime.date) -> QuerySet[Commitment]:
    """Overdue open items with a responsible user who has an e-mail address and is still one of
    the item's municipality's people (`Commitment.responsible_fits`: a user who has since left
    it is not sent its items), not reminded within the interval."""
    return (
        Commitment.objects.overdue(today)
        .filter(
            Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lte=today - REMINDER_INTERVAL),
            Commitment.responsible_fits(),
            responsible__isnull=False,
            responsible__is_active=True,
        )
        .exclude(responsible__email="")
    )


def send_commitment_reminders(*, today: datetime.date) -> int:
    """E-mail each responsible user one message listing their overdue items; return how many
    e-mails went out. Run twice the same day, the second run sends nothing.

    One transaction per recipient: their items are locked, the e-mail sent, the items marked.
    A failure for one recipient leaves the others' sent-and-marked state intact.
    """
    sent = 0
    user_ids = sorted(set(reminders_due(today).values_list("responsible_id", flat=True)))
    for user_id in user_ids:
        with transaction.atomic():
            items = list(
                reminders_due(today)
                .filter(responsible_id=user_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("responsible", "municipality", "meeting")
                .order_by("due_date", "pk")
            )
            if not items:
                continue  # another run took them
            user = items[0].responsible
            assert user is not None
            with translation.override(settings.LANGUAGE_CODE):
                send_mail(
                    ngettext(
                        "Overdue follow-up item (%(count)d)",
                        "Overdue follow-up items (%(count)d)",
                        len(items),
                    )
                    % {"count": len(items)},
                    _reminder_body(items),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            Commitment.objects.filter(pk__in=[i.pk for i in items]).update(last_reminded_on=today)
            sent += 1
    return sent


def _reminder_body(items: list[Commitment]) -> str:
    lines = [_("These follow-up items from meetings are overdue:"), ""]
    for item in items:
        lines.append(
            _("- %(what)s (%(municipality)s), due %(due)s, from the meeting %(meeting)s")
            % {
                "what": item.description,
                "municipality": item.municipality.name,
                "due": f"{item.due_date:%d.%m.%Y}",
                "meeting": item.meeting.title,
            }
        )
    lines += ["", _("Mark each item done or dropped when it is settled, and the reminders stop.")]
    return "\n".join(lines)
