"""Involvement event pages: create with a count grid, edit, detail, duplicate, feedback given."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from participation.core.privacy import EMAIL_MESSAGE, IDENTITY_NUMBER_MESSAGE, PHONE_NUMBER_MESSAGE
from participation.involvement.models import Input, InvolvementEvent, ParticipantCount
from tests.factories import TargetGroupFactory
from tests.involvement.support import named


def event_data(vocab, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "title": "Dialogkafé om bomiljø",
        "method": vocab["cafe"].pk,
        "channel": "physical",
        "date": "2025-05-06",
        "start_time": "18:00",
        "themes": [vocab["safety"].pk, vocab["design"].pk],
        "description": "Kveldsmøte i fellesrommet.",
        "accessibility_measures": "Trinnfri adkomst, tolk.",
        "expectations_clarified": "on",
        "promise_to_participants": "Svar innen en måned.",
        "feedback_due": "2025-06-06",
        "consent_noted": "on",
        "consent_how": "Muntlig samtykke ved oppstart.",
        f"count-{vocab['homeless'].pk}-resident": "7",
        f"count-{vocab['homeless'].pk}-staff": "2",
        f"count-{vocab['youth'].pk}-resident": "4",
    }
    data.update(overrides)
    return data


def create_url(event):  # type: ignore[no-untyped-def]
    return reverse("participation:event-create", args=[event.initiative_id])


def test_new_event_form_labels_each_count_cell(client, staff_bodo, bodo_event, vocab):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(create_url(bodo_event))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    cell = f"count-{vocab['homeless'].pk}-relative"
    assert (
        f'<label class="visually-hidden" for="id_{cell}">Bostedsløse (test), Relative or next of kin</label>'
        in html
    )
    assert "Do not write personal data" in html


def test_staff_creates_an_event_with_counts_attributed_to_them(
    client, staff_bodo, bodo_event, vocab
):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.post(create_url(bodo_event), event_data(vocab, total="13"))
    # then
    event = InvolvementEvent.objects.get(title="Dialogkafé om bomiljø")
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:event-detail", args=[event.pk])
    assert event.initiative_id == bodo_event.initiative_id
    assert event.created_by == staff_bodo
    assert event.start_time == datetime.time(18, 0)
    assert set(event.themes.all()) == {vocab["safety"], vocab["design"]}
    assert event.participant_total == 13
    assert event.consent_noted
    assert event.consent_how
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(InvolvementEvent),
        object_id=event.pk,
        action=LogEntry.Action.CREATE,
    )
    assert entry.actor == staff_bodo
    cells = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ParticipantCount),
        action=LogEntry.Action.CREATE,
        actor=staff_bodo,
    )
    assert cells.count() == 3


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"count-{homeless}-resident": "-3"},
            "count-{homeless}-resident",
            "A count cannot be negative.",
        ),
        (
            {"count-{homeless}-resident": "2.5"},
            "count-{homeless}-resident",
            "Enter a whole number.",
        ),
        (
            {"count-{homeless}-resident": "99999999999999999999"},
            "count-{homeless}-resident",
            "A count cannot be more than 999999.",
        ),
        (
            {"total": "99999999999999999999"},
            "total",
            "A count cannot be more than 999999.",
        ),
        (
            {"feedback_due": "2025-05-01"},
            "feedback_due",
            "Feedback cannot be due before the event. Choose a later date.",
        ),
        ({"date": "1999-12-31", "feedback_due": ""}, "date", "dates before 2000 are not accepted"),
        (
            {"date": "2099-01-01", "feedback_due": ""},
            "date",
            "the date is more than a year from today",
        ),
        (
            {"total": "20"},
            "total",
            "The counts in the grid add up to 13, but the total says 20.",
        ),
        (
            {"description": "Ring 412 34 567 etterpå"},
            "description",
            named("Description", PHONE_NUMBER_MESSAGE),
        ),
        (
            {"title": "Møte med 15076500565"},
            "title",
            named("Title", IDENTITY_NUMBER_MESSAGE),
        ),
        (
            {"consent_how": "Skjema fra ola@example.com"},
            "consent_how",
            named("How consent was obtained", EMAIL_MESSAGE),
        ),
        (
            {"promise_to_participants": "Svar på 41234567"},
            "promise_to_participants",
            named("Promise to participants", PHONE_NUMBER_MESSAGE),
        ),
        (
            {"accessibility_measures": "Kontakt kari@example.com"},
            "accessibility_measures",
            named("Accessibility measures", EMAIL_MESSAGE),
        ),
    ],
)
def test_invalid_event_is_refused_with_a_message_and_nothing_saved(
    client, staff_bodo, bodo_event, vocab, overrides, field, message
):
    # given
    client.force_login(staff_bodo)
    ids = {"homeless": vocab["homeless"].pk}
    data = event_data(vocab, **{k.format(**ids): v for k, v in overrides.items()})
    before = (InvolvementEvent.objects.count(), ParticipantCount.objects.count())
    # when
    response = client.post(create_url(bodo_event), data)
    # then
    assert response.status_code == 200
    errors = response.context["form"].errors | response.context["count_form"].errors
    assert any(message in error for error in errors[field.format(**ids)])
    assert message in html.unescape(response.content.decode())
    assert (InvolvementEvent.objects.count(), ParticipantCount.objects.count()) == before


def test_editing_changes_counts_and_removes_cleared_cells(client, staff_bodo, bodo_event, vocab):
    # given an event with two cells
    client.force_login(staff_bodo)
    ParticipantCount.objects.create(
        event=bodo_event, target_group=vocab["homeless"], role="resident", count=5
    )
    ParticipantCount.objects.create(
        event=bodo_event, target_group=vocab["youth"], role="resident", count=3
    )
    url = reverse("participation:event-update", args=[bodo_event.pk])
    page = client.get(url).content.decode()
    assert (
        f'name="count-{vocab["homeless"].pk}-resident" id="id_count-{vocab["homeless"].pk}-resident" value="5"'
        in page
    )
    # when the first changes and the second is cleared
    data = event_data(vocab, title="Endret tittel")
    data[f"count-{vocab['homeless'].pk}-resident"] = "6"
    data[f"count-{vocab['homeless'].pk}-staff"] = ""
    data[f"count-{vocab['youth'].pk}-resident"] = ""
    response = client.post(url, data)
    # then
    assert response.status_code == 302
    bodo_event.refresh_from_db()
    assert bodo_event.title == "Endret tittel"
    assert bodo_event.updated_by == staff_bodo
    assert {(c.target_group_id, c.role, c.count) for c in bodo_event.participant_counts.all()} == {
        (vocab["homeless"].pk, "resident", 6)
    }


def test_date_cannot_move_after_feedback_already_given(client, staff_bodo, bodo_event, vocab):
    # given
    bodo_event.feedback_given = datetime.date(2025, 3, 10)
    bodo_event.save()
    client.force_login(staff_bodo)
    # when
    response = client.post(
        reverse("participation:event-update", args=[bodo_event.pk]),
        event_data(vocab, date="2025-03-20", feedback_due="2025-04-20"),
    )
    # then
    assert response.status_code == 200
    assert "before this date. Correct the feedback first." in response.content.decode()
    bodo_event.refresh_from_db()
    assert bodo_event.date == datetime.date(2025, 3, 1)


def test_detail_shows_the_count_grid_with_totals_themes_and_input(
    client, viewer_bodo, bodo_event, bodo_input, vocab, django_assert_max_num_queries
):
    # given
    bodo_event.themes.add(vocab["safety"])
    ParticipantCount.objects.create(
        event=bodo_event, target_group=vocab["homeless"], role="resident", count=7
    )
    ParticipantCount.objects.create(
        event=bodo_event, target_group=vocab["homeless"], role="staff", count=2
    )
    ParticipantCount.objects.create(
        event=bodo_event, target_group=vocab["youth"], role="resident", count=4
    )
    client.force_login(viewer_bodo)
    # when
    with django_assert_max_num_queries(10):
        response = client.get(reverse("participation:event-detail", args=[bodo_event.pk]))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "13 participants in all, by target group and role" in html
    assert '<td class="text-end fw-bold participant-total">13</td>' in html
    assert "Trygghet (test)" in html
    assert "Mørke oppganger." in html
    assert "Overdue" in html  # due 1 April 2025, long past
    # a viewer sees no change buttons
    assert "Edit event" not in html
    assert "Duplicate as a new event" not in html


def test_detail_query_count_does_not_grow_with_data(
    client, staff_bodo, bodo_event, vocab, django_assert_max_num_queries
):
    # given many cells and many input items
    for group in (vocab["homeless"], vocab["youth"]):
        for role in ParticipantCount.Role.values:
            ParticipantCount.objects.create(
                event=bodo_event, target_group=group, role=role, count=1
            )
    for i in range(30):
        Input.objects.create(event=bodo_event, theme=vocab["design"], summary=f"Innspill {i}")
    bodo_event.themes.add(vocab["safety"], vocab["design"])
    client.force_login(staff_bodo)
    # when / then
    with django_assert_max_num_queries(10):
        response = client.get(reverse("participation:event-detail", args=[bodo_event.pk]))
    assert response.status_code == 200
    assert "Edit event" in response.content.decode()


def test_duplicate_copies_the_plan_but_not_what_happened(
    client, staff_bodo, bodo_event, bodo_input, vocab
):
    # given
    bodo_event.themes.add(vocab["safety"])
    bodo_event.promise_to_participants = "Svar innen en måned."
    bodo_event.feedback_given = datetime.date(2025, 3, 20)
    bodo_event.save()
    ParticipantCount.objects.create(
        event=bodo_event, target_group=vocab["homeless"], role="resident", count=7
    )
    client.force_login(staff_bodo)
    # when
    response = client.post(reverse("participation:event-duplicate", args=[bodo_event.pk]))
    # then
    copy = InvolvementEvent.objects.exclude(pk=bodo_event.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:event-update", args=[copy.pk])
    assert copy.title == "Dialogkafé i oppgangen (copy)"
    assert copy.date == timezone.localdate()
    assert copy.initiative_id == bodo_event.initiative_id
    assert copy.method_id == bodo_event.method_id
    assert copy.promise_to_participants == "Svar innen en måned."
    assert list(copy.themes.all()) == [vocab["safety"]]
    assert copy.feedback_given is None
    assert copy.feedback_due is None
    assert not copy.participant_counts.exists()
    assert not copy.inputs.exists()
    assert copy.created_by == staff_bodo


def test_duplicate_is_post_only(client, staff_bodo, bodo_event):
    client.force_login(staff_bodo)
    response = client.get(reverse("participation:event-duplicate", args=[bodo_event.pk]))
    assert response.status_code == 405


def test_marking_feedback_given_records_date_and_how(client, staff_bodo, bodo_event):
    # given
    client.force_login(staff_bodo)
    url = reverse("participation:event-feedback", args=[bodo_event.pk])
    # when
    response = client.post(url, {"given_on": "2025-03-15", "how": "Brev til deltakerne."})
    # then
    assert response.status_code == 302
    bodo_event.refresh_from_db()
    assert bodo_event.feedback_given == datetime.date(2025, 3, 15)
    assert bodo_event.feedback_how == "Brev til deltakerne."
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(InvolvementEvent),
        object_id=bodo_event.pk,
        action=LogEntry.Action.UPDATE,
    ).latest("pk")
    assert entry.actor == staff_bodo
    assert "feedback_given" in entry.changes
    page = client.get(reverse("participation:event-detail", args=[bodo_event.pk]))
    assert "Given March 15, 2025" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"given_on": "2025-02-28", "how": "Brev."},
            "Feedback cannot have been given before the event (01.03.2025).",
        ),
        (
            {"given_on": "2025-03-15", "how": "Ringte 41234567."},
            named("How feedback was given", PHONE_NUMBER_MESSAGE),
        ),
        ({"given_on": "2025-03-15", "how": ""}, "This field is required."),
    ],
)
def test_feedback_refused_before_the_event_or_with_personal_data(
    client, staff_bodo, bodo_event, data, message
):
    client.force_login(staff_bodo)
    response = client.post(reverse("participation:event-feedback", args=[bodo_event.pk]), data)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    bodo_event.refresh_from_db()
    assert bodo_event.feedback_given is None


def test_overdue_feedback_shows_on_the_municipality_page(client, staff_bodo, bodo, make_event):
    # given one overdue event and one with feedback given
    late = make_event(bodo, title="Forsinket møte")
    make_event(bodo, title="Ferdig møte", feedback_given=datetime.date(2025, 3, 20))
    client.force_login(staff_bodo)
    # when
    response = client.get(bodo.get_absolute_url())
    # then
    html = response.content.decode()
    section = html[html.index('id="overdue-heading"') :]
    section = section[: section.index("</section>")]
    assert reverse("participation:event-detail", args=[late.pk]) in section
    assert "Ferdig møte" not in section


@pytest.mark.parametrize("role", ["viewer_bodo", "adviser_nord"])
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("event-update", "get"),
        ("event-update", "post"),
        ("event-feedback", "post"),
        ("event-duplicate", "post"),
        ("input-add", "post"),
    ],
)
def test_readers_may_not_change_events(client, request, role, name, method, bodo_event):
    client.force_login(request.getfixturevalue(role))
    response = getattr(client, method)(reverse(f"participation:{name}", args=[bodo_event.pk]))
    assert response.status_code == 403
    assert InvolvementEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("event-detail", "get"),
        ("event-update", "get"),
        ("event-update", "post"),
        ("event-feedback", "post"),
        ("event-duplicate", "post"),
        ("input-add", "get"),
    ],
)
def test_bodo_staff_get_404_on_askers_event(client, staff_bodo, asker_event, name, method):
    client.force_login(staff_bodo)
    response = getattr(client, method)(reverse(f"participation:{name}", args=[asker_event.pk]))
    assert response.status_code == 404


def test_bodo_staff_cannot_add_an_event_to_askers_initiative(
    client, staff_bodo, asker_event, vocab
):
    client.force_login(staff_bodo)
    response = client.post(create_url(asker_event), event_data(vocab))
    assert response.status_code == 404
    assert InvolvementEvent.objects.count() == 1


def test_an_event_like_one_already_recorded_asks_before_it_is_saved(
    client, staff_bodo, bodo_event, vocab
):
    # given the municipality's event on a date with a method
    client.force_login(staff_bodo)
    data = event_data(vocab, date=bodo_event.date.isoformat(), feedback_due="")
    data["method"] = bodo_event.method_id
    # when the same meeting is entered again
    response = client.post(create_url(bodo_event), data)
    # then nothing is saved yet: a warning links to the event already there, the form keeps
    # what was typed
    assert response.status_code == 200
    page = response.content.decode()
    assert "This event may already be recorded" in page
    assert reverse("participation:event-detail", args=[bodo_event.pk]) in page
    assert 'value="Dialogkafé om bomiljø"' in page
    assert not InvolvementEvent.objects.filter(title="Dialogkafé om bomiljø").exists()
    # when they say it is a different event and save again
    response = client.post(create_url(bodo_event), {**data, "confirm_duplicate": "1"})
    # then it is saved
    assert response.status_code == 302
    assert InvolvementEvent.objects.filter(title="Dialogkafé om bomiljø").count() == 1


def test_an_event_on_another_date_or_with_another_method_is_saved_without_asking(
    client, staff_bodo, bodo_event, vocab
):
    client.force_login(staff_bodo)
    other_day = bodo_event.date - datetime.timedelta(days=1)
    data = event_data(vocab, date=other_day.isoformat(), feedback_due="")
    data["method"] = bodo_event.method_id
    assert client.post(create_url(bodo_event), data).status_code == 302


def test_people_outside_the_initiatives_groups_and_peer_workers_can_be_counted(
    client, staff_bodo, bodo_event, vocab
):
    # given a target group the initiative does not name
    immigrants = TargetGroupFactory.create(code="test-immigrants", name="Innvandrere (test)")
    client.force_login(staff_bodo)
    # when the form is opened
    page = client.get(create_url(bodo_event)).content.decode()
    # then the group is offered under the other target groups, and peer workers are a role
    others = page[page.index('<details class="mb-3 other-groups"') :]
    assert f'id="id_count-{immigrants.pk}-peer"' in others
    assert f'id="id_count-{vocab["homeless"].pk}-resident"' not in others
    assert "Person with lived experience or peer worker" in page
    # when the café is saved with two peer workers from that group
    data = event_data(vocab, total="15", **{f"count-{immigrants.pk}-peer": "2"})
    response = client.post(create_url(bodo_event), data)
    # then they are counted
    assert response.status_code == 302
    event = InvolvementEvent.objects.get(title="Dialogkafé om bomiljø")
    assert event.participant_total == 15
    assert event.participant_counts.get(target_group=immigrants).role == "peer"
    # and the edit form shows that group's row with its count
    edit = client.get(reverse("participation:event-update", args=[event.pk])).content.decode()
    assert re.search(rf'id="id_count-{immigrants.pk}-peer" value="2"', edit)
