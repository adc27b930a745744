"""Input pages: several items at once, one item's follow-up and answer, the open-input list."""

from __future__ import annotations

import datetime
import html

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from participation.core.privacy import EMAIL_MESSAGE, PHONE_NUMBER_MESSAGE
from participation.involvement.models import Input
from tests.involvement.support import named


def rows(*items, total=5):  # type: ignore[no-untyped-def]
    data = {"input-TOTAL_FORMS": str(total), "input-INITIAL_FORMS": "0"}
    for i in range(total):
        theme, summary = items[i] if i < len(items) else ("", "")
        data[f"input-{i}-theme"] = str(theme)
        data[f"input-{i}-summary"] = summary
    return data


def text(response):  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def test_add_form_offers_five_labelled_blank_rows_and_the_warning(client, staff_bodo, bodo_event):
    client.force_login(staff_bodo)
    response = client.get(reverse("participation:input-add", args=[bodo_event.pk]))
    page = text(response)
    assert response.status_code == 200
    assert page.count('name="input-') >= 10
    assert "Summary, row 5" in page
    assert "Do not write personal data" in page


def test_staff_add_several_items_and_blank_rows_are_ignored(client, staff_bodo, bodo_event, vocab):
    # given
    client.force_login(staff_bodo)
    data = rows(
        (vocab["safety"].pk, "Mørke oppganger."),
        ("", ""),
        (vocab["design"].pk, "Ønsker benker i gården."),
    )
    # when
    response = client.post(reverse("participation:input-add", args=[bodo_event.pk]), data)
    # then
    assert response.status_code == 302
    items = list(bodo_event.inputs.order_by("pk"))
    assert [(i.theme, i.summary) for i in items] == [
        (vocab["safety"], "Mørke oppganger."),
        (vocab["design"], "Ønsker benker i gården."),
    ]
    assert all(i.created_by == staff_bodo for i in items)
    assert all(i.follow_up_status == Input.FollowUp.NOT_ASSESSED for i in items)
    assert (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Input),
            action=LogEntry.Action.CREATE,
            actor=staff_bodo,
        ).count()
        == 2
    )
    page = text(client.get(response["Location"]))
    assert "2 input items were added." in page


@pytest.mark.parametrize(
    ("data_rows", "message"),
    [
        ([], "Fill in at least one row: a theme and a summary."),
        ([("{safety}", "")], "Write what was said about this theme."),
        ([("", "Noe uten tema")], "Choose the theme this input is about."),
        (
            [("{safety}", "Ok."), ("{design}", "Ring meg på 41234567")],
            named("Summary", PHONE_NUMBER_MESSAGE),
        ),
        ([("{safety}", "Skriv til ola@example.com")], named("Summary", EMAIL_MESSAGE)),
    ],
)
def test_invalid_rows_are_refused_and_nothing_is_saved(
    client, staff_bodo, bodo_event, vocab, data_rows, message
):
    # given
    client.force_login(staff_bodo)
    ids = {"safety": vocab["safety"].pk, "design": vocab["design"].pk}
    items = [(theme.format(**ids), summary) for theme, summary in data_rows]
    # when
    response = client.post(reverse("participation:input-add", args=[bodo_event.pk]), rows(*items))
    # then
    assert response.status_code == 200
    assert message in text(response)
    assert not Input.objects.exists()


def test_staff_record_the_follow_up_and_the_answer(client, staff_bodo, bodo_input, vocab):
    # given
    client.force_login(staff_bodo)
    url = reverse("participation:input-update", args=[bodo_input.pk])
    assert client.get(url).status_code == 200
    # when
    response = client.post(
        url,
        {
            "theme": vocab["safety"].pk,
            "summary": "Mørke oppganger.",
            "follow_up_status": "incorporated",
            "follow_up_date": "2025-03-10",
            "answer": "Ny belysning er bestilt.",
            "answered_on": "2025-03-20",
        },
    )
    # then
    assert response.status_code == 302
    bodo_input.refresh_from_db()
    assert bodo_input.follow_up_status == Input.FollowUp.INCORPORATED
    assert bodo_input.answered_on == datetime.date(2025, 3, 20)
    assert bodo_input.updated_by == staff_bodo
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Input),
        object_id=bodo_input.pk,
        action=LogEntry.Action.UPDATE,
    ).latest("pk")
    assert entry.actor == staff_bodo


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"answered_on": "2025-03-20"}, "answer", "Write the answer that was given on this date."),
        ({"answer": "Svar gitt."}, "answered_on", "Give the date the answer was given."),
        (
            {"answer": "Svar.", "answered_on": "2025-02-01"},
            "answered_on",
            "This date is before the event (01.03.2025).",
        ),
        (
            {"answer": "Ring 22 33 44 55", "answered_on": "2025-03-20"},
            "answer",
            named("Answer given back", PHONE_NUMBER_MESSAGE),
        ),
    ],
)
def test_answer_and_date_go_together(
    client, staff_bodo, bodo_input, vocab, changes, field, message
):
    client.force_login(staff_bodo)
    data = {
        "theme": vocab["safety"].pk,
        "summary": "Mørke oppganger.",
        "follow_up_status": "taken_forward",
        "answer": "",
        "answered_on": "",
        **changes,
    }
    response = client.post(reverse("participation:input-update", args=[bodo_input.pk]), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in text(response)
    bodo_input.refresh_from_db()
    assert bodo_input.follow_up_status == Input.FollowUp.NOT_ASSESSED


@pytest.mark.parametrize("role", ["viewer_bodo", "adviser_nord"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_readers_may_not_change_input(client, request, role, method, bodo_input):
    client.force_login(request.getfixturevalue(role))
    response = getattr(client, method)(reverse("participation:input-update", args=[bodo_input.pk]))
    assert response.status_code == 403


def test_outsiders_get_404_on_input(client, staff_bodo, asker_event, vocab):
    item = Input.objects.create(event=asker_event, theme=vocab["safety"], summary="Asker.")
    client.force_login(staff_bodo)
    for method in ("get", "post"):
        response = getattr(client, method)(reverse("participation:input-update", args=[item.pk]))
        assert response.status_code == 404
    response = client.post(reverse("participation:input-add", args=[asker_event.pk]), rows())
    assert response.status_code == 404


# The open-input list ------------------------------------------------------------------------


@pytest.fixture
def listed(make_event, bodo, asker, vocab):  # type: ignore[no-untyped-def]
    """Input in Bodø (open, open, assessed, answered) and in Asker (open)."""
    bodo_event = make_event(bodo)
    other = make_event(bodo, title="Beboermøte")
    asker_event = make_event(asker)
    make = Input.objects.create
    return {
        "open_safety": make(event=bodo_event, theme=vocab["safety"], summary="Bodø åpen trygghet"),
        "open_design": make(event=other, theme=vocab["design"], summary="Bodø åpen utforming"),
        "parked": make(
            event=bodo_event,
            theme=vocab["safety"],
            summary="Bodø parkert",
            follow_up_status="parked",
        ),
        "answered": make(
            event=bodo_event,
            theme=vocab["design"],
            summary="Bodø besvart",
            follow_up_status="incorporated",
            answer="Gjort.",
            answered_on=datetime.date(2025, 3, 10),
        ),
        "asker": make(event=asker_event, theme=vocab["safety"], summary="Asker åpen"),
    }


def summaries(response):  # type: ignore[no-untyped-def]
    return sorted(i.summary for i in response.context["page"].object_list)


def test_list_shows_open_input_in_scope_by_default(client, staff_bodo, listed):
    client.force_login(staff_bodo)
    response = client.get(reverse("participation:input-list"))
    assert response.status_code == 200
    assert summaries(response) == ["Bodø åpen trygghet", "Bodø åpen utforming"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "open", "theme": "{safety}"}, ["Bodø åpen trygghet"]),
        ({"status": "parked"}, ["Bodø parkert"]),
        ({"status": "unanswered"}, ["Bodø parkert", "Bodø åpen trygghet", "Bodø åpen utforming"]),
        (
            {"status": "all"},
            ["Bodø besvart", "Bodø parkert", "Bodø åpen trygghet", "Bodø åpen utforming"],
        ),
        ({"status": "all", "theme": "{design}"}, ["Bodø besvart", "Bodø åpen utforming"]),
    ],
)
def test_list_filters_by_status_and_theme(client, staff_bodo, listed, vocab, query, expected):
    client.force_login(staff_bodo)
    ids = {"safety": vocab["safety"].pk, "design": vocab["design"].pk}
    response = client.get(
        reverse("participation:input-list"), {k: v.format(**ids) for k, v in query.items()}
    )
    assert summaries(response) == expected


def test_admin_filters_by_municipality(client, log_in, admin_user, listed, asker):
    log_in(client, admin_user)
    response = client.get(reverse("participation:input-list"))
    assert "Asker åpen" in summaries(response)
    response = client.get(reverse("participation:input-list"), {"municipality": asker.pk})
    assert summaries(response) == ["Asker åpen"]


def test_bodo_staff_cannot_filter_their_way_into_asker(client, staff_bodo, listed, asker):
    client.force_login(staff_bodo)
    response = client.get(reverse("participation:input-list"), {"municipality": asker.pk})
    # an unknown choice: the filter is refused and only the user's own input is shown
    assert "Asker åpen" not in summaries(response)


def test_empty_list_says_what_to_do(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get(reverse("participation:input-list"))
    assert response.status_code == 200
    assert "No input is waiting for follow-up." in text(response)


def test_list_paginates_and_keeps_the_filter(client, staff_bodo, bodo_event, vocab):
    for i in range(30):
        Input.objects.create(event=bodo_event, theme=vocab["safety"], summary=f"Innspill {i}")
    client.force_login(staff_bodo)
    response = client.get(reverse("participation:input-list"), {"theme": vocab["safety"].pk})
    assert len(response.context["page"].object_list) == 25
    assert f"theme={vocab['safety'].pk}&amp;page=2" in response.content.decode()


@pytest.mark.parametrize("items", [5, 40])
def test_list_query_count_is_pinned(
    client, staff_bodo, make_event, bodo, vocab, items, django_assert_max_num_queries
):
    # given input spread over several events and initiatives
    for e in range(4):
        event = make_event(bodo, title=f"Møte {e}")
        for i in range(items // 4):
            Input.objects.create(event=event, theme=vocab["design"], summary=f"Innspill {e}-{i}")
    client.force_login(staff_bodo)
    # when / then: the same bound whatever the amount (the menu's task count included; the
    # filters' choices read once each, not counted first)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("participation:input-list"))
    assert response.status_code == 200


def test_past_the_count_cap_the_list_says_more_than_and_pages_up_to_it(
    client, staff_bodo, bodo_event, vocab, monkeypatch
):
    # given more open items than the cap (set low here: the real one is 10 000)
    from participation.involvement.views import inputs

    monkeypatch.setattr(inputs, "COUNT_CAP", 30)
    for i in range(35):
        Input.objects.create(event=bodo_event, theme=vocab["safety"], summary=f"Innspill {i}")
    client.force_login(staff_bodo)
    # when
    first = client.get(reverse("participation:input-list"))
    second = client.get(reverse("participation:input-list"), {"page": 2})
    # then the first 30 are listed on two pages, and the caption says there are more
    text = html.unescape(first.content.decode())
    assert "More than 30 input items: the first 30 are listed." in text
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    # and under the cap the count is exact
    filtered = client.get(reverse("participation:input-list"), {"theme": vocab["design"].pk})
    assert "More than" not in filtered.content.decode()


def test_the_pages_together_list_every_item_once_in_the_lists_order(
    client, staff_bodo, make_event, bodo, vocab
):
    # given open input over events on several dates (deep pages skip by id, not whole rows)
    for e in range(3):
        event = make_event(
            bodo, title=f"Møte {e}", date=datetime.date(2025, 3 - e, 1), feedback_due=None
        )
        for i in range(22):
            Input.objects.create(event=event, theme=vocab["design"], summary=f"Innspill {e}-{i}")
    client.force_login(staff_bodo)
    # when every page is read
    url = reverse("participation:input-list")
    pages = [client.get(url, {"page": n}).context["page"] for n in (1, 2, 3)]
    # then they list the items by event date, then creation, each once, as the queryset orders
    listed = [item.pk for page in pages for item in page.object_list]
    expected = list(
        Input.objects.filter(event__initiative__municipality=bodo)
        .order_by("event__date", "pk")
        .values_list("pk", flat=True)
    )
    assert listed == expected
    assert [len(page.object_list) for page in pages] == [25, 25, 16]


def test_next_links_page_by_keyset_and_give_the_same_pages(
    client, staff_bodo, make_event, bodo, vocab, django_assert_max_num_queries
):
    # given open input over events, two of them on the same date
    for e, day in enumerate([1, 1, 5]):
        event = make_event(
            bodo, title=f"Møte {e}", date=datetime.date(2025, 3, day), feedback_due=None
        )
        for i in range(22):
            Input.objects.create(event=event, theme=vocab["design"], summary=f"Innspill {e}-{i}")
    client.force_login(staff_bodo)
    url = reverse("participation:input-list")
    by_number = [client.get(url, {"page": n}).context["page"] for n in (1, 2, 3)]
    # when the pages are walked by their "Next" links
    walked = [client.get(url).context["page"]]
    while walked[-1].next_after:
        after = walked[-1].next_after
        number = walked[-1].next_page_number()
        with django_assert_max_num_queries(8):  # the menu's task count included
            response = client.get(url, {"page": number, "after": after})
        # the link carries the cursor, and the others on that page do not
        assert f"page={number}&after={after}" in text(client.get(url, {"page": number - 1}))
        walked.append(response.context["page"])
    # then they are the numbered pages, item for item, in the list's order
    assert [[i.pk for i in p.object_list] for p in walked] == [
        [i.pk for i in p.object_list] for p in by_number
    ]
    assert [p.number for p in walked] == [1, 2, 3]
    # and the last page's links (Previous, the numbers) are numbered pages, without a cursor
    pagination = text(response).split('<nav aria-label="Pages">')[1].split("</nav>")[0]
    assert "Previous" in pagination
    assert "after=" not in pagination
    # and a malformed cursor is ignored: the numbered page
    page = client.get(url, {"page": 2, "after": "not-a-cursor"}).context["page"]
    assert [i.pk for i in page.object_list] == [i.pk for i in by_number[1].object_list]


def test_follow_up_form_query_count_is_pinned(
    client, staff_bodo, bodo_event, vocab, django_assert_max_num_queries
):
    # given an item (its scope is read through its event's municipality, loaded with it)
    item = Input.objects.create(event=bodo_event, theme=vocab["safety"], summary="Innspill")
    client.force_login(staff_bodo)
    url = reverse("participation:input-update", args=[item.pk])
    client.get(url)
    # when / then: no query more than before the event held its municipality (its rule check
    # reads the municipality loaded with the item), and the menu's task count
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["staff", "adviser", "admin"])
def test_numbered_pages_start_where_offset_would_and_cost_the_same_at_any_depth(
    client,
    log_in,
    role,
    staff_bodo,
    adviser_nord,
    admin_user,
    make_event,
    bodo,
    asker,
    vocab,
    django_assert_max_num_queries,
):
    # given input in Bodø and Asker over events on several dates (ties on a date; events with
    # no open item; items of several themes and follow-up statuses)
    user = {"staff": staff_bodo, "adviser": adviser_nord, "admin": admin_user}[role]
    statuses = [Input.FollowUp.NOT_ASSESSED, Input.FollowUp.DECLINED, Input.FollowUp.PARKED]
    for e, (municipality, day, size) in enumerate(
        [(bodo, 3, 9), (asker, 3, 7), (bodo, 3, 0), (bodo, 1, 12), (asker, 9, 11), (bodo, 5, 14)]
    ):
        event = make_event(
            municipality, title=f"Møte {e}", date=datetime.date(2025, 4, day), feedback_due=None
        )
        for i in range(size):
            Input.objects.create(
                event=event,
                theme=vocab["design"] if i % 3 else vocab["safety"],
                summary=f"Innspill {e}-{i}",
                follow_up_status=statuses[i % 4 % 3] if e != 2 else Input.FollowUp.DECLINED,
            )
    log_in(client, user)
    url = reverse("participation:input-list")
    open_only = {"follow_up_status": Input.FollowUp.NOT_ASSESSED}
    for query, narrowed in [
        ({}, open_only),
        ({"status": "all"}, {}),
        ({"status": "declined"}, {"follow_up_status": Input.FollowUp.DECLINED}),
        ({"theme": vocab["safety"].pk, "status": "all"}, {"theme": vocab["safety"]}),
        ({"municipality": bodo.pk, "status": "all"}, {"event__municipality": bodo}),
    ]:
        # the list as one query gives it, in the list's order
        expected = list(
            Input.objects.visible_to(user)
            .filter(**narrowed)
            .order_by("event__date", "event_id", "pk")
            .values_list("pk", flat=True)
        )
        # when every numbered page is read (page size 25: here pages of 10, so the deep pages
        # start inside an event)
        from participation.involvement.views import inputs

        listed = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(inputs, "PAGE_SIZE", 10)
            for number in range(1, (len(expected) + 9) // 10 + 1):
                # page 1's queries (the admin's second factor one more), two that find where
                # a later page starts (its event, its item) whatever its depth, and the
                # municipality filter's check of its choice
                with django_assert_max_num_queries(11 + (role == "admin")) as captured:
                    response = client.get(url, {**query, "page": number})
                # and the page's rows are read after the keys found, not past an OFFSET
                page_reads = [
                    q["sql"]
                    for q in captured.captured_queries
                    if '"involvement_input"."summary"' in q["sql"]
                ]
                assert len(page_reads) == 1
                assert "OFFSET" not in page_reads[0]
                listed += [item.pk for item in response.context["page"].object_list]
        # then together they are the list, each item once, in its order
        assert listed == expected, query
        assert len(expected) > 5, query
