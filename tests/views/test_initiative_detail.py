import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.involvement.models import Input, InvolvementEvent
from participation.places.models import Goal, PriorityArea, Strategy

ROLES_IN_SCOPE = ["admin_user", "adviser_nord", "staff_bodo", "viewer_bodo"]


@pytest.fixture
def bolig_nu(bodo, make_initiative):  # type: ignore[no-untyped-def]
    """Three events (the first with feedback overdue), two input items each: one open, one
    taken forward and answered."""
    initiative = make_initiative(bodo, name="Bolig Nu", events=3, inputs=2, is_example=True)
    strategy = Strategy.objects.create(
        code="test-bfv", name="Bolig for velferd (test)", start_year=2014, end_year=2020
    )
    goal = Goal.objects.create(strategy=strategy, code="G1", name="Alle skal ha et godt sted å bo")
    area = PriorityArea.objects.create(
        strategy=strategy, goal=goal, code="P1", name="Hjelp fra midlertidig til varig bolig"
    )
    initiative.goals.add(goal)
    initiative.priority_areas.add(area)
    return initiative


@pytest.mark.parametrize("role", ROLES_IN_SCOPE)
def test_initiative_page_renders_for_every_role_in_scope(client, log_in, request, role, bolig_nu):
    # given
    log_in(client, request.getfixturevalue(role))
    # when
    response = client.get(bolig_nu.get_absolute_url())
    # then
    assert response.status_code == 200
    assert "Bolig Nu" in response.text
    assert bolig_nu.reference in response.text
    assert "Example data" in response.text


def test_initiative_page_shows_the_seven_columns(client, staff_bodo, bolig_nu):
    # given
    client.force_login(staff_bodo)
    # when
    text = client.get(bolig_nu.get_absolute_url()).text
    # then: the research's seven headings, in order, each with its content
    headings = [
        "Example",
        "Primary target groups",
        "Aim and content",
        "Type of participation",
        "Strength and gain",
        "Success factors",
        "Challenges",
    ]
    positions = [text.index(f'<th scope="row" class="w-25">{headings[0]}</th>')] + [
        text.index(f'<th scope="row">{heading}</th>') for heading in headings[1:]
    ]
    assert positions == sorted(positions)
    for content in [
        "Bostedsløse (test), Unge (test)",
        "Help people from temporary to permanent housing.",
        "Brukermedvirkning (test)",
        "individual level, system level",
        "Involve",
        "Residents meet the staff every month.",
        "Residents were heard early.",
        "A committed programme leader.",
        "Meetings during working hours only.",
    ]:
        assert content in text
    # status, staffing and the goals served
    assert "Ongoing" in text
    assert "1.50 full-time equivalents" in text
    assert "Alle skal ha et godt sted å bo" in text
    assert "Hjelp fra midlertidig til varig bolig" in text


def test_initiative_page_shows_the_event_timeline_with_overdue_feedback_in_words(
    client, staff_bodo, bolig_nu
):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(bolig_nu.get_absolute_url())
    # then: events oldest first, participants in all and per target group, themes
    events = response.context["events"]
    assert [e.date for e in events] == sorted(e.date for e in events)
    text = response.text
    assert "13 participants in all" in text
    assert "Bostedsløse (test): 9" in text
    assert "Unge (test): 4" in text
    assert "Trygghet (test), Utforming (test)" in text
    assert "18:00" in text
    # exactly one event is overdue, and it says so in text, not colour alone
    assert [e.is_overdue for e in events].count(True) == 1
    assert text.count(">Overdue</span>") == 1


def test_initiative_page_shows_input_and_loop_closure(client, staff_bodo, bolig_nu):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(bolig_nu.get_absolute_url())
    # then: 6 input items, 3 followed up and answered; 2 of 3 events had feedback on time
    loop = response.context["loop"]
    assert (loop.input_total, loop.input_assessed, loop.input_answered) == (6, 3, 3)
    assert (loop.events_on_time, loop.events_judgeable, loop.events_overdue) == (2, 3, 1)
    text = response.text
    assert "3 of 6 (50 %)" in text
    assert "2 of 3 (67 %)" in text
    assert "Lighting will be improved." in text
    assert "Not answered yet" in text
    assert "Taken forward" in text
    assert "Not assessed" in text


def test_feedback_given_late_is_not_on_time_and_future_deadlines_are_left_out(
    client, staff_bodo, bodo, make_initiative, vocab
):
    # given one event answered after its due date, and one whose due date is still ahead
    initiative = make_initiative(bodo, events=0)
    today = timezone.localdate()
    event_date = today - datetime.timedelta(days=40)
    cafe = vocab["cafe"]
    InvolvementEvent.objects.create(
        initiative=initiative,
        title="Late feedback",
        date=event_date,
        method=cafe,
        feedback_due=event_date + datetime.timedelta(days=10),
        feedback_given=event_date + datetime.timedelta(days=20),
    )
    InvolvementEvent.objects.create(
        initiative=initiative,
        title="Not due yet",
        date=today,
        method=cafe,
        feedback_due=today + datetime.timedelta(days=10),
    )
    client.force_login(staff_bodo)
    # when
    response = client.get(initiative.get_absolute_url())
    # then
    loop = response.context["loop"]
    assert (loop.events_on_time, loop.events_judgeable, loop.events_overdue) == (0, 1, 0)
    assert loop.input_total == 0
    assert "No data yet" in response.text  # shares of input with nothing to divide by


def test_initiative_without_events_shows_empty_states(client, staff_bodo, bodo, make_initiative):
    # given
    initiative = make_initiative(bodo, events=0)
    client.force_login(staff_bodo)
    # when
    response = client.get(initiative.get_absolute_url())
    # then
    assert response.status_code == 200
    assert response.text.count('class="empty-state"') == 3  # events, input, factor assessment


@pytest.mark.parametrize("role", ["staff_bodo", "viewer_bodo", "adviser_nord", "no_role_user"])
def test_outsider_gets_404(client, request, role, asker, make_initiative):
    # given an initiative in Asker, outside the user's scope
    initiative = make_initiative(asker)
    client.force_login(request.getfixturevalue(role))
    # when
    response = client.get(initiative.get_absolute_url())
    # then
    assert response.status_code == 404


def test_unknown_initiative_gets_404(client, log_in, admin_user):
    log_in(client, admin_user)
    assert client.get(reverse("participation:initiative-detail", args=[999999])).status_code == 404


def test_anonymous_is_sent_to_login(client, bolig_nu):
    # when
    response = client.get(bolig_nu.get_absolute_url())
    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Session, user, role check, initiative, its target groups, forms, goals and priority areas,
# a page of events, their participant counts and themes, their input, and the two loop-closure
# aggregates (the events' count for the pages among them);
# the factor assessment, and the role grants behind the Edit/Assess buttons.
INITIATIVE_QUERIES = 16
# An admin's session also loads the TOTP device it was verified with (django-otp).
SECOND_FACTOR_QUERIES = 1


@pytest.mark.parametrize("role", ["admin_user", "staff_bodo"])
def test_initiative_query_count_is_pinned_and_does_not_grow_with_data(
    client, log_in, request, role, bolig_nu, vocab, django_assert_max_num_queries, count_queries
):
    # given
    log_in(client, request.getfixturevalue(role))
    limit = INITIATIVE_QUERIES + (SECOND_FACTOR_QUERIES if role == "admin_user" else 0)
    url = bolig_nu.get_absolute_url()
    with django_assert_max_num_queries(limit):
        client.get(url)
    before = count_queries(client, url)
    # when the events and input double
    for event in list(bolig_nu.events.all()):
        copy = InvolvementEvent.objects.create(
            initiative=bolig_nu,
            title=f"{event.title} (again)",
            date=event.date,
            method=event.method,
            feedback_due=event.feedback_due,
        )
        copy.themes.add(vocab["safety"])
        copy.participant_counts.create(target_group=vocab["youth"], role="citizen", count=3)
        for item in event.inputs.all():
            Input.objects.create(event=copy, theme=item.theme, summary=item.summary)
    # then
    with django_assert_max_num_queries(limit):
        client.get(url)
    assert count_queries(client, url) == before


def test_a_big_initiative_pages_its_events_with_their_input(
    client, staff_bodo, bodo, make_initiative, django_assert_max_num_queries, count_queries
):
    # given an initiative with 22 events (one page of 20 and two more), one input item each
    from participation.involvement.views.initiatives import EVENTS_PAGE_SIZE

    initiative = make_initiative(bodo, name="Stort tiltak", events=EVENTS_PAGE_SIZE + 2, inputs=1)
    oldest_first = list(initiative.events.order_by("date", "start_time", "pk"))
    client.force_login(staff_bodo)
    url = initiative.get_absolute_url()
    # when
    first = client.get(url)
    second = client.get(url, {"page": 2})
    # then the first page holds the 20 oldest events, the second the other two
    assert [e.pk for e in first.context["events"]] == [e.pk for e in oldest_first[:20]]
    assert [e.pk for e in second.context["events"]] == [e.pk for e in oldest_first[20:]]
    assert 'href="?page=2"' in first.text
    assert "Events 21–22 of 22, oldest first." in second.text
    # and each page lists the input of its own events only, while the loop closure counts all
    assert {i.event_id for i in second.context["inputs"]} == {e.pk for e in oldest_first[20:]}
    assert second.context["loop"].input_total == EVENTS_PAGE_SIZE + 2
    assert oldest_first[0].title in first.text
    assert oldest_first[0].title not in second.text
    # and the second page costs the same queries as the first
    with django_assert_max_num_queries(INITIATIVE_QUERIES):
        client.get(url, {"page": 2})
    assert count_queries(client, f"{url}?page=2") == count_queries(client, url)
