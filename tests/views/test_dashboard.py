import re

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from participation.involvement.models import Input, InvolvementEvent, ParticipantCount
from participation.places.models import Indicator, Municipality
from participation.programme.models import IndicatorValue
from tests import factories

DASHBOARD = reverse("participation:dashboard")


@pytest.mark.parametrize("role", ["admin_user", "adviser_nord", "staff_bodo", "viewer_bodo"])
def test_dashboard_lists_bodo_for_every_role_in_scope(client, log_in, request, role, bodo):
    # given
    log_in(client, request.getfixturevalue(role))
    # when
    response = client.get(DASHBOARD, {"q": "Bodø"})
    # then
    assert response.status_code == 200
    assert bodo.get_absolute_url() in response.text
    assert "<caption>" in response.text


@pytest.mark.parametrize("role", ["staff_bodo", "viewer_bodo", "adviser_nord"])
def test_dashboard_leaves_out_municipalities_outside_scope(client, request, role, asker):
    # given
    client.force_login(request.getfixturevalue(role))
    # when
    response = client.get(DASHBOARD)
    # then
    assert response.status_code == 200
    assert asker.get_absolute_url() not in response.text


def test_staff_sees_only_their_own_municipality(client, staff_bodo, bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(DASHBOARD)
    # then
    assert [m.number for m in response.context["page"].object_list] == ["1804"]
    assert response.context["totals"]["municipalities"] == 1


def test_adviser_sees_the_whole_region(client, adviser_nord, bodo):
    # given
    client.force_login(adviser_nord)
    in_region = Municipality.objects.current().filter(region=bodo.region).count()
    # when
    response = client.get(DASHBOARD)
    # then
    assert response.context["totals"]["municipalities"] == in_region
    assert response.context["page"].paginator.count == in_region


def test_admin_sees_every_current_municipality_25_per_page(client, log_in, admin_user):
    # given
    log_in(client, admin_user)
    current = Municipality.objects.current().count()
    # when
    first = client.get(DASHBOARD)
    last = client.get(DASHBOARD, {"page": first.context["page"].paginator.num_pages})
    # then
    assert first.context["totals"]["municipalities"] == current
    assert len(first.context["page"].object_list) == min(current, 25)
    assert len(last.context["page"].object_list) == current - 25 * (
        first.context["page"].paginator.num_pages - 1
    )
    assert 'class="pagination' in first.text
    assert "?page=2" in first.text


def test_search_by_name_and_by_number(client, log_in, admin_user, bodo, asker):
    # given
    log_in(client, admin_user)
    # when
    by_name = client.get(DASHBOARD, {"q": "aske"})
    by_number = client.get(DASHBOARD, {"q": "1804"})
    # then
    assert asker in by_name.context["page"].object_list
    assert bodo not in by_name.context["page"].object_list
    assert list(by_number.context["page"].object_list) == [bodo]


def test_search_without_match_says_so(client, log_in, admin_user):
    # given
    log_in(client, admin_user)
    # when
    response = client.get(DASHBOARD, {"q": "Atlantis"})
    # then
    assert response.status_code == 200
    assert "Atlantis" in response.text
    assert response.context["page"].paginator.count == 0
    assert "<table" not in response.text


def test_user_without_role_gets_an_empty_state_that_says_whom_to_ask(client, no_role_user):
    # given
    client.force_login(no_role_user)
    # when
    response = client.get(DASHBOARD)
    # then
    assert response.status_code == 200
    assert response.context["totals"]["municipalities"] == 0
    assert "empty-state" in response.text
    assert "Husbanken" in response.text
    assert "<table" not in response.text


def test_anonymous_is_sent_to_login(client):
    # when
    response = client.get(DASHBOARD)
    # then
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={DASHBOARD}"


def test_rows_and_summary_count_initiatives_events_open_input_and_overdue_feedback(
    client, staff_bodo, bodo, make_initiative
):
    # given two initiatives with 3 events each, two input items per event (one open), and one
    # event per initiative whose feedback is overdue
    make_initiative(bodo, events=3, inputs=2, overdue=True)
    make_initiative(bodo, events=3, inputs=2, overdue=True)
    client.force_login(staff_bodo)
    # when
    response = client.get(DASHBOARD)
    # then
    row = response.context["page"].object_list[0]
    assert (
        row.initiative_count,
        row.event_count,
        row.open_input_count,
        row.overdue_event_count,
    ) == (2, 6, 6, 2)
    totals = response.context["totals"]
    assert (totals["initiatives"], totals["events"], totals["open_input"]) == (2, 6, 6)
    assert totals["overdue_events"] == 2


def _spread_data(make_initiative, municipalities, per_municipality):  # type: ignore[no-untyped-def]
    for municipality in municipalities:
        for _ in range(per_municipality):
            make_initiative(municipality, events=2, inputs=2)


# Session, user, admin check, the menu's task count, totals, paginator count and the page's rows;
# the trends from the read models: events and participants, input, and indicator values per
# year (one grouped query each); what changed since the last visit: the newest events, their
# total (when there are more than shown), new input, values submitted and returned.
DASHBOARD_QUERIES = 14
# An admin's session also loads the TOTP device it was verified with (django-otp).
SECOND_FACTOR_QUERIES = 1


def test_dashboard_query_count_is_pinned_and_does_not_grow_with_data(
    client, log_in, admin_user, make_initiative, django_assert_max_num_queries, count_queries
):
    # given initiatives, events and input in the first 30 municipalities
    municipalities = list(Municipality.objects.current().order_by("name")[:30])
    _spread_data(make_initiative, municipalities, 1)
    log_in(client, admin_user)
    with django_assert_max_num_queries(DASHBOARD_QUERIES + SECOND_FACTOR_QUERIES):
        client.get(DASHBOARD)
    before = count_queries(client, DASHBOARD)
    # when the data doubles
    _spread_data(make_initiative, municipalities, 1)
    # then
    with django_assert_max_num_queries(DASHBOARD_QUERIES + SECOND_FACTOR_QUERIES):
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert count_queries(client, DASHBOARD) == before


@pytest.mark.parametrize("role", ["adviser_nord", "staff_bodo"])
def test_dashboard_query_count_for_scoped_roles(
    client, request, role, bodo, make_initiative, django_assert_max_num_queries
):
    # given
    _spread_data(make_initiative, [bodo], 3)
    client.force_login(request.getfixturevalue(role))
    # when / then
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(DASHBOARD)
    assert response.status_code == 200


def _table_row(html: str, chart_id: str, year: int) -> list[str]:
    """The cells of `year`'s row in the table under the chart `chart_id`, as shown."""
    figure = re.search(rf'<figure[^>]*id="{chart_id}".*?</figure>', html, re.S)
    assert figure, chart_id
    row = re.search(rf'<th scope="row">{year}</th>(.*?)</tr>', figure.group(0), re.S)
    assert row, (chart_id, year)
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_trends_are_svg_charts_with_a_table_of_the_same_live_counts(
    client, staff_bodo, bodo, asker, make_initiative
):
    # given events, participants and input in Bodø, and some in Asker (out of the user's scope)
    make_initiative(bodo, events=3, inputs=2)
    make_initiative(bodo, events=2, inputs=3)
    make_initiative(asker, events=4, inputs=2)
    # and indicator values: last year Bodø reached two targets of three (a higher-is-better one
    # and a lower-is-better one); a value not yet approved and Asker's are left out
    year = timezone.localdate().year
    for municipality, direction, target, value, status in [
        (bodo, "higher", 10, 12, "approved"),
        (bodo, "higher", 10, 5, "approved"),
        (bodo, "lower", 3, 2, "approved"),
        (bodo, "lower", 3, 1, "submitted"),
        (asker, "higher", 10, 20, "approved"),
    ]:
        indicator = factories.IndicatorFactory(direction=direction, target=target)
        factories.IndicatorValueFactory(
            municipality=municipality,
            indicator=indicator,
            period=factories.ReportingPeriodFactory(strategy=indicator.strategy, year=year - 1),
            value=value,
            status=status,
        )
    client.force_login(staff_bodo)
    events = InvolvementEvent.objects.filter(initiative__municipality=bodo)
    # when
    response = client.get(DASHBOARD)
    # then four charts, each an image with its own title and description
    html = response.text
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 4
    for svg in svgs:
        labelled_by = re.search(r'role="img" aria-labelledby="([^"]+)"', svg)
        assert labelled_by
        title_id, desc_id = labelled_by.group(1).split()
        assert re.search(rf'<title id="{title_id}">[^<]+</title>', svg)
        assert re.search(rf'<desc id="{desc_id}">[^<]+</desc>', svg)
    assert html.count("<summary>Show the figures as a table</summary>") == 4
    # and the tables hold the live counts of the user's own scope, year by year
    for year_shown in range(year - 5, year + 1):
        in_year = events.filter(date__year=year_shown)
        participants = ParticipantCount.objects.filter(event__in=in_year).aggregate(n=Sum("count"))
        inputs = Input.objects.filter(event__in=in_year)
        answered = inputs.exclude(answer="").count()
        assert _table_row(html, "trend-events", year_shown) == [str(in_year.count())]
        assert _table_row(html, "trend-participants", year_shown) == [str(participants["n"] or 0)]
        share = f"{round(answered * 100 / inputs.count())}\u00a0%" if inputs.count() else "–"
        assert _table_row(html, "trend-loop", year_shown) == [
            str(inputs.count()),
            str(answered),
            share,
        ]
        values = [
            (v.value, v.indicator.target, v.indicator.direction)
            for v in IndicatorValue.objects.filter(
                municipality=bodo, status="approved", period__start_date__year=year_shown
            ).select_related("indicator")
            if v.indicator.target is not None
        ]
        at_target = [
            value
            for value, target, direction in values
            if (value >= target if direction == Indicator.Direction.HIGHER else value <= target)
        ]
        share = f"{round(len(at_target) * 100 / len(values))}\u00a0%" if values else "–"
        assert _table_row(html, "trend-targets", year_shown) == [
            str(len(values)),
            str(len(at_target)),
            share,
        ]
    assert _table_row(html, "trend-targets", year - 1) == ["3", "2", "67\u00a0%"]
    shown_events = sum(
        int(_table_row(html, "trend-events", y)[0]) for y in range(year - 5, year + 1)
    )
    assert shown_events == events.filter(date__year__gte=year - 5).count() > 0


def test_municipalities_needing_attention_come_first_and_a_to_aa_is_one_click_away(
    client, log_in, admin_user, make_initiative
):
    # given, late in the alphabet, one municipality with feedback overdue (and open input), one
    # with open input only and more of it, and one with everything followed up
    *_, quiet, open_only, overdue = Municipality.objects.current().order_by("name")
    make_initiative(overdue, events=1, inputs=2, overdue=True)
    make_initiative(open_only, events=3, inputs=2, overdue=False)
    log_in(client, admin_user)
    alphabetical = list(Municipality.objects.current().order_by("name", "number"))
    # when
    by_attention = client.get(DASHBOARD)
    by_name = client.get(DASHBOARD, {"sort": "name"})
    by_name_page_2 = client.get(DASHBOARD, {"sort": "name", "page": 2})
    # then the default order puts what needs attention first, the rest A–Å after them
    assert list(by_attention.context["page"].object_list[:2]) == [overdue, open_only]
    rest = [m for m in alphabetical if m not in (overdue, open_only)]
    assert list(by_attention.context["page"].object_list[2:]) == rest[:23]
    assert quiet not in by_attention.context["page"].object_list
    # and "all municipalities A–Å" is a link away, and keeps its order from page to page
    assert 'href="?sort=name"' in by_attention.text
    assert ">All municipalities A–Å</a>" in by_attention.text
    assert list(by_name.context["page"].object_list) == alphabetical[:25]
    assert list(by_name_page_2.context["page"].object_list) == alphabetical[25:50]
    assert "?sort=name&amp;page=2" in by_name.text


def test_an_unknown_sort_is_the_default_order(client, log_in, admin_user, make_initiative):
    # given
    *_, overdue = Municipality.objects.current().order_by("name")
    make_initiative(overdue, events=1, inputs=1, overdue=True)
    log_in(client, admin_user)
    # when
    response = client.get(DASHBOARD, {"sort": "'; DROP TABLE"})
    # then
    assert response.status_code == 200
    assert response.context["page"].object_list[0] == overdue


def test_since_your_last_visit_lists_what_changed_after_the_previous_login(
    client, staff_bodo, bodo, asker, make_initiative, value_factory
):
    # given an initiative recorded before the user's first login
    make_initiative(bodo, name="Før besøket", events=2, inputs=1)
    client.force_login(staff_bodo)
    first = client.get(DASHBOARD)
    # and, after that visit, new events and input in Bodø, values submitted and returned, and
    # events in Asker (out of the user's scope)
    make_initiative(bodo, name="Etter besøket", events=3, inputs=2)
    make_initiative(asker, events=4, inputs=2)
    value_factory(municipality=bodo, status="submitted")
    value_factory(municipality=bodo, status="returned")
    value_factory(municipality=asker, status="returned")
    # when the user logs in again
    client.logout()
    client.force_login(staff_bodo)
    response = client.get(DASHBOARD)
    # then the first visit (no earlier login) showed the last seven days
    assert "The last seven days" in first.text
    assert "Since your last visit" not in first.text
    # and this one lists what changed since that first login, in the user's scope only
    html = response.text
    assert "Since your last visit" in html
    changes = response.context["changes"]
    new_events = InvolvementEvent.objects.filter(initiative__name="Etter besøket")
    assert changes.events == 3
    assert "3 new involvement events" in html
    for event in new_events:
        assert reverse("participation:event-detail", args=[event.pk]) in html
    for event in InvolvementEvent.objects.filter(initiative__name="Før besøket"):
        assert reverse("participation:event-detail", args=[event.pk]) not in html
    assert {e.initiative.municipality for e in changes.newest_events} == {bodo}
    assert "6 new input items" in html
    assert "1 indicator value submitted for review" in html
    assert "1 indicator value returned for correction" in html


def test_since_your_last_visit_says_when_nothing_changed(client, staff_bodo, make_initiative, bodo):
    # given
    make_initiative(bodo, events=1, inputs=1)
    client.force_login(staff_bodo)
    client.logout()
    client.force_login(staff_bodo)
    # when
    response = client.get(DASHBOARD)
    # then
    assert "Since your last visit" in response.text
    assert "Nothing new has been recorded in your municipalities." in response.text
