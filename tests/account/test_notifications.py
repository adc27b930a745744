"""Notices: a returned value (e-mailed at once), a commitment given to someone and feedback due
soon (in the daily digest), each user's choice, never e-mailed twice, shown on "My tasks"."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.accounts.models import Notification, NotificationSettings
from participation.accounts.services.notifications import set_email_choice
from participation.accounts.tasks import send_notification_digests
from participation.involvement.tasks import notify_feedback_due
from participation.programme.models import IndicatorValue
from participation.programme.services import meetings
from participation.programme.services import values as value_service
from tests.factories import ReportingPeriodFactory

Email = NotificationSettings.Email


@pytest.fixture
def worker(staff_bodo):  # type: ignore[no-untyped-def]
    staff_bodo.email = "bodo-test@example.org"
    staff_bodo.save()
    return staff_bodo


@pytest.fixture
def submitted(worker, bodo, value_factory, indicator_factory, strategy_factory):  # type: ignore[no-untyped-def]
    strategy = strategy_factory(code="notice-strategy", name="Notice strategy")
    period = ReportingPeriodFactory.create(strategy=strategy, year=2025, status="open")
    return value_factory(
        indicator=indicator_factory(strategy=strategy, name="Antall bostedsløse"),
        period=period,
        status=IndicatorValue.Status.SUBMITTED,
        updated_by=worker,
    )


def test_a_returned_value_is_e_mailed_at_once_to_whoever_submitted_it(
    worker, adviser_nord, submitted, django_capture_on_commit_callbacks
):
    # when the adviser returns it
    with django_capture_on_commit_callbacks(execute=True):
        value_service.return_value(submitted, actor=adviser_nord, comment="Tallet virker høyt.")
    # then the worker has a notice and one e-mail with a link straight to the form
    notice = Notification.objects.get(user=worker)
    assert notice.kind == Notification.Kind.VALUE_RETURNED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bodo-test@example.org"]
    assert "Antall bostedsløse" in message.subject
    assert "Tallet virker høyt." in message.subject
    form = reverse(
        "participation:period-values", args=[submitted.municipality.number, submitted.period_id]
    )
    assert form in message.body
    # and the digest does not send it again
    assert send_notification_digests() == 0
    assert len(mail.outbox) == 1


def test_a_commitment_given_to_someone_comes_in_their_daily_digest_once(
    worker, adviser_nord, bodo, meeting_factory, django_capture_on_commit_callbacks
):
    meeting = meeting_factory(title="Oppstartsmøte", municipalities=[bodo])
    due = timezone.localdate() + datetime.timedelta(days=60)
    # when the adviser gives the worker a commitment due in two months
    with django_capture_on_commit_callbacks(execute=True):
        meetings.add_commitment(
            meeting,
            actor=adviser_nord,
            municipality=bodo,
            description="Lag utkast til boligplan",
            due_date=due,
            responsible=worker,
        )
    # then a notice, and no e-mail yet (the default is the daily digest)
    assert Notification.objects.get(user=worker).kind == Notification.Kind.COMMITMENT_ASSIGNED
    assert mail.outbox == []
    # when the daily digest runs, twice
    sent = [send_notification_digests(), send_notification_digests()]
    # then one e-mail, naming the commitment and linking to My tasks
    assert sent == [1, 0]
    assert len(mail.outbox) == 1
    assert "Lag utkast til boligplan" in mail.outbox[0].body
    assert "/oppgaver/" in mail.outbox[0].body


def test_a_user_who_chose_no_e_mail_gets_none_and_one_who_chose_at_once_gets_each(
    worker, adviser_nord, bodo, meeting_factory, django_capture_on_commit_callbacks
):
    meeting = meeting_factory(municipalities=[bodo])

    def give(description: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            meetings.add_commitment(
                meeting,
                actor=adviser_nord,
                municipality=bodo,
                description=description,
                due_date=timezone.localdate(),
                responsible=worker,
            )

    # given a worker who wants no e-mail
    set_email_choice(worker, actor=worker, email=Email.NONE)
    give("Første")
    assert send_notification_digests() == 0
    assert mail.outbox == []
    # when they choose each notice at once
    set_email_choice(worker, actor=worker, email=Email.IMMEDIATE)
    give("Andre")
    # then the new one comes at once (the one from before stays on My tasks)
    assert [m.subject for m in mail.outbox] == [
        Notification.objects.get(user=worker, text__contains="Andre").text
    ]


def test_feedback_due_within_a_week_is_noticed_once(worker, event_factory, bodo):
    today = timezone.localdate()
    soon = event_factory(
        title="Dialogkafé", created_by=worker, feedback_due=today + datetime.timedelta(days=5)
    )
    event_factory(title="Senere", created_by=worker, feedback_due=today + datetime.timedelta(30))
    event_factory(
        title="Gitt",
        created_by=worker,
        feedback_due=today + datetime.timedelta(days=2),
        feedback_given=today,
    )
    # when the daily task runs twice
    made = [notify_feedback_due(), notify_feedback_due()]
    # then one notice, for the event due within the week
    assert made == [1, 0]
    notice = Notification.objects.get(user=worker)
    assert notice.url == reverse("participation:event-detail", args=[soon.pk])
    assert "Dialogkafé" in notice.text


def test_the_account_page_saves_the_choice(client, worker):
    client.force_login(worker)
    page = client.get(reverse("participation:account")).content.decode()
    assert 'id="email-daily" value="daily" checked' in page
    response = client.post(
        reverse("participation:notification-settings"), {"email": "none"}, follow=True
    )
    assert "Your choice of notices was saved." in response.content.decode()
    assert NotificationSettings.objects.get(user=worker).email == Email.NONE
    # a value that is not a choice is refused and changes nothing
    response = client.post(
        reverse("participation:notification-settings"), {"email": "hourly"}, follow=True
    )
    assert "Choose one of the ways to get notices." in response.content.decode()
    assert NotificationSettings.objects.get(user=worker).email == Email.NONE


def test_notices_show_on_my_tasks_as_new_once(
    worker, adviser_nord, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        value_service.return_value(submitted, actor=adviser_nord, comment="Sjekk tallet.")
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    client.force_login(worker)
    first = client.get(reverse("participation:my-tasks")).content.decode()
    assert "Varsler" in first
    assert "Sjekk tallet." in first
    assert ">Ny<" in first
    second = client.get(reverse("participation:my-tasks")).content.decode()
    assert "Sjekk tallet." in second
    assert ">Ny<" not in second
