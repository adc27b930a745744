"""History pages (Historikk) of an initiative and a municipality: who changed what, from what
to what, for whoever may see the record; 404 for everyone else."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from participation.accounts.audit import acting_as
from participation.involvement.models import Initiative
from participation.programme.models import RiskFlag

IN_SCOPE = ["admin_user", "adviser_nord", "staff_bodo", "viewer_bodo"]


def initiative_history(initiative: Initiative) -> str:
    return reverse("participation:initiative-history", args=[initiative.pk])


def municipality_history(number: str) -> str:
    return reverse("participation:municipality-history", args=[number])


def rows(html: str) -> list[str]:
    """The history table's body rows, as text with the tags and runs of spaces removed."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("</tr>") if row.strip()
    ]


@pytest.fixture
def worked_on(bolig_nu, staff_bodo, event_factory, input_factory, vocab):  # type: ignore[no-untyped-def]
    """Bolig Nu after the Bodø user's work on it: status, target group, an event, an input."""
    with acting_as(staff_bodo):
        bolig_nu.status = Initiative.Status.COMPLETED
        bolig_nu.staffing_fte = "1.50"
        bolig_nu.system_level = True
        bolig_nu.save()
        bolig_nu.target_groups.add(vocab["youth"])
        event = event_factory(
            initiative=bolig_nu, title="Dialogmøte i mai", date=datetime.date(2024, 5, 2)
        )
        input_factory(event=event, summary="Wish for safer entrances.")
    return bolig_nu


@pytest.mark.parametrize("role", IN_SCOPE)
def test_initiative_history_shows_who_changed_what_to_everyone_in_scope(
    client, request, log_in, role, worked_on
):  # type: ignore[no-untyped-def]
    # given a user who may see Bolig Nu
    log_in(client, request.getfixturevalue(role))
    # when they open its history
    response = client.get(initiative_history(worked_on))
    # then the changes are listed newest first, with who, what and from → to
    assert response.status_code == 200
    listed = rows(response.text)
    assert len(listed) == 5
    input_created, event_created, groups_changed, initiative_changed, initiative_created = listed
    assert "bodo-test Created Input: Wish for safer entrances." in input_created
    assert "Theme Trygghet (test)" in input_created
    assert "bodo-test Created Involvement event: Dialogmøte i mai (02.05.2024)" in event_created
    assert "Method Dialogkafé (test)" in event_created
    assert "Date 05/02/2024" in event_created or "Date 2024-05-02" in event_created
    assert "Primary target groups Added: Unge (test)" in groups_changed
    assert "bodo-test Changed Initiative: Bolig Nu" in initiative_changed
    assert "System level from No → to Yes" in initiative_changed
    assert "Status from Ongoing → to Completed" in initiative_changed
    assert "Staffing (full-time equivalents) from (empty) → to 1.50" in initiative_changed
    assert "System Created Initiative: Bolig Nu" in initiative_created


def test_history_pages_are_linked_from_the_record_pages(client, log_in, staff_bodo, bolig_nu):  # type: ignore[no-untyped-def]
    # given
    log_in(client, staff_bodo)
    # when
    initiative_page = client.get(bolig_nu.get_absolute_url()).text
    municipality_page = client.get(bolig_nu.municipality.get_absolute_url()).text
    # then
    assert f'href="{initiative_history(bolig_nu)}"' in initiative_page
    assert f'href="{municipality_history("1804")}"' in municipality_page


@pytest.mark.parametrize("who", ["staff_asker", "no_role_user"])
def test_outsiders_get_404_and_learn_nothing(client, request, log_in, who, worked_on):  # type: ignore[no-untyped-def]
    # given a user outside Bodø's scope
    log_in(client, request.getfixturevalue(who))
    # when they ask for Bodø's histories
    responses = [
        client.get(initiative_history(worked_on)),
        client.get(municipality_history("1804")),
    ]
    # then
    assert [r.status_code for r in responses] == [404, 404]
    assert all("Bolig Nu" not in r.text for r in responses)


def test_anonymous_visitors_are_sent_to_log_in(client, bolig_nu):  # type: ignore[no-untyped-def]
    response = client.get(initiative_history(bolig_nu))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_history_pages_answer_get_only(client, log_in, staff_bodo, bolig_nu):  # type: ignore[no-untyped-def]
    log_in(client, staff_bodo)
    assert client.post(initiative_history(bolig_nu)).status_code == 405


def test_municipality_history_covers_its_records_and_keeps_deleted_ones(
    client,
    log_in,
    viewer_bodo,
    staff_bodo,
    bodo,
    initiative_factory,
    event_factory,
    asker_initiative,
):  # type: ignore[no-untyped-def]
    # given changes to Bodø's own row, an initiative, an event, a programme record, and an
    # initiative that was deleted; and a change in Asker
    with acting_as(staff_bodo):
        bodo.population = 53_000
        bodo.save()
        foyer = initiative_factory(municipality=bodo, name="Foyer")
        event_factory(initiative=foyer, title="Åpen dag")
        RiskFlag.objects.create(
            municipality=bodo, kind=RiskFlag.Kind.LEADER_LEFT, raised_on=datetime.date(2024, 3, 1)
        )
        gone = initiative_factory(municipality=bodo, name="Midlertidig tiltak")
        gone.delete()
        asker_initiative.name = "Bolighjelpen (renamed)"
        asker_initiative.save()
    log_in(client, viewer_bodo)
    # when the Bodø viewer opens Bodø's history
    response = client.get(municipality_history("1804"))
    # then each of Bodø's changes is there, and nothing of Asker's
    assert response.status_code == 200
    listed = rows(response.text)
    assert [" ".join(row.split()[2:6]) for row in listed] == [
        "bodo-test Deleted Initiative: Midlertidig",
        "bodo-test Created Initiative: Midlertidig",
        "bodo-test Created Risk flag:",
        "bodo-test Created Involvement event:",
        "bodo-test Created Initiative: Foyer",
        "bodo-test Changed Municipality: Bodø",
    ]
    assert "Population from (empty) → to 53000" in listed[-1]
    assert "Asker" not in response.text.split("<tbody>", 1)[1]


def test_an_empty_history_says_so(client, log_in, staff_bodo, bodo):  # type: ignore[no-untyped-def]
    # given Bodø's row, loaded in bulk by the reference data, has no changes yet
    log_in(client, staff_bodo)
    # when
    response = client.get(municipality_history("1804"))
    # then
    assert response.status_code == 200
    assert "No changes have been recorded yet." in response.text


def test_history_is_paginated(client, log_in, staff_bodo, bolig_nu):  # type: ignore[no-untyped-def]
    # given 30 changes
    for n in range(30):
        bolig_nu.name = f"Bolig Nu {n}"
        bolig_nu.save()
    log_in(client, staff_bodo)
    # when
    first = client.get(initiative_history(bolig_nu))
    second = client.get(initiative_history(bolig_nu), {"page": 2})
    # then 25 on the first page, the rest (and the creation) on the second
    assert len(rows(first.text)) == 25
    assert len(rows(second.text)) == 6
    assert "31 changes · page 1 of 2" in " ".join(first.text.split())
    assert 'href="?page=2"' in first.text


def test_history_query_count_is_pinned_and_does_not_grow_with_the_entries(
    client, log_in, staff_bodo, bolig_nu, event_factory, input_factory, count_queries
):  # type: ignore[no-untyped-def]
    # given a few changes
    url = initiative_history(bolig_nu)
    event = event_factory(initiative=bolig_nu)
    input_factory(event=event)
    log_in(client, staff_bodo)
    client.get(url)  # warm the content-type cache, as a running server has
    few = count_queries(client, url)
    # when many more changes of every kind are recorded (all still on the first page)
    for n in range(6):
        bolig_nu.name = f"Bolig Nu {n}"
        bolig_nu.save()
        input_factory(
            event=event_factory(initiative=bolig_nu, title=f"Møte {n}"), summary=f"Input {n}"
        )
    many = count_queries(client, url)
    # then the page costs the same: session, user, the user's roles (one), the menu's task count,
    # the initiative, the count, the entries, and one query per kind of row the changes name
    # (event, theme, method, initiative, municipality)
    assert many == few == 12


def test_municipality_history_query_count_is_pinned(
    client,
    log_in,
    viewer_bodo,
    staff_bodo,
    bodo,
    bolig_nu,
    event_factory,
    input_factory,
    count_queries,
):  # type: ignore[no-untyped-def]
    # given a few changes in Bodø
    url = municipality_history("1804")
    with acting_as(staff_bodo):
        input_factory(event=event_factory(initiative=bolig_nu))
    log_in(client, viewer_bodo)
    client.get(url)  # warm the content-type cache
    few = count_queries(client, url)
    # when many more are recorded, across initiatives, events, input and programme records
    with acting_as(staff_bodo):
        for n in range(5):
            RiskFlag.objects.create(
                municipality=bodo,
                kind=RiskFlag.Kind.UNSPENT,
                raised_on=datetime.date(2024, 1, n + 1),
            )
            input_factory(
                event=event_factory(initiative=bolig_nu, title=f"Møte {n}"), summary=f"Input {n}"
            )
    many = count_queries(client, url)
    # then the page costs the same: session, user, the user's roles (one), the menu's task count,
    # the municipality, the count, the entries, and one query per kind of row the changes name
    # (event, theme, method, initiative, municipality)
    assert many == few == 12
