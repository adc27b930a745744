import datetime

import pytest
from django.urls import reverse

from participation.places.models import Municipality

ROLES_IN_SCOPE = ["admin_user", "adviser_nord", "staff_bodo", "viewer_bodo"]


@pytest.fixture
def bodo_with_records(bodo, make_initiative, programme_records):  # type: ignore[no-untyped-def]
    make_initiative(bodo, name="Bolig Nu", events=2, inputs=2, is_example=True)
    make_initiative(bodo, name="Foyer Bodø", events=1, inputs=1, overdue=False)
    programme_records(bodo)
    return bodo


@pytest.mark.parametrize("role", ROLES_IN_SCOPE)
def test_municipality_page_renders_for_every_role_in_scope(
    client, log_in, request, role, bodo_with_records
):
    # given
    log_in(client, request.getfixturevalue(role))
    # when
    response = client.get(bodo_with_records.get_absolute_url())
    # then
    assert response.status_code == 200
    text = response.text
    assert "<h1" in text
    assert "Bodø" in text
    assert "1804" in text
    assert "Nordland" in text
    assert "Bolig Nu" in text
    assert "Foyer Bodø" in text
    assert "Example data" in text  # the badge on example records


def test_municipality_page_shows_initiatives_with_their_counts(
    client, staff_bodo, bodo_with_records
):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(bodo_with_records.get_absolute_url())
    # then: Bolig Nu has 2 events, 2 open input items (one per event), 1 overdue event
    rows = {i.name: i for i in response.context["initiatives"]}
    bolig_nu = rows["Bolig Nu"]
    assert (bolig_nu.event_count, bolig_nu.open_input_count, bolig_nu.overdue_event_count) == (
        2,
        2,
        1,
    )
    assert bolig_nu.reference in response.text
    assert "Bostedsløse (test), Unge (test)" in response.text


def test_municipality_page_shows_programme_risks_events_and_latest_indicator_values(
    client, staff_bodo, bodo_with_records
):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(bodo_with_records.get_absolute_url())
    # then: both agreements, the second renewing the first
    text = response.text
    assert "2013–2016" in text
    assert "2016–2020" in text
    # only the open risk flag
    assert [r.kind for r in response.context["open_risks"]] == ["leader_left"]
    assert "The programme leader moved to another job." in text
    # recent events, with the overdue one flagged in words
    assert "Dialogmøte" in text
    assert "Overdue" in text
    # the latest approved value per indicator (2022: 35): the newer submitted one does not count
    values = list(response.context["indicator_values"])
    assert [(v.period.name, v.value, v.status) for v in values] == [("År 2022", 35, "approved")]
    assert "Bostedsløse husstander (test)" in text


def test_municipality_without_records_shows_empty_states(client, staff_bodo, bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(bodo.get_absolute_url())
    # then
    assert response.status_code == 200
    assert response.text.count('class="empty-state"') == 5


def test_historical_municipality_links_to_its_successor_and_back(client, log_in, admin_user, bodo):
    # given a former municipality number merged into Bodø
    former = Municipality.objects.create(
        number="9848",
        name="Gamlekommune",
        county=bodo.county,
        region=bodo.region,
        valid_to=datetime.date(2019, 12, 31),
        successor=bodo,
    )
    log_in(client, admin_user)
    # when
    old_page = client.get(former.get_absolute_url())
    new_page = client.get(bodo.get_absolute_url())
    # then
    assert old_page.status_code == 200
    assert "Historical municipality." in old_page.text
    assert f'href="{bodo.get_absolute_url()}"' in old_page.text
    assert f'href="{former.get_absolute_url()}"' in new_page.text


@pytest.mark.parametrize("role", ["staff_bodo", "viewer_bodo", "adviser_nord", "no_role_user"])
def test_outsider_gets_404(client, request, role, asker, make_initiative):
    # given Asker has records, and the user's scope does not include Asker
    make_initiative(asker)
    client.force_login(request.getfixturevalue(role))
    # when
    response = client.get(asker.get_absolute_url())
    # then
    assert response.status_code == 404


def test_unknown_number_gets_404(client, log_in, admin_user):
    log_in(client, admin_user)
    assert (
        client.get(reverse("participation:municipality-detail", args=["0000"])).status_code == 404
    )


def test_anonymous_is_sent_to_login(client, bodo):
    # when
    response = client.get(bodo.get_absolute_url())
    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Session, user, role check, municipality, its totals with its predecessors and successor,
# initiatives + their target groups, agreements, open risks, recent events, indicator values.
MUNICIPALITY_QUERIES = 13  # +2: open reporting periods, loop closure by year
# The feedback-overdue list (one query, only when an event's feedback is overdue).
MUNICIPALITY_QUERIES += 1
# The role grants behind the "New initiative" button (admins answer from a memo).
MUNICIPALITY_QUERIES += 1
# An admin's session also loads the TOTP device it was verified with (django-otp).
SECOND_FACTOR_QUERIES = 1


@pytest.mark.parametrize("role", ["admin_user", "staff_bodo"])
def test_municipality_query_count_is_pinned_and_does_not_grow_with_data(
    client,
    log_in,
    request,
    role,
    bodo_with_records,
    make_initiative,
    programme_records,
    django_assert_max_num_queries,
    count_queries,
):
    # given
    log_in(client, request.getfixturevalue(role))
    limit = MUNICIPALITY_QUERIES + (SECOND_FACTOR_QUERIES if role == "admin_user" else 0)
    url = bodo_with_records.get_absolute_url()
    with django_assert_max_num_queries(limit):
        client.get(url)
    before = count_queries(client, url)
    # when the data doubles
    make_initiative(bodo_with_records, events=2, inputs=2)
    make_initiative(bodo_with_records, events=1, inputs=1)
    # then
    with django_assert_max_num_queries(limit):
        client.get(url)
    assert count_queries(client, url) == before


def test_a_big_municipality_pages_its_initiatives_and_keeps_its_totals(
    client, staff_bodo, bodo, make_initiative
):
    # given 52 initiatives, each with one event (feedback overdue) and one open input item
    from participation.front.queries import INITIATIVES_PAGE_SIZE

    for n in range(INITIATIVES_PAGE_SIZE + 2):
        make_initiative(bodo, name=f"Tiltak {n:03d}", events=1, inputs=1)
    client.force_login(staff_bodo)
    # when
    first = client.get(bodo.get_absolute_url())
    second = client.get(bodo.get_absolute_url(), {"page": 2})
    # then the first page holds 50, the second the other two, in name order
    assert [i.name for i in first.context["initiatives"]] == [
        f"Tiltak {n:03d}" for n in range(INITIATIVES_PAGE_SIZE)
    ]
    assert [i.name for i in second.context["initiatives"]] == ["Tiltak 050", "Tiltak 051"]
    assert 'href="?page=2"' in first.text
    # and what needs attention counts the whole municipality, not the page shown
    for response in (first, second):
        assert response.context["open_input_count"] == INITIATIVES_PAGE_SIZE + 2
        assert response.context["overdue_event_count"] == INITIATIVES_PAGE_SIZE + 2


def test_recent_events_show_their_participants(client, staff_bodo, bodo, make_initiative):
    # given
    from participation.involvement.models import InvolvementEvent

    make_initiative(bodo, name="Bolig Nu", events=2, inputs=1)
    client.force_login(staff_bodo)
    # when
    response = client.get(bodo.get_absolute_url())
    # then each event's participants are the sum of its counts
    shown = {e.pk: e.participants for e in response.context["recent_events"]}
    expected = {
        e.pk: sum(c.count for c in e.participant_counts.all())
        for e in InvolvementEvent.objects.filter(initiative__municipality=bodo)
    }
    assert shown == expected
    assert all(n for n in shown.values())


def test_many_open_risk_flags_show_the_latest_and_link_to_all(
    client, staff_bodo, bodo, risk_flag_factory
):
    # given 12 open risk flags, raised on 12 different days, and a closed one
    from participation.front.queries import OPEN_RISKS_SHOWN

    today = datetime.date(2026, 6, 1)
    for n in range(OPEN_RISKS_SHOWN + 2):
        risk_flag_factory(
            municipality=bodo, note=f"Risk {n:02d}", raised_on=today - datetime.timedelta(days=n)
        )
    risk_flag_factory(municipality=bodo, note="Closed risk", raised_on=today, closed_on=today)
    client.force_login(staff_bodo)
    # when
    response = client.get(bodo.get_absolute_url())
    # then the latest ten open flags are shown, and a link leads to them all
    assert [r.note for r in response.context["open_risks"]] == [
        f"Risk {n:02d}" for n in range(OPEN_RISKS_SHOWN)
    ]
    assert "Risk 11" not in response.text
    assert "Closed risk" not in response.text
    assert "The latest 10 of 12 open risk flags are shown: see all risk flags" in response.text
    assert reverse("participation:riskflag-list", args=[bodo.number]) in response.text


def test_a_few_open_risk_flags_need_no_link_to_the_rest(
    client, staff_bodo, bodo, risk_flag_factory
):
    # given two open flags
    risk_flag_factory(municipality=bodo, note="Risk A")
    risk_flag_factory(municipality=bodo, note="Risk B")
    client.force_login(staff_bodo)
    # when
    response = client.get(bodo.get_absolute_url())
    # then both are shown and no "latest of" note
    assert {r.note for r in response.context["open_risks"]} == {"Risk A", "Risk B"}
    assert "open risk flags are shown" not in response.text
