"""The initiative list at /tiltak/: scope, filters, search, sorting, pagination, empty states."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from participation.involvement.models import Initiative

URL = reverse("participation:initiative-list")
# Session, user, admin check, role grants, the scoped count and page, target groups, the five
# filter choice lists, the "New initiative" municipalities. Admins add the second-factor device.
LIST_QUERIES = 13
SECOND_FACTOR_QUERIES = 1


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The initiative names in the list's rows, in order."""
    return re.findall(r'<th scope="row">\s*<a href="/tiltak/\d+/">([^<]+)</a>', response.text)


def test_the_list_shows_only_initiatives_in_the_users_scope(
    client, staff_bodo, bodo, asker, initiative_factory
):
    # given
    initiative_factory(municipality=bodo, name="Bolig Nu")
    initiative_factory(municipality=asker, name="Bolighjelpen")
    client.force_login(staff_bodo)
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 200
    assert names(response) == ["Bolig Nu"]
    assert "Bolighjelpen" not in response.text
    # the municipality filter offers only municipalities in scope
    assert "Asker" not in response.text


def test_the_list_is_linked_in_the_menu_and_from_the_municipality_page(client, staff_bodo, bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(bodo.get_absolute_url())
    # then
    assert f'href="{URL}"' in response.text
    assert f'href="{URL}?municipality=1804"' in response.text
    create = reverse("participation:initiative-create", args=["1804"])
    assert f'href="{create}"' in response.text


def test_the_municipality_page_offers_no_new_initiative_to_a_viewer(client, viewer_bodo, bodo):
    # given
    client.force_login(viewer_bodo)
    # when
    response = client.get(bodo.get_absolute_url())
    # then
    assert reverse("participation:initiative-create", args=["1804"]) not in response.text


def test_filters_narrow_the_list(
    client, admin_user, log_in, bodo, asker, vocab, strategy_goals, initiative_factory
):
    # given
    initiative_factory(
        municipality=bodo,
        name="Alpha",
        status=Initiative.Status.PLANNED,
        target_groups=[vocab["youth"]],
        participation_forms=[vocab["user_form"]],
        individual_level=True,
        goals=[strategy_goals["goal"]],
    )
    initiative_factory(
        municipality=bodo,
        name="Beta",
        status=Initiative.Status.COMPLETED,
        participation_forms=[vocab["cocreation"]],
        system_level=True,
        priority_areas=[strategy_goals["area"]],
    )
    initiative_factory(municipality=asker, name="Gamma", collective_level=True)
    log_in(client, admin_user)
    cases = {
        "municipality=3203": ["Gamma"],
        "status=planned": ["Alpha"],
        f"target_group={vocab['youth'].pk}": ["Alpha"],
        f"participation_form={vocab['cocreation'].pk}": ["Beta"],
        "level=individual": ["Alpha"],
        "level=system": ["Beta"],
        "level=collective": ["Gamma"],
        f"goal={strategy_goals['goal'].pk}": ["Alpha"],
        f"priority_area={strategy_goals['area'].pk}": ["Beta"],
        "municipality=1804&status=completed": ["Beta"],
    }
    for query, expected in cases.items():
        # when
        response = client.get(f"{URL}?{query}")
        # then
        assert response.status_code == 200
        assert names(response) == expected, query
        assert "Show all" in response.text


def test_search_finds_name_aim_and_reference(client, staff_bodo, bodo, initiative_factory):
    # given
    nu = initiative_factory(municipality=bodo, name="Bolig Nu", aim="Egen bolig for unge.")
    initiative_factory(municipality=bodo, name="Foyer", aim="Bolig og oppfølging for 16 til 23 år.")
    client.force_login(staff_bodo)
    # when / then
    assert names(client.get(URL, {"q": "nu"})) == ["Bolig Nu"]
    assert names(client.get(URL, {"q": "oppfølging"})) == ["Foyer"]
    assert names(client.get(URL, {"q": nu.reference})) == ["Bolig Nu"]
    assert names(client.get(URL, {"q": "bolig unge"})) == ["Bolig Nu"]


def test_a_search_that_finds_nothing_says_so(client, staff_bodo, bodo, initiative_factory):
    # given
    initiative_factory(municipality=bodo, name="Bolig Nu")
    client.force_login(staff_bodo)
    # when
    response = client.get(URL, {"q": "no such thing"})
    # then
    assert "No initiative matches your search and filters" in response.text
    assert "No initiatives yet" not in response.text


def test_sorting_by_name_status_start_and_municipality(
    client, admin_user, log_in, bodo, asker, initiative_factory
):
    # given
    initiative_factory(
        municipality=bodo, name="B", status="completed", start_date=datetime.date(2019, 1, 1)
    )
    initiative_factory(
        municipality=asker, name="A", status="ongoing", start_date=datetime.date(2021, 1, 1)
    )
    initiative_factory(
        municipality=bodo, name="C", status="planned", start_date=datetime.date(2020, 1, 1)
    )
    log_in(client, admin_user)
    # when / then
    assert names(client.get(URL, {"sort": "name"})) == ["A", "B", "C"]
    assert names(client.get(URL, {"sort": "-name"})) == ["C", "B", "A"]
    # status in its lifecycle order: planned, ongoing, …, completed
    assert names(client.get(URL, {"sort": "status"})) == ["C", "A", "B"]
    assert names(client.get(URL, {"sort": "start"})) == ["B", "C", "A"]
    assert names(client.get(URL, {"sort": "-start"})) == ["A", "C", "B"]
    assert names(client.get(URL, {"sort": "municipality"})) == ["A", "B", "C"]
    # default: municipality, then name
    assert names(client.get(URL)) == ["A", "B", "C"]


def test_pagination_shows_25_a_page_and_keeps_the_filters(
    client, staff_bodo, bodo, initiative_factory
):
    # given
    for n in range(30):
        initiative_factory(municipality=bodo, name=f"Tiltak {n:02d}", status="ongoing")
    client.force_login(staff_bodo)
    # when
    first = client.get(URL, {"status": "ongoing", "sort": "name"})
    second = client.get(URL, {"status": "ongoing", "sort": "name", "page": 2})
    # then
    assert names(first) == [f"Tiltak {n:02d}" for n in range(25)]
    assert names(second) == [f"Tiltak {n:02d}" for n in range(25, 30)]
    assert "30 initiatives" in first.text
    assert "page 1 of 2" in first.text
    assert "?status=ongoing&amp;sort=name&amp;page=2" in first.text


def test_empty_state_offers_staff_a_new_initiative(client, staff_bodo):
    # given: no initiatives in Bodø
    client.force_login(staff_bodo)
    # when
    response = client.get(URL)
    # then
    assert "No initiatives yet" in response.text
    assert "Record your municipality's first initiative" in response.text
    create = reverse("participation:initiative-create", args=["1804"])
    assert response.text.count(f'href="{create}"') == 2  # heading button and empty state


@pytest.mark.parametrize("role", ["viewer_bodo", "adviser_nord", "no_role_user"])
def test_empty_state_for_readers_offers_no_button(db, client, request, role):
    # given
    client.force_login(request.getfixturevalue(role))
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 200
    assert "No initiatives yet" in response.text
    assert "Municipal staff record them" in response.text
    assert "New initiative" not in response.text


def test_an_unknown_filter_value_is_shown_as_an_error_not_a_crash(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(URL, {"status": "nonsense", "municipality": "3203"})
    # then
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


@pytest.mark.parametrize("role", ["admin_user", "staff_bodo", "adviser_nord"])
def test_list_query_count_is_pinned_and_does_not_grow_with_data(
    client,
    log_in,
    request,
    role,
    bodo,
    vocab,
    initiative_factory,
    django_assert_max_num_queries,
    count_queries,
):
    # given
    for _ in range(3):
        initiative_factory(municipality=bodo, target_groups=[vocab["homeless"], vocab["youth"]])
    log_in(client, request.getfixturevalue(role))
    limit = LIST_QUERIES + (SECOND_FACTOR_QUERIES if role == "admin_user" else 0)
    url = f"{URL}?status=ongoing&sort=-start&level="
    with django_assert_max_num_queries(limit):
        client.get(url)
    before = count_queries(client, url)
    # when the data doubles
    for _ in range(3):
        initiative_factory(municipality=bodo, target_groups=[vocab["homeless"], vocab["youth"]])
    # then
    with django_assert_max_num_queries(limit):
        client.get(url)
    assert count_queries(client, url) == before


@pytest.mark.parametrize("role", ["admin_user", "adviser_nord"])
@pytest.mark.parametrize("query", [{}, {"page": "2"}, {"sort": "-start"}, {"status": "ongoing"}])
def test_the_lists_total_is_the_number_of_initiatives_in_scope_on_the_demo_data(
    client, log_in, request, role, query, demo_data
):
    # given the demo data, and a user whose scope is the country or a region
    user = request.getfixturevalue(role)
    log_in(client, user)
    # when the list is shown unfiltered (its total then from the read model) or filtered
    response = client.get(URL, query)
    # then its total is the live count of what the user may see, and the page lists them
    live = Initiative.objects.visible_to(user)
    if "status" in query:
        live = live.filter(status=query["status"])
    page = response.context["page"]
    assert live.count() > 0
    assert page.paginator.count == live.count()
    assert response.context["filtered"] == ("status" in query)
